package io.taskflow4j.task;

import java.util.Objects;

/**
 * Builds a {@link Task} from lambdas; obtained from {@link Task#builder(String)}. Not thread-safe.
 */
public final class LambdaTaskBuilder {

  private final TaskSpec.Builder spec;
  private String remoteName;
  private Task.Execute execute;
  private Task.Revert revert = context -> {};
  private boolean idempotent;

  LambdaTaskBuilder(String name) {
    this.spec = TaskSpec.builder(name);
  }

  /**
   * Sets the version.
   *
   * @param version such as {@code 1.0}
   * @return this builder
   */
  public LambdaTaskBuilder version(String version) {
    spec.version(version);
    return this;
  }

  /**
   * Adds required argument names.
   *
   * @param names argument names
   * @return this builder
   */
  public LambdaTaskBuilder requires(String... names) {
    spec.requires(names);
    return this;
  }

  /**
   * Adds names the result is stored under.
   *
   * @param names result names
   * @return this builder
   */
  public LambdaTaskBuilder provides(String... names) {
    spec.provides(names);
    return this;
  }

  /**
   * Takes an argument's value from another name.
   *
   * @param argument the argument name
   * @param source the name its value is read from
   * @return this builder
   */
  public LambdaTaskBuilder rebind(String argument, String source) {
    spec.rebind(argument, source);
    return this;
  }

  /**
   * Gives an argument a fixed value; see {@link TaskSpec.Builder#inject}.
   *
   * @param argument the argument name, or the name an argument is rebound to
   * @param value the value
   * @return this builder
   */
  public LambdaTaskBuilder inject(String argument, Object value) {
    spec.inject(argument, value);
    return this;
  }

  /**
   * Adds arguments taken only when a value is available; see {@link TaskSpec.Builder#optional}.
   *
   * @param names optional argument names
   * @return this builder
   */
  public LambdaTaskBuilder optional(String... names) {
    spec.optional(names);
    return this;
  }

  /**
   * Gives the revert arguments of its own; see {@link TaskSpec.Builder#revertRequires}.
   *
   * @param names the revert's argument names
   * @return this builder
   */
  public LambdaTaskBuilder revertRequires(String... names) {
    spec.revertRequires(names);
    return this;
  }

  /**
   * Takes a revert argument from another name; see {@link TaskSpec.Builder#revertRebind}.
   *
   * @param argument the argument name the revert uses
   * @param source the name its value is read from
   * @return this builder
   */
  public LambdaTaskBuilder revertRebind(String argument, String source) {
    spec.revertRebind(argument, source);
    return this;
  }

  /**
   * Sets which of several atoms ready at once starts first; see {@link TaskSpec.Builder#priority}.
   *
   * @param value from {@link TaskSpec#MIN_PRIORITY} to {@link TaskSpec#MAX_PRIORITY}; default 0
   * @return this builder
   */
  public LambdaTaskBuilder priority(int value) {
    spec.priority(value);
    return this;
  }

  /**
   * Sets the name workers serve this task under (default: the task's name).
   *
   * @param name the remote name
   * @return this builder
   */
  public LambdaTaskBuilder remoteName(String name) {
    this.remoteName = TaskSpec.requireName(name, "remote name");
    return this;
  }

  /**
   * Sets what the task does.
   *
   * @param execute the work
   * @return this builder
   */
  public LambdaTaskBuilder execute(Task.Execute execute) {
    this.execute = Objects.requireNonNull(execute, "execute");
    return this;
  }

  /**
   * Sets how the task is undone (default: nothing).
   *
   * @param revert the undo
   * @return this builder
   */
  public LambdaTaskBuilder revert(Task.Revert revert) {
    this.revert = Objects.requireNonNull(revert, "revert");
    return this;
  }

  /**
   * Declares the task safe to run again (see {@link Task#idempotent()}); by default it is not.
   *
   * @return this builder
   */
  public LambdaTaskBuilder idempotent() {
    this.idempotent = true;
    return this;
  }

  /**
   * Validates and builds the task.
   *
   * @return the task
   * @throws IllegalStateException when no execute was given
   * @throws IllegalArgumentException when a name is invalid
   */
  public Task build() {
    TaskSpec built = spec.build();
    if (execute == null) {
      throw new IllegalStateException("task '" + built.name() + "' has no execute");
    }
    String remote = remoteName == null ? built.name() : remoteName;
    return new LambdaTask(built, remote, execute, revert, idempotent);
  }

  private record LambdaTask(
      TaskSpec spec, String remoteName, Task.Execute execute, Task.Revert undo, boolean idempotent)
      implements Task {

    @Override
    public Object execute(TaskContext context) throws Exception {
      return execute.apply(context);
    }

    @Override
    public void revert(RevertContext context) throws Exception {
      undo.apply(context);
    }

    @Override
    public String toString() {
      return "Task[" + spec.name() + "]";
    }
  }

}
