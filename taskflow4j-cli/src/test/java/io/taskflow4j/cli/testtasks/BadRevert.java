package io.taskflow4j.cli.testtasks;

import io.taskflow4j.task.AbstractTask;
import io.taskflow4j.task.RevertContext;
import io.taskflow4j.task.TaskContext;
import io.taskflow4j.task.TaskSpec;

/** Succeeds, but its revert fails. */
public final class BadRevert extends AbstractTask {

  public BadRevert(String name) {
    super(TaskSpec.builder(name).build());
  }

  @Override
  public Object execute(TaskContext context) {
    return "done";
  }

  @Override
  public void revert(RevertContext context) {
    throw new IllegalStateException("cannot undo " + context.taskName());
  }
}
