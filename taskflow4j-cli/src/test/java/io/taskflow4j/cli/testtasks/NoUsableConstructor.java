package io.taskflow4j.cli.testtasks;

import io.taskflow4j.task.AbstractTask;
import io.taskflow4j.task.TaskContext;
import io.taskflow4j.task.TaskSpec;

/** Can only be built with an int, which flow files cannot give. */
public final class NoUsableConstructor extends AbstractTask {

  public NoUsableConstructor(int size) {
    super(TaskSpec.builder("size-" + size).build());
  }

  @Override
  public Object execute(TaskContext context) {
    return null;
  }
}
