package io.taskflow4j.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.taskflow4j.flow.Flow;
import io.taskflow4j.state.AtomState;
import io.taskflow4j.state.FlowState;
import io.taskflow4j.task.Task;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class EnginePatternsTest {

  private final Recorder rec = new Recorder();
  private final ExecutorService pool = Executors.newFixedThreadPool(4);

  @AfterEach
  void stop() {
    pool.shutdownNow();
  }

  private Engine engine(Flow flow) {
    return Engine.builder(flow).executor(pool).listener(rec).build();
  }

  @Test
  void linearFlowRunsInOrderAndPassesResults() {
    Task one = Task.builder("one").provides("x").execute(ctx -> 2).build();
    Task two = Task.builder("two").requires("x").provides("y")
        .execute(ctx -> ctx.argument("x", Integer.class) * 10).build();
    Task three = Task.builder("three").requires("y", "z").provides("sum")
        .execute(ctx -> ctx.argument("y", Integer.class) + ctx.argument("z", Integer.class)).build();
    Engine engine = Engine.builder(Flow.linear("calc").add(one, two, three)).input("z", 5).build();

    assertThat(engine.run()).isEqualTo(FlowState.SUCCESS);

    assertThat(engine.result("sum")).contains(25);
    assertThat(engine.results()).containsEntry("x", 2).containsEntry("y", 20).containsEntry("sum", 25);
    engine.close();
  }

  @Test
  void unorderedFlowRunsElementsInParallel() throws Exception {
    CountDownLatch both = new CountDownLatch(2);
    Task a = Task.builder("a").execute(ctx -> { both.countDown(); return both.await(5, TimeUnit.SECONDS); }).provides("a").build();
    Task b = Task.builder("b").execute(ctx -> { both.countDown(); return both.await(5, TimeUnit.SECONDS); }).provides("b").build();

    Engine engine = engine(Flow.unordered("pair").add(a, b));
    engine.run();

    assertThat(engine.result("a")).contains(true);
    assertThat(engine.result("b")).contains(true);
  }

  @Test
  void graphFlowInfersOrderFromRequiresAndProvides() {
    Task last = Task.builder("last").requires("mid").provides("out")
        .execute(ctx -> { rec.log.add("execute last"); return ctx.argument("mid", String.class) + "!"; }).build();
    Task middle = Task.builder("middle").requires("first").provides("mid")
        .execute(ctx -> { rec.log.add("execute middle"); return ctx.argument("first", String.class) + "-mid"; }).build();
    Task first = Task.builder("first").provides("first")
        .execute(ctx -> { rec.log.add("execute first"); return "start"; }).build();

    Engine engine = engine(Flow.graph("g").add(last, middle, first));
    engine.run();

    assertThat(rec.executed()).containsExactly("first", "middle", "last");
    assertThat(engine.result("out")).contains("start-mid!");
  }

  @Test
  void graphFlowHonoursExplicitLinks() {
    Task a = rec.task("a");
    Task b = rec.task("b");
    Task c = rec.task("c");
    Engine engine = Engine.builder(Flow.graph("g").add(a, b, c).link(c, b).link(b, a)).serial().build();
    engine.run();

    assertThat(rec.executed()).containsExactly("c", "b", "a");
  }

  @Test
  void nestedPatternsRunEachInTheirOrder() {
    Flow inner = Flow.unordered("inner").add(rec.task("u1"), rec.task("u2"));
    Flow graph = Flow.graph("graph").add(
        Task.builder("g2").requires("g1out").execute(ctx -> { rec.log.add("execute g2"); return null; }).build(),
        Task.builder("g1").provides("g1out").execute(ctx -> { rec.log.add("execute g1"); return 1; }).build());
    Flow flow = Flow.linear("outer").add(rec.task("first"), inner, graph, rec.task("last"));

    Engine engine = engine(flow);
    engine.run();

    List<String> order = rec.executed();
    assertThat(order).hasSize(6);
    assertThat(order.get(0)).isEqualTo("first");
    assertThat(order.subList(1, 3)).containsExactlyInAnyOrder("u1", "u2");
    assertThat(order.subList(3, 6)).containsExactly("g1", "g2", "last");
  }

  @Test
  void rebindAndInjectSupplyArguments() {
    Task greet = Task.builder("greet").requires("who", "greeting").rebind("who", "user").inject("greeting", "hi")
        .provides("msg")
        .execute(ctx -> ctx.argument("greeting", String.class) + " " + ctx.argument("who", String.class)).build();
    Engine engine = Engine.builder(Flow.linear("f").add(greet)).input("user", "ann").serial().build();
    engine.run();

    assertThat(engine.result("msg")).contains("hi ann");
  }

  @Test
  void severalProvidedNamesAreTakenFromAMapResult() {
    Task split = Task.builder("split").provides("lo", "hi").execute(ctx -> Map.of("lo", 1, "hi", 9)).build();
    Engine engine = Engine.builder(Flow.linear("f").add(split)).serial().build();
    engine.run();

    assertThat(engine.result("lo")).contains(1);
    assertThat(engine.result("hi")).contains(9);
  }

  @Test
  void everyAtomTransitionIsNotifiedInOrder() {
    Engine engine = engine(Flow.linear("f").add(rec.task("a")));
    engine.run();

    assertThat(rec.statesOf("a")).containsExactly(AtomState.RUNNING, AtomState.SUCCESS);
    assertThat(rec.flowChanges).extracting(c -> c.to()).containsExactly(FlowState.RUNNING, FlowState.SUCCESS);
    assertThat(engine.atomState("a")).isEqualTo(AtomState.SUCCESS);
  }

  @Test
  void progressReachesListenersClamped() {
    Task slow = Task.builder("slow").execute(ctx -> {
      ctx.reportProgress(0.5);
      ctx.reportProgress(7.0);
      ctx.emit("custom", Map.of("k", "v"));
      return null;
    }).build();
    engine(Flow.linear("f").add(slow)).run();

    // The engine's own 0.0 and 1.0 around the task's reports, which are clamped (7.0 to 1.0).
    assertThat(rec.events).extracting(e -> e.progress().orElse(-1.0)).containsExactly(0.0, 0.5, 1.0, -1.0, 1.0);
    assertThat(rec.events.get(3).eventType()).isEqualTo("custom");
    assertThat(rec.events.get(3).details()).containsEntry("k", "v");
  }

  @Test
  void runningASucceededEngineAgainRunsNothingAndARevertedOneIsRefused() {
    Engine engine = engine(Flow.linear("f").add(rec.task("a")));
    engine.run();

    // As a reference engine run again: the flow already ran to its end.
    assertThat(engine.run()).isEqualTo(FlowState.SUCCESS);
    assertThat(rec.executed()).containsExactly("a");

    Engine failed = engine(Flow.linear("g").add(Task.builder("boom").execute(ctx -> {
      throw new IllegalStateException("boom");
    }).build()));
    assertThatThrownBy(failed::run).isInstanceOf(FlowFailedException.class);
    assertThatThrownBy(failed::run).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("has finished in state REVERTED");
  }

  @Test
  void runAsyncCompletesWithTheFinalState() {
    Engine engine = engine(Flow.linear("f").add(rec.task("a")));

    assertThat(engine.runAsync()).succeedsWithin(java.time.Duration.ofSeconds(5)).isEqualTo(FlowState.SUCCESS);
  }

  @Test
  void callerExecutorIsNotShutDownByClose() {
    Engine engine = engine(Flow.linear("f").add(rec.task("a")));
    engine.run();
    engine.close();

    assertThat(pool.isShutdown()).isFalse();
  }

  @Test
  void listenerCanAskTheEngineForStatesWhileItRuns() {
    java.util.List<AtomState> seen = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
    Engine[] holder = new Engine[1];
    io.taskflow4j.listener.FlowListener asking = new io.taskflow4j.listener.FlowListener() {
      @Override
      public void onAtomStateChange(io.taskflow4j.listener.AtomStateChange change) {
        seen.add(holder[0].atomState(change.atomName()));
      }
    };
    holder[0] = Engine.builder(Flow.linear("f").add(rec.task("a"))).executor(pool).listener(asking).build();

    holder[0].run();

    assertThat(seen).containsExactly(AtomState.RUNNING, AtomState.SUCCESS);
  }
}
