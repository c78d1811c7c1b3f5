package io.taskflow4j.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.taskflow4j.engine.Engine;
import io.taskflow4j.engine.EngineBuilder;
import io.taskflow4j.engine.FlowFailedException;
import io.taskflow4j.flow.Flow;
import io.taskflow4j.listener.CapturingListener;
import io.taskflow4j.retry.Retry;
import io.taskflow4j.retry.RetryController;
import io.taskflow4j.retry.RetryDecision;
import io.taskflow4j.retry.RetryHistory;
import io.taskflow4j.state.FlowState;
import io.taskflow4j.task.Task;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Scenarios of the reference's {@code test_retries.py}, in our words, with the transitions and
 * values its tests assert; on the serial and the parallel engine. {@code docs/conformance.md}
 * maps them.
 */
class RetryConformanceTest {

  static List<UnaryOperator<EngineBuilder>> engines() {
    return List.of(EngineBuilder::serial, b -> b.threads(2));
  }

  /** Provides 1 and never retries, as the reference's test helper of that kind. */
  private static Retry oneReturn() {
    return Retry.of(new RetryController() {
      @Override
      public RetryDecision onFailure(RetryHistory history) {
        return RetryDecision.REVERT;
      }

      @Override
      public Optional<Object> nextValue(RetryHistory history) {
        return Optional.of(1);
      }
    }).providing("x");
  }

  private static Task five(String name) {
    return Task.builder(name).execute(ctx -> 5).build();
  }

  /** Fails while the input {@code y} is above the attempt number {@code x}. */
  private static Task conditional(String name) {
    return Task.builder(name).requires("x", "y").execute(ctx -> {
      if (ctx.argument("y", Integer.class) > ctx.argument("x", Integer.class)) {
        throw new IllegalStateException("Woot!");
      }
      return null;
    }).build();
  }

  private static Task woot(String name) {
    return Task.builder(name).execute(ctx -> {
      throw new IllegalStateException("Woot!");
    }).build();
  }

  /** Succeeds, and fails its revert. */
  private static Task nasty(String name) {
    return Task.builder(name).execute(ctx -> null).revert(ctx -> {
      throw new IllegalStateException("Gotcha!");
    }).build();
  }

  /** One attempt of a Times retry r1 over t1 (five) and t2 (failing), as the notation writes it. */
  private static List<String> failedAttempt(int attempt, String first, String second) {
    return List.of("r1.r RUNNING", "r1.r SUCCESS(" + attempt + ")",
        first + ".t RUNNING", first + ".t SUCCESS(5)",
        second + ".t RUNNING", second + ".t FAILURE(Failure: IllegalStateException: Woot!)",
        second + ".t REVERTING", second + ".t REVERTED(None)",
        first + ".t REVERTING", first + ".t REVERTED(None)");
  }

  // test_run_empty_linear_flow, test_run_empty_unordered_flow, test_run_empty_graph_flow
  @ParameterizedTest
  @MethodSource("engines")
  void aRetryAloneInAnEmptyFlowProvidesItsValue(UnaryOperator<EngineBuilder> kind) {
    for (Function<String, Flow> pattern : List.<Function<String, Flow>>of(Flow::linear, Flow::unordered, Flow::graph)) {
      CapturingListener capture = CapturingListener.create();
      try (Engine engine = kind.apply(Engine.builder(pattern.apply("flow-1").retry(oneReturn()))).listener(capture).build()) {
        assertThat(engine.run()).isEqualTo(FlowState.SUCCESS);
        assertThat(engine.result("x")).contains(1);
        assertThat(engine.results()).containsEntry("x", 1);
        assertThat(capture.notation()).containsExactly(
            "flow-1.f RUNNING", "flow-1-retry.r RUNNING", "flow-1-retry.r SUCCESS(1)", "flow-1.f SUCCESS");
      }
    }
  }

  // test_states_retry_reverted_linear_flow
  @ParameterizedTest
  @MethodSource("engines")
  void aTimesRetryThatRunsOutRevertsItselfAndTheFlow(UnaryOperator<EngineBuilder> kind) {
    CapturingListener capture = CapturingListener.create();
    Flow flow = Flow.linear("flow-1").retry(Retry.times(2).named("r1").providing("x"))
        .add(five("task1"), conditional("task2"));
    try (Engine engine = kind.apply(Engine.builder(flow)).input("y", 4).listener(capture).build()) {
      FlowFailedException failed = catchThrowableOfType(FlowFailedException.class, engine::run);
      assertThat(failed.state()).isEqualTo(FlowState.REVERTED);
      assertThat(failed.failures().get("task2").message()).startsWith("Woot");
    }

    List<String> expected = new ArrayList<>(List.of("flow-1.f RUNNING"));
    expected.addAll(failedAttempt(1, "task1", "task2"));
    expected.addAll(List.of("r1.r RETRYING", "task1.t PENDING", "task2.t PENDING"));
    expected.addAll(failedAttempt(2, "task1", "task2"));
    expected.addAll(List.of("r1.r REVERTING", "r1.r REVERTED(None)", "flow-1.f REVERTED"));
    assertThat(capture.notation()).containsExactlyElementsOf(expected);
  }

  // test_states_retry_failure_linear_flow
  @ParameterizedTest
  @MethodSource("engines")
  void aRevertThatFailsEndsTheFlowInFailureWithoutRetrying(UnaryOperator<EngineBuilder> kind) {
    CapturingListener capture = CapturingListener.create();
    Flow flow = Flow.linear("flow-1").retry(Retry.times(2).named("r1").providing("x"))
        .add(nasty("task1"), conditional("task2"));
    try (Engine engine = kind.apply(Engine.builder(flow)).input("y", 4).listener(capture).build()) {
      FlowFailedException failed = catchThrowableOfType(FlowFailedException.class, engine::run);
      assertThat(failed.state()).isEqualTo(FlowState.FAILURE);
      assertThat(failed.revertFailures().get("task1").message()).startsWith("Gotcha");
    }

    assertThat(capture.notation()).containsExactly(
        "flow-1.f RUNNING",
        "r1.r RUNNING", "r1.r SUCCESS(1)",
        "task1.t RUNNING", "task1.t SUCCESS(None)",
        "task2.t RUNNING", "task2.t FAILURE(Failure: IllegalStateException: Woot!)",
        "task2.t REVERTING", "task2.t REVERTED(None)",
        "task1.t REVERTING", "task1.t REVERT_FAILURE(Failure: IllegalStateException: Gotcha!)",
        "flow-1.f FAILURE");
  }

  // test_default_times_retry
  @ParameterizedTest
  @MethodSource("engines")
  void aTimesRetryRunsItsFlowThatManyTimesInAll(UnaryOperator<EngineBuilder> kind) {
    CapturingListener capture = CapturingListener.create();
    Flow flow = Flow.linear("flow-1").retry(Retry.times(3).named("r1")).add(five("t1"), woot("t2"));
    try (Engine engine = kind.apply(Engine.builder(flow)).listener(capture).build()) {
      catchThrowableOfType(FlowFailedException.class, engine::run);
    }

    List<String> expected = new ArrayList<>(List.of("flow-1.f RUNNING"));
    for (int attempt = 1; attempt <= 3; attempt++) {
      expected.addAll(failedAttempt(attempt, "t1", "t2"));
      expected.addAll(attempt < 3
          ? List.of("r1.r RETRYING", "t1.t PENDING", "t2.t PENDING")
          : List.of("r1.r REVERTING", "r1.r REVERTED(None)", "flow-1.f REVERTED"));
    }
    assertThat(capture.notation()).containsExactlyElementsOf(expected);
  }
}
