package com.example.guide;

import io.taskflow4j.task.AbstractTask;
import io.taskflow4j.task.Outcome;
import io.taskflow4j.task.RevertContext;
import io.taskflow4j.task.TaskContext;
import io.taskflow4j.task.TaskSpec;

/** The guide's task written as a class ("Writing tasks in Java"). */
public final class ReserveRoom extends AbstractTask {
  private final Hotel hotel = Hotel.SHARED;

  /**
   * Creates the task.
   *
   * @param name the task's name in its flow
   */
  public ReserveRoom(String name) {
    super(TaskSpec.builder(name).requires("guest").provides("room").build());
  }

  @Override
  public Object execute(TaskContext ctx) throws Exception {
    ctx.reportProgress(0.5);
    return hotel.reserve(ctx.argument("guest", String.class));
  }

  @Override
  public void revert(RevertContext ctx) throws Exception {
    if (ctx.outcome() instanceof Outcome.Succeeded done) {
      hotel.cancel((String) done.value());
    }
  }
}
