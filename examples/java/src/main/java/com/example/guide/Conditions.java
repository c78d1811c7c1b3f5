package com.example.guide;

import io.taskflow4j.engine.Engine;
import io.taskflow4j.engine.RunStatistics;
import io.taskflow4j.flow.DeciderDepth;
import io.taskflow4j.flow.Flow;
import io.taskflow4j.flow.GraphFlow;
import io.taskflow4j.state.AtomState;
import io.taskflow4j.task.Task;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** The guide's conditional flows, priorities, revert arguments and engine options. */
public final class Conditions {

  /** What the tasks did, for the tests. */
  static final List<String> DONE = new CopyOnWriteArrayList<>();

  private Conditions() {}

  private static Task step(String name, String provides, String... requires) {
    return Task.builder(name).requires(requires).provides(provides).execute(ctx -> {
      DONE.add(name);
      return name + " done";
    }).build();
  }

  /**
   * A payment that is charged only when the fraud check scores it low, and reviewed otherwise.
   *
   * @return the flow; it needs the input {@code order}
   */
  public static GraphFlow payment() {
    Task score = Task.builder("score").requires("order").provides("risk")
        .execute(ctx -> ctx.argument("order", String.class).startsWith("big") ? 90 : 10).build();
    Task charge = step("charge", "receipt", "order");
    Task notify = step("notify", "notified", "receipt");
    Task review = step("review", "ticket", "order");

    GraphFlow flow = Flow.graph("payment").add(score, charge, notify, review);
    flow.link(score, charge, history -> ((Number) history.result("score").orElseThrow()).intValue() < 50);
    flow.link(score, review, history -> ((Number) history.result("score").orElseThrow()).intValue() >= 50,
        DeciderDepth.ATOM);
    return flow;
  }

  /**
   * Three independent uploads, the largest first.
   *
   * @return the flow
   */
  public static Flow uploads() {
    Flow flow = Flow.unordered("uploads").add(
        Task.builder("upload-small").priority(1).execute(ctx -> DONE.add("upload-small")).build(),
        Task.builder("upload-large").priority(10).execute(ctx -> DONE.add("upload-large")).build(),
        Task.builder("upload-medium").priority(5).execute(ctx -> DONE.add("upload-medium")).build());
    return flow;
  }

  /**
   * A booking whose revert needs the booking reference, which its execute does not.
   *
   * @return the flow; it needs the inputs {@code room} and {@code booking_ref}
   */
  public static Flow booking() {
    Task book = Task.builder("book").requires("room")
        .revertRequires("booking_ref")            // the revert's own arguments
        .execute(ctx -> "booked " + ctx.argument("room", String.class))
        .revert(ctx -> DONE.add("cancelled " + ctx.argument("booking_ref", String.class)))
        .build();
    Task fail = Task.builder("pay").execute(ctx -> {
      throw new IllegalStateException("card declined");
    }).build();
    return Flow.linear("booking").add(book, fail);
  }

  /**
   * Runs a flow twice on one engine, resetting it between the runs, and reads its statistics.
   *
   * @param flow the flow
   * @return the statistics of the second run
   */
  public static RunStatistics runTwice(Flow flow) {
    try (Engine engine = Engine.builder(flow).build()) {
      engine.run();
      engine.reset();                            // every atom PENDING again, results forgotten
      engine.run();
      RunStatistics stats = engine.statistics();
      int succeeded = stats.atomsIn(AtomState.SUCCESS);
      DONE.add(succeeded + " succeeded in " + stats.runTime().toMillis() + " ms");
      return stats;
    }
  }
}
