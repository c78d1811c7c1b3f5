package io.taskflow4j.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.taskflow4j.failure.Failure;
import io.taskflow4j.flow.Flow;
import io.taskflow4j.state.AtomState;
import io.taskflow4j.state.FlowState;
import io.taskflow4j.task.Outcome;
import io.taskflow4j.task.Task;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class EngineRevertTest {

  private final Recorder rec = new Recorder();
  private final ExecutorService pool = Executors.newFixedThreadPool(4);

  @AfterEach
  void stop() {
    pool.shutdownNow();
  }

  @Test
  void revertsCompletedTasksInReverseOrder() {
    Flow flow = Flow.linear("f").add(rec.task("a"), rec.task("b"), rec.failing("c"), rec.task("d"));
    Engine engine = Engine.builder(flow).executor(pool).listener(rec).build();

    FlowFailedException failed = catchThrowableOfType(FlowFailedException.class, engine::run);

    assertThat(rec.executed()).containsExactly("a", "b", "c");
    assertThat(rec.reverted()).containsExactly("c", "b", "a");
    assertThat(failed.state()).isEqualTo(FlowState.REVERTED);
    assertThat(failed.failures()).containsOnlyKeys("c");
    assertThat(failed.failures().get("c").message()).isEqualTo("c broke");
    assertThat(failed.getCause()).isInstanceOf(IllegalStateException.class);
    assertThat(engine.state()).isEqualTo(FlowState.REVERTED);
    assertThat(engine.atomState("d")).isEqualTo(AtomState.PENDING);
    assertThat(rec.statesOf("b")).containsExactly(AtomState.RUNNING, AtomState.SUCCESS, AtomState.REVERTING, AtomState.REVERTED);
  }

  @Test
  void revertsNestedFlowsInReverseDependencyOrder() {
    Flow inner = Flow.linear("inner").add(rec.task("i1"), rec.task("i2"));
    Flow graph = Flow.graph("graph").add(
        Task.builder("g2").requires("g").execute(ctx -> { rec.log.add("execute g2"); throw new IllegalArgumentException("no"); })
            .revert(ctx -> rec.log.add("revert g2")).build(),
        Task.builder("g1").provides("g").execute(ctx -> { rec.log.add("execute g1"); return 1; })
            .revert(ctx -> rec.log.add("revert g1")).build());
    Flow flow = Flow.linear("outer").add(rec.task("first"), inner, graph);

    catchThrowableOfType(FlowFailedException.class, Engine.builder(flow).executor(pool).build()::run);

    assertThat(rec.reverted()).containsExactly("g2", "g1", "i2", "i1", "first");
  }

  @Test
  void revertReceivesResultOrFailureAndFlowFailures() {
    List<Object> seen = Collections.synchronizedList(new ArrayList<>());
    Task ok = Task.builder("ok").provides("v").execute(ctx -> 42)
        .revert(ctx -> { seen.add(ctx.outcome()); seen.add(ctx.flowFailures().keySet()); }).build();
    Task bad = Task.builder("bad").requires("v").execute(ctx -> { throw new IllegalStateException("boom"); })
        .revert(ctx -> { seen.add(ctx.outcome()); seen.add(ctx.arguments().asMap()); }).build();

    catchThrowableOfType(FlowFailedException.class, Engine.builder(Flow.linear("f").add(ok, bad)).serial().build()::run);

    assertThat(seen.get(0)).isInstanceOf(Outcome.Failed.class);
    assertThat(((Outcome.Failed) seen.get(0)).failure().message()).isEqualTo("boom");
    assertThat(seen.get(1)).isEqualTo(java.util.Map.of("v", 42));
    assertThat(seen.get(2)).isEqualTo(Outcome.success(42));
    assertThat(seen.get(3)).isEqualTo(java.util.Set.of("bad"));
  }

  @Test
  void twoParallelFailuresAreBothReported() {
    CountDownLatch both = new CountDownLatch(2);
    Task a = Task.builder("a").execute(ctx -> { both.countDown(); both.await(5, TimeUnit.SECONDS); throw new IllegalStateException("a failed"); }).build();
    Task b = Task.builder("b").execute(ctx -> { both.countDown(); both.await(5, TimeUnit.SECONDS); throw new IllegalArgumentException("b failed"); }).build();

    FlowFailedException failed = catchThrowableOfType(FlowFailedException.class,
        Engine.builder(Flow.unordered("pair").add(a, b)).executor(pool).build()::run);

    assertThat(failed.failures()).containsOnlyKeys("a", "b");
    assertThat(failed.failures().values()).extracting(Failure::message).containsExactlyInAnyOrder("a failed", "b failed");
    assertThat(failed).hasMessageContaining("a failed").hasMessageContaining("b failed");
  }

  @Test
  void runningAtomsFinishBeforeRevertStartsAndNothingNewIsScheduled() {
    CountDownLatch failedFirst = new CountDownLatch(1);
    Task slow = Task.builder("slow").execute(ctx -> { failedFirst.await(5, TimeUnit.SECONDS); rec.log.add("execute slow"); return null; })
        .revert(ctx -> rec.log.add("revert slow")).build();
    Task bad = Task.builder("bad").execute(ctx -> { rec.log.add("execute bad"); failedFirst.countDown(); throw new IllegalStateException("x"); })
        .revert(ctx -> rec.log.add("revert bad")).build();
    Flow flow = Flow.linear("f").add(Flow.unordered("u").add(slow, bad), rec.task("after"));

    catchThrowableOfType(FlowFailedException.class, Engine.builder(flow).executor(pool).build()::run);

    assertThat(rec.log.indexOf("execute slow")).isLessThan(rec.log.indexOf("revert bad"));
    assertThat(rec.reverted()).containsExactlyInAnyOrder("slow", "bad");
    assertThat(rec.executed()).doesNotContain("after");
  }

  @Test
  void failedRevertEndsTheFlowInFailureWithBothReported() {
    Task stubborn = Task.builder("stubborn").execute(ctx -> 1).revert(ctx -> { throw new IllegalStateException("cannot undo"); }).build();
    Flow flow = Flow.linear("f").add(stubborn, rec.failing("bad"));
    Engine engine = Engine.builder(flow).serial().listener(rec).build();

    FlowFailedException failed = catchThrowableOfType(FlowFailedException.class, engine::run);

    assertThat(failed.state()).isEqualTo(FlowState.FAILURE);
    assertThat(failed.revertFailures()).containsOnlyKeys("stubborn");
    assertThat(engine.atomState("stubborn")).isEqualTo(AtomState.REVERT_FAILURE);
  }

  @Test
  void resultNotMatchingSeveralProvidesFailsTheTask() {
    Task wrong = Task.builder("wrong").provides("a", "b").execute(ctx -> "just one").build();

    FlowFailedException failed = catchThrowableOfType(FlowFailedException.class,
        Engine.builder(Flow.linear("f").add(wrong)).serial().build()::run);

    assertThat(failed.failures().get("wrong").message()).contains("provides [a, b]");
  }
}
