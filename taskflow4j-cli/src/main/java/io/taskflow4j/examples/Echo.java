package io.taskflow4j.examples;

import io.taskflow4j.task.AbstractTask;
import io.taskflow4j.task.TaskContext;
import io.taskflow4j.task.TaskSpec;

/**
 * Returns its argument unchanged. Requires {@code message} (any JSON value); returns it.
 * Thread-safety: stateless.
 */
public final class Echo extends AbstractTask {

  /** Creates the task named {@code echo}. */
  public Echo() {
    this("echo");
  }

  /**
   * Creates the task.
   *
   * @param name its name in the flow
   */
  public Echo(String name) {
    super(TaskSpec.builder(name).requires("message").build());
  }

  @Override
  public Object execute(TaskContext context) {
    return context.arguments().get("message");
  }
}
