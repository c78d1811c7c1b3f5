package io.taskflow4j.cli.testtasks;

import io.taskflow4j.task.AbstractTask;
import io.taskflow4j.task.TaskContext;
import io.taskflow4j.task.TaskSpec;

/** Its constructor fails. */
public final class ThrowingConstructor extends AbstractTask {

  public ThrowingConstructor(String name) {
    super(TaskSpec.builder(name).build());
    throw new IllegalStateException("no database configured for " + name);
  }

  @Override
  public Object execute(TaskContext context) {
    return null;
  }
}
