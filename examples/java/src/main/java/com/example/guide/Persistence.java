package com.example.guide;

import io.taskflow4j.engine.Engine;
import io.taskflow4j.flow.Flow;
import io.taskflow4j.persistence.FlowStore;
import io.taskflow4j.state.FlowState;
import io.taskflow4j.store.jdbc.FlowStores;   // module taskflow4j-store-jdbc
import io.taskflow4j.task.Task;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/** The guide's recorded run and its resume ("Persistence and resume"). */
public final class Persistence {

  private Persistence() {}

  /** How many times each task ran, across both engines. */
  public static final AtomicInteger PACKED = new AtomicInteger();

  /** How many times the second task ran. */
  public static final AtomicInteger SHIPPED = new AtomicInteger();

  /**
   * Records a run that stops half way, as if its process had died, then resumes it with a new
   * engine: the task recorded done does not run again.
   *
   * @param url a store URL, such as {@code sqlite:flows.db}
   * @return the state the resumed run ended in
   */
  public static FlowState recordThenResume(String url) {
    AtomicReference<Engine> running = new AtomicReference<>();
    Flow flow = Flow.linear("order")
        .add(Task.builder("pack").requires("order").provides("parcel")
            .execute(ctx -> {
              PACKED.incrementAndGet();
              running.get().suspend();   // stands in for the process dying after this task
              return "parcel-" + ctx.argument("order", String.class);
            })
            .build())
        .add(Task.builder("ship").requires("parcel").provides("receipt")
            .execute(ctx -> {
              SHIPPED.incrementAndGet();
              return "shipped " + ctx.argument("parcel", String.class);
            })
            .build());

    String id;
    try (FlowStore store = FlowStores.open(url);
         Engine engine = Engine.builder(flow).input("order", "42").store(store).build()) {
      running.set(engine);
      id = engine.flowId();   // keep it: a resume takes it
      engine.run();
    }

    // Later, in another process, after a crash:
    try (FlowStore store = FlowStores.open(url);
         Engine engine = Engine.builder(flow).resume(store, id).build()) {
      running.set(engine);
      return engine.run();                  // continues where the dead process stopped
    }
  }
}
