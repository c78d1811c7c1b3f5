package io.taskflow4j.task;

import io.taskflow4j.task.internal.ClassTaskFactory;
import java.util.Optional;

/**
 * Creates a new task instance for one use: a worker calls it once per request, and the command line
 * once per task written in a flow file, each time with the task's name in its flow.
 *
 * <p>{@link #forClass} is the one rule by which taskflow4j instantiates task classes, wherever they
 * come from: a {@code public}, concrete, top-level or {@code static} nested class implementing
 * {@link Task}, with a public constructor taking the task's name ({@code String}), which is
 * preferred, or a public constructor without arguments.
 *
 * <p>Implementations must be thread-safe: a worker calls them from several threads at once.
 */
@FunctionalInterface
public interface TaskFactory {

  /**
   * Creates a task.
   *
   * @param taskName the task's name in its flow
   * @return a new task, never {@code null}
   * @throws Exception when the task cannot be created; a worker answers the request with a FAILURE
   *     carrying it
   */
  Task create(String taskName) throws Exception;

  /**
   * A factory for a task class, by the rule above. The constructor is looked up once.
   *
   * @param type the task class
   * @return the factory
   * @throws IllegalArgumentException when the class does not follow the rule; the message names the
   *     class and says why
   */
  static TaskFactory forClass(Class<? extends Task> type) {
    return ClassTaskFactory.of(type);
  }

  /**
   * Tells why a class cannot be instantiated by {@link #forClass}, without instantiating it.
   *
   * @param type any class
   * @return the reason, naming the class, or empty when {@link #forClass} accepts it
   */
  static Optional<String> whyUnusable(Class<?> type) {
    return ClassTaskFactory.whyUnusable(type);
  }
}
