package io.taskflow4j.persistence;

import io.taskflow4j.state.FlowState;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * One run of a flow as recorded in a store: its state and meta data. Its atoms are {@link
 * AtomDetail}s whose {@code flowUuid} is this detail's {@code uuid}.
 *
 * <p>taskflow4j keeps its own data in {@code meta}: {@code "taskflow4j"} holds the flow file a CLI
 * run came from, so that a resume needs only the id. The reference keeps {@code "factory"} there.
 *
 * @param uuid its id
 * @param logBookUuid the logbook it belongs to
 * @param name the flow's name
 * @param state the flow's state
 * @param meta free-form JSON-like data
 * @param createdAt when it was first saved (UTC)
 * @param updatedAt when it was last saved (UTC)
 */
public record FlowDetail(
    String uuid,
    String logBookUuid,
    String name,
    FlowState state,
    Map<String, Object> meta,
    Instant createdAt,
    Instant updatedAt) {

  /**
   * Validates and copies the components.
   *
   * @param uuid its id
   * @param logBookUuid the logbook it belongs to
   * @param name the flow's name
   * @param state the flow's state
   * @param meta free-form JSON-like data
   * @param createdAt when it was first saved (UTC)
   * @param updatedAt when it was last saved (UTC)
   */
  public FlowDetail {
    Objects.requireNonNull(uuid, "uuid");
    Objects.requireNonNull(logBookUuid, "logBookUuid");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(state, "state");
    meta = JsonMaps.copy(meta, "meta of flow detail", uuid);
    Objects.requireNonNull(createdAt, "createdAt");
    Objects.requireNonNull(updatedAt, "updatedAt");
  }

  /**
   * This detail in another state, updated at the given time.
   *
   * @param next the state
   * @param now the time
   * @return the changed copy
   */
  public FlowDetail withState(FlowState next, Instant now) {
    return new FlowDetail(uuid, logBookUuid, name, next, meta, createdAt, now);
  }

  /**
   * This detail with other meta data, updated at the given time.
   *
   * @param next the meta data
   * @param now the time
   * @return the changed copy
   */
  public FlowDetail withMeta(Map<String, Object> next, Instant now) {
    return new FlowDetail(uuid, logBookUuid, name, state, next, createdAt, now);
  }
}
