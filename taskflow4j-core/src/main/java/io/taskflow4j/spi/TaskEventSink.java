package io.taskflow4j.spi;

import java.util.Map;

/**
 * Receives the events a task emits while it runs, such as progress ({@code update_progress} with
 * {@code {"progress": 0.5}}). Implementations must be thread-safe.
 */
@FunctionalInterface
public interface TaskEventSink {

  /** A sink that drops every event. */
  TaskEventSink NONE = (eventType, details) -> {};

  /**
   * Called for each event.
   *
   * @param eventType the event's name
   * @param details its details
   */
  void onEvent(String eventType, Map<String, Object> details);
}
