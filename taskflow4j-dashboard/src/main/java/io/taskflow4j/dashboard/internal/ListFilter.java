package io.taskflow4j.dashboard.internal;

import io.taskflow4j.persistence.FlowQuery;
import io.taskflow4j.state.FlowState;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The flow list's filter, read from a request's query parameters: {@code state} (repeatable),
 * {@code name}, {@code before}, {@code after}. Immutable.
 *
 * @param states the states wanted; empty for all
 * @param name a substring of the name
 * @param before only flows updated before this instant: the paging cursor
 * @param after only flows updated after this instant
 */
record ListFilter(Set<FlowState> states, Optional<String> name, Optional<Instant> before, Optional<Instant> after) {

  /** The longest name filter accepted. */
  static final int MAX_NAME = 200;

  ListFilter {
    states = states.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(states));
  }

  /**
   * Reads the filter from query parameters.
   *
   * @throws BadRequestException naming the parameter and value that are wrong
   */
  static ListFilter parse(Map<String, List<String>> query) {
    for (String key : query.keySet()) {
      if (!List.of("state", "name", "before", "after").contains(key)) {
        throw new BadRequestException("unknown filter '" + key + "': the flow list takes state, name, before and after");
      }
    }
    Set<FlowState> states = EnumSet.noneOf(FlowState.class);
    for (String value : query.getOrDefault("state", List.of())) {
      try {
        states.add(FlowState.valueOf(value.strip().toUpperCase(Locale.ROOT)));
      } catch (IllegalArgumentException e) {
        throw new BadRequestException("unknown state '" + value + "' in filter 'state': expected one of "
            + Arrays.stream(FlowState.values()).map(Enum::name).collect(Collectors.joining(", ")));
      }
    }
    Optional<String> name = single(query, "name").filter(text -> !text.isBlank()).map(String::strip);
    if (name.isPresent() && name.get().length() > MAX_NAME) {
      throw new BadRequestException("filter 'name' is longer than " + MAX_NAME + " characters");
    }
    return new ListFilter(states, name, instant(query, "before"), instant(query, "after"));
  }

  private static Optional<String> single(Map<String, List<String>> query, String key) {
    List<String> values = query.getOrDefault(key, List.of());
    if (values.size() > 1) {
      throw new BadRequestException("filter '" + key + "' is given " + values.size() + " times; give it once");
    }
    return values.stream().findFirst();
  }

  private static Optional<Instant> instant(Map<String, List<String>> query, String key) {
    Optional<String> text = single(query, key).filter(value -> !value.isBlank()).map(String::strip);
    if (text.isEmpty()) {
      return Optional.empty();
    }
    try {
      return Optional.of(Instant.parse(text.get()));
    } catch (DateTimeParseException notAnInstant) {
      try {
        // What an HTML datetime-local field sends: read as UTC, the zone the pages show.
        return Optional.of(LocalDateTime.parse(text.get()).toInstant(ZoneOffset.UTC));
      } catch (DateTimeParseException e) {
        throw new BadRequestException("filter '" + key + "' is not a time: '" + text.get()
            + "'; give an ISO-8601 instant such as 2026-12-01T08:00:00Z");
      }
    }
  }

  /** The store query for one page, with one more flow than shown to tell whether there are more. */
  FlowQuery toQuery(int pageSize) {
    FlowQuery query = FlowQuery.all().withStates(states).withLimit(pageSize + 1);
    if (name.isPresent()) {
      query = query.withNameContaining(name.get());
    }
    if (before.isPresent()) {
      query = query.withUpdatedBefore(before.get());
    }
    if (after.isPresent()) {
      query = query.withUpdatedAfter(after.get());
    }
    return query;
  }

  /** This filter paging on to flows updated before an instant. */
  ListFilter withBefore(Instant instant) {
    return new ListFilter(states, name, Optional.of(instant), after);
  }

  /** The filter as a query string, escaped. */
  String query() {
    List<String> parts = new ArrayList<>();
    states.stream().sorted().forEach(state -> parts.add("state=" + state));
    name.ifPresent(text -> parts.add("name=" + Html.url(text)));
    before.ifPresent(instant -> parts.add("before=" + Html.url(instant.toString())));
    after.ifPresent(instant -> parts.add("after=" + Html.url(instant.toString())));
    return String.join("&amp;", parts);
  }
}
