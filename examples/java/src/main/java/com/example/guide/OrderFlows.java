package com.example.guide;

import io.taskflow4j.flow.Flow;
import io.taskflow4j.flow.GraphFlow;
import io.taskflow4j.task.Task;

/** The guide's flows ("Composing flows in Java"). */
public final class OrderFlows {

  private OrderFlows() {}

  static Task step(String name, String provides, String... requires) {
    return Task.builder(name).requires(requires).provides(provides).execute(ctx -> name + " done").build();
  }

  /**
   * An order: validate, then reserve stock and payment in parallel, then ship.
   *
   * @return the flow
   */
  public static Flow order() {
    Task validate = step("validate", "valid", "order");
    Task reserveStock = step("reserve-stock", "stock", "valid");
    Task reservePayment = step("reserve-payment", "payment", "valid");
    Task ship = step("ship", "receipt", "stock", "payment");

    Flow flow = Flow.linear("order")
        .add(validate)
        .add(Flow.unordered("reserve").add(reserveStock, reservePayment))
        .add(ship);
    return flow;
  }

  /**
   * A build: fetch, compile, test and publish, ordered by what they need plus one link.
   *
   * @return the flow
   */
  public static GraphFlow build() {
    Task fetch = step("fetch", "sources");
    Task compile = step("compile", "classes", "sources");
    Task test = step("test", "report", "classes");
    Task publish = step("publish", "artifact", "classes");

    GraphFlow graph = Flow.graph("build").add(fetch, compile, test, publish);
    graph.link(test, publish);   // publish also waits for test, though it needs nothing from it
    return graph;
  }
}
