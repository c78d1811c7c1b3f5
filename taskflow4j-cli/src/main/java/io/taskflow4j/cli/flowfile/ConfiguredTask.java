package io.taskflow4j.cli.flowfile;

import io.taskflow4j.task.ForwardingTask;
import io.taskflow4j.task.Task;
import io.taskflow4j.task.TaskSpec;

/**
 * A task instance given the spec its flow file asks for. A task's spec is fixed when it is
 * constructed, so renaming, rebinding or injecting from a file needs this wrapper; execute, revert
 * and the remote name are the wrapped task's. Thread-safety: as the wrapped task.
 */
final class ConfiguredTask extends ForwardingTask {

  private final TaskSpec spec;

  ConfiguredTask(TaskSpec spec, Task delegate) {
    super(delegate);
    this.spec = java.util.Objects.requireNonNull(spec, "spec");
  }

  @Override
  public TaskSpec spec() {
    return spec;
  }

  @Override
  public String toString() {
    return delegate().getClass().getSimpleName() + "[" + spec.name() + "]";
  }
}
