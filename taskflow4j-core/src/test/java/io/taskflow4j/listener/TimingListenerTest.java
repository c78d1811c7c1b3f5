package io.taskflow4j.listener;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.taskflow4j.engine.Engine;
import io.taskflow4j.engine.FlowFailedException;
import io.taskflow4j.flow.Flow;
import io.taskflow4j.task.Task;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The timing listener reports each execute, each revert and the flow, as the reference's duration listener. */
class TimingListenerTest {

  @Test
  void timesExecutesRevertsAndTheFlow() {
    Task slowRevert = Task.builder("a").execute(ctx -> {
      Thread.sleep(20);
      return 1;
    }).revert(ctx -> Thread.sleep(30)).build();
    Task boom = Task.builder("b").execute(ctx -> {
      throw new IllegalStateException("boom");
    }).build();
    TimingListener timing = new TimingListener();
    try (Engine engine = Engine.builder(Flow.linear("timed").add(slowRevert, boom)).listener(timing).build()) {
      assertThat(timing.flowDuration()).as("before the run").isEmpty();
      catchThrowableOfType(FlowFailedException.class, engine::run);
    }

    assertThat(timing.durations()).containsOnlyKeys("a", "b");
    assertThat(timing.duration("a")).hasValueSatisfying(d -> assertThat(d).isGreaterThanOrEqualTo(Duration.ofMillis(20)));
    assertThat(timing.revertDurations()).containsOnlyKeys("b", "a");
    assertThat(timing.revertDurations().get("a")).isGreaterThanOrEqualTo(Duration.ofMillis(30));
    assertThat(timing.flowDuration()).hasValueSatisfying(d -> assertThat(d).isGreaterThanOrEqualTo(Duration.ofMillis(50)));
  }
}
