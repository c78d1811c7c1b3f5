package io.taskflow4j.worker;

import io.taskflow4j.task.Task;

/**
 * Creates the task a worker runs for one request. A worker calls it once per request, with the
 * request's {@code task_name} (the task's name in the engine's flow), so each request gets its own
 * task instance.
 *
 * <p>Implementations must be thread-safe: a worker calls them from several threads at once.
 */
@FunctionalInterface
public interface TaskFactory {

  /**
   * Creates a task.
   *
   * @param taskName the task's name in the requesting engine's flow
   * @return a new task, never {@code null}
   * @throws Exception when the task cannot be created; the worker answers the request with a
   *     FAILURE carrying it
   */
  Task create(String taskName) throws Exception;

  /**
   * A factory for a task class: it calls the class's constructor taking the task's name ({@code
   * String}) when there is one, else its constructor without arguments.
   *
   * @param type the task class
   * @return the factory
   * @throws IllegalArgumentException when the class is abstract, an inner (non-static) class, or
   *     has neither constructor
   */
  static TaskFactory forClass(Class<? extends Task> type) {
    return io.taskflow4j.worker.internal.ClassTaskFactory.of(type);
  }
}
