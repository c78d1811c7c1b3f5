package io.taskflow4j.listener;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.taskflow4j.engine.Engine;
import io.taskflow4j.engine.FlowFailedException;
import io.taskflow4j.flow.Flow;
import io.taskflow4j.retry.Retry;
import io.taskflow4j.state.FlowState;
import io.taskflow4j.task.Task;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The capturing listener records transitions in the reference's test notation; the sequences here
 * are the ones the reference's own tests assert for the same flows (test_engines.py, test_retries.py).
 */
class CapturingListenerTest {

  private static Task five(String name) {
    return Task.builder(name).execute(ctx -> 5).build();
  }

  private static Task woot(String name) {
    return Task.builder(name).execute(ctx -> {
      throw new IllegalStateException("Woot!");
    }).build();
  }

  @Test
  void aFailingLinearFlowRevertsNewestFirstAsTheReferenceDoes() {
    CapturingListener capture = CapturingListener.of(List.of(CapturingListener.Kind.TASK), List.of());
    try (Engine engine = Engine.builder(Flow.linear("flow-1").add(five("task1"), woot("fail")))
        .listener(capture).build()) {
      catchThrowableOfType(FlowFailedException.class, engine::run);
    }

    assertThat(capture.notation()).containsExactly(
        "task1.t RUNNING", "task1.t SUCCESS(5)",
        "fail.t RUNNING", "fail.t FAILURE(Failure: IllegalStateException: Woot!)",
        "fail.t REVERTING", "fail.t REVERTED(None)",
        "task1.t REVERTING", "task1.t REVERTED(None)");
  }

  @Test
  void aRetriedFlowGoesBackToPendingAndRunsAgain() {
    int[] attempts = {0};
    Task conditional = Task.builder("task2").execute(ctx -> {
      if (++attempts[0] < 2) {
        throw new IllegalStateException("Woot!");
      }
      return null;
    }).build();
    CapturingListener capture = CapturingListener.create();
    Flow flow = Flow.linear("flow-1").retry(Retry.times(4).named("r1")).add(five("task1"), conditional);
    try (Engine engine = Engine.builder(flow).listener(capture).build()) {
      assertThat(engine.run()).isEqualTo(FlowState.SUCCESS);
    }

    assertThat(capture.notation()).containsExactly(
        "flow-1.f RUNNING",
        "r1.r RUNNING", "r1.r SUCCESS(1)",
        "task1.t RUNNING", "task1.t SUCCESS(5)",
        "task2.t RUNNING", "task2.t FAILURE(Failure: IllegalStateException: Woot!)",
        "task2.t REVERTING", "task2.t REVERTED(None)",
        "task1.t REVERTING", "task1.t REVERTED(None)",
        "r1.r RETRYING",
        "task1.t PENDING", "task2.t PENDING",
        "r1.r RUNNING", "r1.r SUCCESS(2)",
        "task1.t RUNNING", "task1.t SUCCESS(5)",
        "task2.t RUNNING", "task2.t SUCCESS(None)",
        "flow-1.f SUCCESS");
  }

  @Test
  void resultsAreWrittenAsPythonWouldAndSkippedNamesAreLeftOut() {
    Task dict = Task.builder("dict").execute(ctx -> Map.of("k", List.of("v", true))).build();
    CapturingListener capture = CapturingListener.of(Set.of(CapturingListener.Kind.TASK), Set.of("quiet"));
    try (Engine engine = Engine.builder(Flow.linear("f").add(dict, five("quiet"))).listener(capture).build()) {
      engine.run();
    }

    assertThat(capture.notation()).containsExactly("dict.t RUNNING", "dict.t SUCCESS({'k': ['v', True]})");
    assertThat(capture.captures()).allSatisfy(c -> assertThat(c.kind()).isEqualTo(CapturingListener.Kind.TASK));
    capture.clear();
    assertThat(capture.captures()).isEmpty();
  }

  @Test
  void capturingNothingIsRefused() {
    assertThatThrownBy(() -> CapturingListener.of(List.of(), List.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("kinds must name at least one");
  }
}
