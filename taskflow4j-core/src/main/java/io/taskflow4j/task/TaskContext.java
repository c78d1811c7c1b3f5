package io.taskflow4j.task;

import java.util.Map;

/**
 * What a running task sees: its arguments and a way to report progress and other events. The
 * engine (or the worker, when the task runs remotely) relays events to listeners.
 *
 * <p>Thread-safety: a task may report from any thread.
 */
public interface TaskContext {

  /** The event type used for progress, as on the wire. */
  String PROGRESS_EVENT = "update_progress";

  /**
   * The task's name in its flow.
   *
   * @return the name
   */
  String taskName();

  /**
   * The task's arguments.
   *
   * @return the arguments
   */
  Arguments arguments();

  /**
   * Shortcut for {@code arguments().get(name, type)}.
   *
   * @param name the argument name
   * @param type the expected type
   * @param <T> the expected type
   * @return the value
   */
  default <T> T argument(String name, Class<T> type) {
    return arguments().get(name, type);
  }

  /**
   * Reports progress between 0.0 and 1.0. Values outside are clamped, with a warning logged.
   *
   * @param progress the fraction done
   */
  void reportProgress(double progress);

  /**
   * Emits a named event with details (JSON-like values if the task runs remotely).
   *
   * @param eventType the event's name
   * @param details its details
   */
  void emit(String eventType, Map<String, Object> details);
}
