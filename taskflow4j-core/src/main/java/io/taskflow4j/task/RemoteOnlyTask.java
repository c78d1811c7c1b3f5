package io.taskflow4j.task;

import io.taskflow4j.TaskflowException;

/** A task with no local code, run only by remote workers. Immutable. */
record RemoteOnlyTask(String remoteName, TaskSpec spec) implements Task {

  RemoteOnlyTask {
    TaskSpec.requireName(remoteName, "remote name");
    java.util.Objects.requireNonNull(spec, "spec");
  }

  @Override
  public Object execute(TaskContext context) {
    throw new TaskflowException(
        "task '"
            + spec.name()
            + "' is served only by remote workers as '"
            + remoteName
            + "'; run it with a remote executor");
  }

  @Override
  public void revert(RevertContext context) {
    throw new TaskflowException(
        "task '" + spec.name() + "' can only be reverted by remote workers as '" + remoteName + "'");
  }
}
