package com.example.guide;

import io.taskflow4j.task.AbstractTask;
import io.taskflow4j.task.TaskContext;
import io.taskflow4j.task.TaskSpec;

/** A task served by its class name, for the workers example. */
public final class ChargeCard extends AbstractTask {

  /**
   * Creates the task.
   *
   * @param name the task's name in its flow
   */
  public ChargeCard(String name) {
    super(TaskSpec.builder(name).requires("order").provides("payment").build());
  }

  @Override
  public Object execute(TaskContext ctx) {
    return "payment for " + ctx.argument("order", String.class);
  }
}
