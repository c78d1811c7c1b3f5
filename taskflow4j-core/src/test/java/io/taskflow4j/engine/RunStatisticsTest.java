package io.taskflow4j.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.taskflow4j.flow.Flow;
import io.taskflow4j.flow.GraphFlow;
import io.taskflow4j.retry.Retry;
import io.taskflow4j.state.AtomState;
import io.taskflow4j.state.FlowState;
import io.taskflow4j.task.Task;
import io.taskflow4j.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** {@link Engine#statistics()}, on a clock the tasks move forward. */
class RunStatisticsTest {

  /** A clock that stands still until told to move. */
  @Test
  void aRetriedRunCountsItsExecutesRevertsRetriesAndTheTimeItRan() {
    MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    AtomicInteger calls = new AtomicInteger();
    Task slow = Task.builder("slow").execute(ctx -> {
      clock.advance(Duration.ofSeconds(3));
      return null;
    }).build();
    Task flaky = Task.builder("flaky").execute(ctx -> {
      if (calls.incrementAndGet() == 1) {
        throw new IllegalStateException("first time");
      }
      return null;
    }).build();
    Task skipped = Task.builder("skipped").execute(ctx -> null).build();
    GraphFlow flow = Flow.graph("stats").add(slow, flaky, skipped);
    flow.link(slow, flaky);
    flow.link(flaky, skipped, history -> false);
    flow.retry(Retry.times(2));
    try (Engine engine = Engine.builder(flow).serial().clock(clock).build()) {
      assertThat(engine.statistics().atomsIn(AtomState.PENDING)).isEqualTo(4);
      assertThat(engine.run()).isEqualTo(FlowState.SUCCESS);
      RunStatistics stats = engine.statistics();
      assertThat(stats.atomsIn(AtomState.SUCCESS)).isEqualTo(3);
      assertThat(stats.atomsIn(AtomState.IGNORE)).isEqualTo(1);
      assertThat(stats.atomsIn(AtomState.FAILURE)).isZero();
      // The retry controller and both tasks ran twice; the first attempt's two tasks were
      // reverted (the controller itself goes RETRYING, not reverted).
      assertThat(stats.executes()).isEqualTo(6);
      assertThat(stats.reverts()).isEqualTo(2);
      assertThat(stats.retries()).isEqualTo(1);
      assertThat(stats.runTime()).isEqualTo(Duration.ofSeconds(6));
      assertThat(stats.compileTime()).isEqualTo(Duration.ZERO);

      engine.reset();
      assertThat(engine.statistics().executes()).isZero();
      assertThat(engine.statistics().runTime()).isEqualTo(Duration.ZERO);
    }
  }

  @Test
  void aFailedRunCountsWhatItRevertedAndItsAtomsEndReverted() {
    Flow flow = Flow.linear("failing").add(
        Task.builder("a").execute(ctx -> null).build(),
        Task.builder("b").execute(ctx -> {
          throw new IllegalStateException("no");
        }).build());
    try (Engine engine = Engine.builder(flow).serial().build()) {
      catchThrowableOfType(FlowFailedException.class, engine::run);
      RunStatistics stats = engine.statistics();
      assertThat(stats.executes()).isEqualTo(2);
      assertThat(stats.reverts()).isEqualTo(2);
      assertThat(stats.atomsIn(AtomState.REVERTED)).isEqualTo(2);
      assertThat(stats.atoms()).containsOnlyKeys(AtomState.values());
    }
  }
}
