package io.taskflow4j.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.taskflow4j.flow.Flow;
import io.taskflow4j.listener.TimingListener;
import io.taskflow4j.state.AtomState;
import io.taskflow4j.state.FlowState;
import io.taskflow4j.task.Task;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SuspendResumeTest {

  private final Recorder rec = new Recorder();
  private final ExecutorService pool = Executors.newFixedThreadPool(2);

  @AfterEach
  void stop() {
    pool.shutdownNow();
  }

  @Test
  void suspendLetsRunningAtomsFinishAndResumeSkipsFinishedOnes() throws Exception {
    CountDownLatch entered = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    Task blocking = Task.builder("blocking").provides("b").execute(ctx -> {
      rec.log.add("execute blocking");
      entered.countDown();
      release.await(5, TimeUnit.SECONDS);
      return "done";
    }).build();
    Flow flow = Flow.linear("f").add(rec.task("first"), blocking, rec.task("third", "t"));
    Engine engine = Engine.builder(flow).executor(pool).listener(rec).build();

    CompletableFuture<FlowState> run = engine.runAsync();
    assertThat(entered.await(5, TimeUnit.SECONDS)).isTrue();
    engine.suspend();
    release.countDown();

    assertThat(run.get(5, TimeUnit.SECONDS)).isEqualTo(FlowState.SUSPENDED);
    assertThat(engine.atomState("blocking")).isEqualTo(AtomState.SUCCESS);
    assertThat(engine.atomState("third")).isEqualTo(AtomState.PENDING);

    assertThat(engine.run()).isEqualTo(FlowState.SUCCESS);
    assertThat(rec.executed()).containsExactly("first", "blocking", "third");
    assertThat(engine.result("t")).contains("third");
    assertThat(rec.flowChanges).extracting(c -> c.to()).containsExactly(
        FlowState.RUNNING, FlowState.SUSPENDING, FlowState.SUSPENDED, FlowState.RUNNING, FlowState.SUCCESS);
  }

  @Test
  void suspendOfAFinishedFlowIsIgnored() {
    Engine engine = Engine.builder(Flow.linear("f").add(rec.task("a"))).serial().build();
    engine.run();
    engine.suspend();

    assertThat(engine.state()).isEqualTo(FlowState.SUCCESS);
  }

  @Test
  void timingListenerMeasuresEachAtomWithTheEngineClock() {
    AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-01-01T00:00:00Z"));
    Clock clock = new Clock() {
      @Override public ZoneOffset getZone() { return ZoneOffset.UTC; }
      @Override public Clock withZone(java.time.ZoneId zone) { return this; }
      @Override public Instant instant() { return now.get(); }
    };
    Task slow = Task.builder("slow").execute(ctx -> { now.set(now.get().plusMillis(1500)); return null; }).build();
    TimingListener timing = new TimingListener();

    Engine.builder(Flow.linear("f").add(slow)).serial().clock(clock).listener(timing).build().run();

    assertThat(timing.duration("slow")).contains(Duration.ofMillis(1500));
  }
}
