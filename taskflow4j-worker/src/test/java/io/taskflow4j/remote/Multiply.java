package io.taskflow4j.remote;

import io.taskflow4j.task.AbstractTask;
import io.taskflow4j.task.TaskContext;
import io.taskflow4j.task.TaskSpec;

/**
 * Multiplies {@code sum} by {@code c}: a task class that both the engine (as a flow element) and a
 * worker (served by class) know, as in a Java-only deployment.
 */
public final class Multiply extends AbstractTask {

  /**
   * Creates the task.
   *
   * @param name its name in the flow
   */
  public Multiply(String name) {
    super(TaskSpec.builder(name).requires("sum", "c").provides("product").build());
  }

  @Override
  public Object execute(TaskContext context) {
    return context.argument("sum", Long.class) * context.argument("c", Long.class);
  }
}
