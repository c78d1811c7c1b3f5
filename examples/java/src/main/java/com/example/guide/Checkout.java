package com.example.guide;

import io.taskflow4j.engine.Engine;
import io.taskflow4j.flow.Flow;
import io.taskflow4j.task.Task;

/** The README's example: two tasks in a linear flow, run by an engine. */
public final class Checkout {

  private Checkout() {}

  /**
   * Runs the checkout flow for order 42.
   *
   * @return the receipt
   */
  public static Object run() {
    Task reserve = Task.builder("reserve")
        .requires("order")
        .provides("reservation")
        .execute(ctx -> "R-" + ctx.argument("order", String.class))
        .revert(ctx -> System.out.println("releasing " + ctx.outcome()))
        .build();
    Task charge = Task.builder("charge")
        .requires("order", "reservation")
        .provides("receipt")
        .execute(ctx -> "paid " + ctx.argument("reservation", String.class))
        .build();

    try (Engine engine = Engine.builder(Flow.linear("checkout").add(reserve, charge))
        .input("order", "42")
        .build()) {
      engine.run();                                   // throws FlowFailedException after reverting
      System.out.println(engine.result("receipt").orElseThrow());   // paid R-42
      return engine.result("receipt").orElseThrow();
    }
  }

  /**
   * Runs it from the command line.
   *
   * @param args none
   */
  public static void main(String[] args) {
    run();
  }
}
