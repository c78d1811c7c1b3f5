package io.taskflow4j.cli.flowfile;

import io.taskflow4j.task.RevertContext;
import io.taskflow4j.task.Task;
import io.taskflow4j.task.TaskContext;
import io.taskflow4j.task.TaskSpec;

/**
 * A task instance given the spec its flow file asks for. A task's spec is fixed when it is
 * constructed, so renaming, rebinding or injecting from a file needs this wrapper; execute, revert
 * and the remote name are the wrapped task's. Thread-safety: as the wrapped task.
 */
record ConfiguredTask(TaskSpec spec, Task delegate) implements Task {

  @Override
  public String remoteName() {
    return delegate.remoteName();
  }

  @Override
  public Object execute(TaskContext context) throws Exception {
    return delegate.execute(context);
  }

  @Override
  public void revert(RevertContext context) throws Exception {
    delegate.revert(context);
  }

  @Override
  public String toString() {
    return delegate.getClass().getSimpleName() + "[" + spec.name() + "]";
  }
}
