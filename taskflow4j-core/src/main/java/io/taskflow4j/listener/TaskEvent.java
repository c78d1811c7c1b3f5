package io.taskflow4j.listener;

import io.taskflow4j.task.TaskContext;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * An event a task emitted while running, such as progress.
 *
 * @param taskName the task's name
 * @param eventType the event's name; {@value TaskContext#PROGRESS_EVENT} for progress
 * @param details its details
 * @param at when the engine received it, by its clock
 */
public record TaskEvent(String taskName, String eventType, Map<String, Object> details, Instant at) {

  /**
   * The progress this event reports, for progress events.
   *
   * @return a value in 0.0..1.0, or empty for other events
   */
  public Optional<Double> progress() {
    if (!TaskContext.PROGRESS_EVENT.equals(eventType)) {
      return Optional.empty();
    }
    Object value = details.get("progress");
    return value instanceof Number number
        ? Optional.of(number.doubleValue())
        : Optional.empty();
  }
}
