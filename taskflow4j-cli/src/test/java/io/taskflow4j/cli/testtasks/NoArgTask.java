package io.taskflow4j.cli.testtasks;

import io.taskflow4j.task.AbstractTask;
import io.taskflow4j.task.TaskContext;
import io.taskflow4j.task.TaskSpec;

/** Has only a no-argument constructor and names itself; provides {@code own} by default. */
public final class NoArgTask extends AbstractTask {

  public NoArgTask() {
    super(TaskSpec.builder("its-own-name").requires("x").provides("own").build());
  }

  @Override
  public Object execute(TaskContext context) {
    return "got " + context.arguments().get("x");
  }
}
