package com.example.guide;

import io.taskflow4j.task.Outcome;
import io.taskflow4j.task.Task;

/** The guide's task built from lambdas ("Writing tasks in Java"). */
public final class Reservations {

  private Reservations() {}

  /**
   * The task that reserves a room for an order and releases it when reverted.
   *
   * @return the task
   */
  public static Task reserveTask() {
    Task reserve = Task.builder("reserve")
        .requires("order")
        .provides("reservation")
        .execute(ctx -> "R-" + ctx.argument("order", String.class))
        .revert(ctx -> releaseReservation(ctx.outcome()))
        .build();
    return reserve;
  }

  static void releaseReservation(Outcome outcome) {
    if (outcome instanceof Outcome.Succeeded done) {
      Hotel.SHARED.cancel((String) done.value());
    }
  }
}
