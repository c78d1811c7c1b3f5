package io.taskflow4j.remote;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A worker the remote executor knows of, from its last answer to a NOTIFY.
 *
 * <p>Thread-safety: immutable.
 *
 * @param topic the worker's topic, where its requests go
 * @param tasks the names it serves tasks under
 * @param lastSeen when its last answer arrived, by the executor's clock
 */
public record KnownWorker(String topic, List<String> tasks, Instant lastSeen) {

  /**
   * Checks and copies the components.
   *
   * @param topic the worker's topic, where its requests go
   * @param tasks the names it serves tasks under
   * @param lastSeen when its last answer arrived, by the executor's clock
   */
  public KnownWorker {
    Objects.requireNonNull(topic, "topic");
    tasks = List.copyOf(tasks);
    Objects.requireNonNull(lastSeen, "lastSeen");
  }
}
