package io.taskflow4j.cli.worker;

import io.taskflow4j.task.Task;
import io.taskflow4j.task.TaskFactory;
import java.util.Objects;
import java.util.Optional;

/**
 * A task class a worker can serve: one that {@link TaskFactory#forClass} accepts. It is served under its class name ({@link Class#getName()}), the default
 * {@link Task#remoteName()} of its instances, so flow files and engines name it that way, unless it
 * is given another name ({@link #servedAs}), such as the {@code module.Class} name a Python engine
 * sends for it.
 *
 * <p>Thread-safety: immutable.
 */
public final class TaskClass {

  private final Class<? extends Task> type;
  private final TaskFactory factory;
  private final String servedName;

  private TaskClass(Class<? extends Task> type, String servedName) {
    this.type = type;
    this.factory = TaskFactory.forClass(type);
    this.servedName = servedName;
  }

  /**
   * Checks a class.
   *
   * @param type the class
   * @return the task class, or why it cannot be served
   */
  public static Result check(Class<?> type) {
    Objects.requireNonNull(type, "type");
    Optional<String> unusable = TaskFactory.whyUnusable(type);
    if (unusable.isPresent()) {
      return new Result.Unusable(unusable.get());
    }
    return new Result.Usable(new TaskClass(type.asSubclass(Task.class), type.getName()));
  }

  /**
   * The class.
   *
   * @return the class
   */
  public Class<? extends Task> type() {
    return type;
  }

  /**
   * The name the class is served under.
   *
   * @return its binary class name, such as {@code io.taskflow4j.examples.Add}, unless it was given
   *     another
   */
  public String servedName() {
    return servedName;
  }

  /**
   * The same class served under another name.
   *
   * @param name the name requests carry as {@code task_cls}, such as {@code flowtasks.Add}
   * @return the renamed task class
   * @throws IllegalArgumentException when the name is blank
   */
  public TaskClass servedAs(String name) {
    if (name.isBlank()) {
      throw new IllegalArgumentException("a served name must not be blank");
    }
    return new TaskClass(type, name);
  }

  /**
   * Creates a task for one request.
   *
   * @param taskName the task's name in the engine's flow
   * @return a new instance
   * @throws Exception what the constructor threw
   */
  public Task create(String taskName) throws Exception {
    return factory.create(taskName);
  }

  @Override
  public String toString() {
    return servedName();
  }

  /** What {@link #check} found. Immutable. */
  public sealed interface Result permits Result.Usable, Result.Unusable {

    /**
     * A class that can be served.
     *
     * @param taskClass the task class
     */
    record Usable(TaskClass taskClass) implements Result {}

    /**
     * A class that cannot be served.
     *
     * @param reason why, naming the class
     */
    record Unusable(String reason) implements Result {}
  }
}
