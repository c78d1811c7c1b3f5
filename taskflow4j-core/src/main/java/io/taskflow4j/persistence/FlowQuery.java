package io.taskflow4j.persistence;

import io.taskflow4j.state.FlowState;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Which flow details {@link FlowStore#flows(FlowQuery)} lists: every condition given must hold.
 * Results come newest-updated first.
 *
 * @param states the states to include; empty means all
 * @param nameContains a substring of the flow's name
 * @param updatedBefore only flows last updated before this instant
 * @param updatedAfter only flows last updated after this instant
 * @param limit at most this many, at least 1
 */
public record FlowQuery(
    Set<FlowState> states,
    Optional<String> nameContains,
    Optional<Instant> updatedBefore,
    Optional<Instant> updatedAfter,
    int limit) {

  /** The default limit. */
  public static final int DEFAULT_LIMIT = 1000;

  /**
   * Validates and copies the components.
   *
   * @param states the states to include; empty means all
   * @param nameContains a substring of the flow's name
   * @param updatedBefore only flows last updated before this instant
   * @param updatedAfter only flows last updated after this instant
   * @param limit at most this many, at least 1
   */
  public FlowQuery {
    states = Set.copyOf(states);
    Objects.requireNonNull(nameContains, "nameContains");
    Objects.requireNonNull(updatedBefore, "updatedBefore");
    Objects.requireNonNull(updatedAfter, "updatedAfter");
    if (limit < 1) {
      throw new IllegalArgumentException("limit must be at least 1, got " + limit);
    }
  }

  /**
   * Every flow, up to the default limit.
   *
   * @return the query
   */
  public static FlowQuery all() {
    return new FlowQuery(Set.of(), Optional.empty(), Optional.empty(), Optional.empty(), DEFAULT_LIMIT);
  }

  /**
   * This query restricted to some states.
   *
   * @param wanted the states
   * @return the new query
   */
  public FlowQuery withStates(Set<FlowState> wanted) {
    return new FlowQuery(wanted, nameContains, updatedBefore, updatedAfter, limit);
  }

  /**
   * This query restricted to names containing a text.
   *
   * @param text the substring
   * @return the new query
   */
  public FlowQuery withNameContaining(String text) {
    return new FlowQuery(states, Optional.of(text), updatedBefore, updatedAfter, limit);
  }

  /**
   * This query restricted to flows last updated before an instant.
   *
   * @param instant the bound
   * @return the new query
   */
  public FlowQuery withUpdatedBefore(Instant instant) {
    return new FlowQuery(states, nameContains, Optional.of(instant), updatedAfter, limit);
  }

  /**
   * This query restricted to flows last updated after an instant.
   *
   * @param instant the bound
   * @return the new query
   */
  public FlowQuery withUpdatedAfter(Instant instant) {
    return new FlowQuery(states, nameContains, updatedBefore, Optional.of(instant), limit);
  }

  /**
   * This query with another limit.
   *
   * @param max at least 1
   * @return the new query
   */
  public FlowQuery withLimit(int max) {
    return new FlowQuery(states, nameContains, updatedBefore, updatedAfter, max);
  }

  /**
   * Tells whether a flow detail matches, for stores that filter in memory.
   *
   * @param flow the flow detail
   * @return true when every condition holds
   */
  public boolean matches(FlowDetail flow) {
    return (states.isEmpty() || states.contains(flow.state()))
        && nameContains.map(text -> flow.name().contains(text)).orElse(true)
        && updatedBefore.map(flow.updatedAt()::isBefore).orElse(true)
        && updatedAfter.map(flow.updatedAt()::isAfter).orElse(true);
  }
}
