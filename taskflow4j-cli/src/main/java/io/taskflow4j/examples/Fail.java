package io.taskflow4j.examples;

import io.taskflow4j.task.AbstractTask;
import io.taskflow4j.task.TaskContext;
import io.taskflow4j.task.TaskSpec;

/**
 * Always fails, so that a flow reverts. Requires {@code message}; throws a {@link RuntimeException}
 * with it. Thread-safety: stateless.
 */
public final class Fail extends AbstractTask {

  /** Creates the task named {@code fail}. */
  public Fail() {
    this("fail");
  }

  /**
   * Creates the task.
   *
   * @param name its name in the flow
   */
  public Fail(String name) {
    super(TaskSpec.builder(name).requires("message").build());
  }

  @Override
  public Object execute(TaskContext context) {
    throw new RuntimeException(String.valueOf(context.arguments().get("message")));
  }
}
