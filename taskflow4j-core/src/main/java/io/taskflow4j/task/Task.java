package io.taskflow4j.task;

import io.taskflow4j.FlowElement;

/**
 * A unit of work that can be undone: {@link #execute} does it and returns the result, {@link
 * #revert} undoes it when the flow fails.
 *
 * <p>Write a task as a class by extending {@link AbstractTask}, or with lambdas:
 *
 * <pre>{@code
 * Task add = Task.builder("add")
 *     .requires("a", "b")
 *     .provides("sum")
 *     .execute(ctx -> ctx.argument("a", Integer.class) + ctx.argument("b", Integer.class))
 *     .build();
 * }</pre>
 *
 * <p>Thread-safety: the engine may call a task from any of its threads, never concurrently for the
 * same task instance.
 */
public interface Task extends FlowElement {

  /**
   * The task's metadata.
   *
   * @return the spec
   */
  TaskSpec spec();

  /**
   * The task's name in its flow.
   *
   * @return {@code spec().name()}
   */
  @Override
  default String name() {
    return spec().name();
  }

  /**
   * The name workers serve this task under. By default the Java class name.
   *
   * @return the remote name, sent as {@code task_cls}
   */
  default String remoteName() {
    return getClass().getName();
  }

  /**
   * Does the work.
   *
   * @param context the arguments and a way to report progress
   * @return the result, stored under the names of {@link TaskSpec#provides()}; may be {@code null}
   * @throws Exception when the work fails; the flow then reverts
   */
  Object execute(TaskContext context) throws Exception;

  /**
   * Undoes the work. By default nothing.
   *
   * @param context the arguments, the outcome of execute and the flow's failures
   * @throws Exception when the revert itself fails; the atom ends in {@code REVERT_FAILURE}
   */
  default void revert(RevertContext context) throws Exception {}

  /**
   * Tells whether running this task's execute or revert a second time for the same request is
   * safe. A worker that dies leaves the requests it held to another worker, which cannot know
   * whether the dead one had started them: it runs them again only for a task that says yes here,
   * and answers the others with a failure, so that the flow reverts. By default no.
   *
   * @return true when a repeated run does no harm
   */
  default boolean idempotent() {
    return false;
  }

  /**
   * Starts a task written with lambdas.
   *
   * @param name the task's name
   * @return a builder
   */
  static LambdaTaskBuilder builder(String name) {
    return new LambdaTaskBuilder(name);
  }

  /**
   * Declares a task known only by the name workers serve it under. Such a task has no local code:
   * it can only run on a remote executor (for example a Python worker serving {@code
   * pkg.mod.Resize}).
   *
   * @param remoteName the name workers serve, sent as {@code task_cls}
   * @param spec its name in the flow, requires and provides
   * @return the task
   */
  static Task remote(String remoteName, TaskSpec spec) {
    return new RemoteOnlyTask(remoteName, spec);
  }

  /** The execute part of a lambda task. */
  @FunctionalInterface
  interface Execute {
    /**
     * Does the work.
     *
     * @param context the task's context
     * @return the result
     * @throws Exception on failure
     */
    Object apply(TaskContext context) throws Exception;
  }

  /** The revert part of a lambda task. */
  @FunctionalInterface
  interface Revert {
    /**
     * Undoes the work.
     *
     * @param context the revert context
     * @throws Exception on failure
     */
    void apply(RevertContext context) throws Exception;
  }
}
