package io.taskflow4j.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.taskflow4j.engine.Engine;
import io.taskflow4j.engine.EngineBuilder;
import io.taskflow4j.engine.FlowFailedException;
import io.taskflow4j.failure.Failure;
import io.taskflow4j.flow.Flow;
import io.taskflow4j.listener.AtomStateChange;
import io.taskflow4j.listener.CapturingListener;
import io.taskflow4j.listener.FlowListener;
import io.taskflow4j.persistence.AtomDetail;
import io.taskflow4j.persistence.AtomType;
import io.taskflow4j.persistence.Changes;
import io.taskflow4j.persistence.FlowStore;
import io.taskflow4j.persistence.ForwardingFlowStore;
import io.taskflow4j.persistence.Intention;
import io.taskflow4j.persistence.StoreException;
import io.taskflow4j.retry.Retry;
import io.taskflow4j.retry.RetryController;
import io.taskflow4j.retry.RetryDecision;
import io.taskflow4j.retry.RetryHistory;
import io.taskflow4j.state.AtomState;
import io.taskflow4j.state.FlowState;
import io.taskflow4j.task.LambdaTaskBuilder;
import io.taskflow4j.task.Task;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
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

  /** Fails unless the attempt number {@code x} equals the input {@code y}. */
  private static Task conditional(String name) {
    return conditionalBuilder(name).build();
  }

  private static LambdaTaskBuilder conditionalBuilder(String name) {
    return Task.builder(name).requires("x", "y").execute(ctx -> {
      if (!ctx.argument("y", Integer.class).equals(ctx.argument("x", Integer.class))) {
        throw new IllegalStateException("Woot!");
      }
      return null;
    });
  }

  private static Task nothing(String name) {
    return Task.builder(name).execute(ctx -> null).build();
  }

  /** Fails, naming its argument {@code x}. */
  private static Task failingWithX(String name) {
    return Task.builder(name).requires("x").execute(ctx -> {
      throw new IllegalStateException("Woot with " + ctx.argument("x", Object.class));
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

  /** Runs the flow, which must end SUCCESS; what it captured. */
  private static List<String> succeeds(UnaryOperator<EngineBuilder> kind, Flow flow, Map<String, Object> inputs,
      Map<String, Object> results) {
    CapturingListener capture = CapturingListener.create();
    try (Engine engine = kind.apply(Engine.builder(flow)).inputs(inputs).listener(capture).build()) {
      assertThat(engine.run()).isEqualTo(FlowState.SUCCESS);
      assertThat(engine.results()).isEqualTo(results);
    }
    return capture.notation();
  }

  /** Runs the flow, which must end REVERTED with a failure whose message starts so; what it captured. */
  private static List<String> reverts(UnaryOperator<EngineBuilder> kind, Flow flow, Map<String, Object> inputs,
      String failed, String messageStart) {
    CapturingListener capture = CapturingListener.create();
    try (Engine engine = kind.apply(Engine.builder(flow)).inputs(inputs).listener(capture).build()) {
      FlowFailedException failure = catchThrowableOfType(FlowFailedException.class, engine::run);
      assertThat(failure.state()).isEqualTo(FlowState.REVERTED);
      assertThat(failure.failures().get(failed).message()).startsWith(messageStart);
      assertThat(engine.results()).as("nothing is left provided").isEmpty();
    }
    return capture.notation();
  }

  // test_states_retry_failure_nested_flow_fails
  @ParameterizedTest
  @MethodSource("engines")
  void aNestedRetryRetriesItsOwnFlowOnlyAndTheRunSucceeds(UnaryOperator<EngineBuilder> kind) {
    Flow flow = Flow.linear("flow-1").retry(Retry.alwaysRevert().named("r1")).add(
        nothing("task1"),
        Flow.linear("flow-2").retry(Retry.times(3).named("r2").providing("x")).add(nothing("task2"), conditional("task3")),
        nothing("task4"));
    assertThat(succeeds(kind, flow, Map.of("y", 2), Map.of("x", 2))).containsExactly(
        "flow-1.f RUNNING",
        "r1.r RUNNING", "r1.r SUCCESS(None)",
        "task1.t RUNNING", "task1.t SUCCESS(None)",
        "r2.r RUNNING", "r2.r SUCCESS(1)",
        "task2.t RUNNING", "task2.t SUCCESS(None)",
        "task3.t RUNNING", "task3.t FAILURE(Failure: IllegalStateException: Woot!)",
        "task3.t REVERTING", "task3.t REVERTED(None)",
        "task2.t REVERTING", "task2.t REVERTED(None)",
        "r2.r RETRYING", "task2.t PENDING", "task3.t PENDING",
        "r2.r RUNNING", "r2.r SUCCESS(2)",
        "task2.t RUNNING", "task2.t SUCCESS(None)",
        "task3.t RUNNING", "task3.t SUCCESS(None)",
        "task4.t RUNNING", "task4.t SUCCESS(None)",
        "flow-1.f SUCCESS");
  }

  // test_states_retry_failure_parent_flow_fails
  @ParameterizedTest
  @MethodSource("engines")
  void aFailureOutsideANestedRetryRetriesTheParentFlowNestedRetryIncluded(UnaryOperator<EngineBuilder> kind) {
    Flow flow = Flow.linear("flow-1").retry(Retry.times(3).named("r1").providing("x1")).add(
        nothing("task1"),
        Flow.linear("flow-2").retry(Retry.times(3).named("r2").providing("x2")).add(nothing("task2"), nothing("task3")),
        conditionalBuilder("task4").rebind("x", "x1").build());
    assertThat(succeeds(kind, flow, Map.of("y", 2), Map.of("x1", 2, "x2", 1))).containsExactly(
        "flow-1.f RUNNING",
        "r1.r RUNNING", "r1.r SUCCESS(1)",
        "task1.t RUNNING", "task1.t SUCCESS(None)",
        "r2.r RUNNING", "r2.r SUCCESS(1)",
        "task2.t RUNNING", "task2.t SUCCESS(None)",
        "task3.t RUNNING", "task3.t SUCCESS(None)",
        "task4.t RUNNING", "task4.t FAILURE(Failure: IllegalStateException: Woot!)",
        "task4.t REVERTING", "task4.t REVERTED(None)",
        "task3.t REVERTING", "task3.t REVERTED(None)",
        "task2.t REVERTING", "task2.t REVERTED(None)",
        "r2.r REVERTING", "r2.r REVERTED(None)",
        "task1.t REVERTING", "task1.t REVERTED(None)",
        "r1.r RETRYING",
        "task1.t PENDING", "r2.r PENDING", "task2.t PENDING", "task3.t PENDING", "task4.t PENDING",
        "r1.r RUNNING", "r1.r SUCCESS(2)",
        "task1.t RUNNING", "task1.t SUCCESS(None)",
        "r2.r RUNNING", "r2.r SUCCESS(1)",
        "task2.t RUNNING", "task2.t SUCCESS(None)",
        "task3.t RUNNING", "task3.t SUCCESS(None)",
        "task4.t RUNNING", "task4.t SUCCESS(None)",
        "flow-1.f SUCCESS");
  }

  // test_unordered_flow_task_fails_parallel_tasks_should_be_reverted
  @ParameterizedTest
  @MethodSource("engines")
  void inAnUnorderedFlowTheSiblingsOfAFailedTaskAreRevertedAndRetried(UnaryOperator<EngineBuilder> kind) {
    Flow flow = Flow.unordered("flow-1").retry(Retry.times(3).named("r").providing("x"))
        .add(five("task1"), conditional("task2"));
    // In any order, as the reference compares them.
    assertThat(succeeds(kind, flow, Map.of("y", 2), Map.of("x", 2))).containsExactlyInAnyOrder(
        "flow-1.f RUNNING",
        "r.r RUNNING", "r.r SUCCESS(1)",
        "task1.t RUNNING", "task2.t RUNNING",
        "task1.t SUCCESS(5)", "task2.t FAILURE(Failure: IllegalStateException: Woot!)",
        "task2.t REVERTING", "task1.t REVERTING",
        "task2.t REVERTED(None)", "task1.t REVERTED(None)",
        "r.r RETRYING", "task1.t PENDING", "task2.t PENDING",
        "r.r RUNNING", "r.r SUCCESS(2)",
        "task1.t RUNNING", "task2.t RUNNING",
        "task1.t SUCCESS(5)", "task2.t SUCCESS(None)",
        "flow-1.f SUCCESS");
  }

  // test_nested_flow_reverts_parent_retries
  @ParameterizedTest
  @MethodSource("engines")
  void aNestedRetryThatGivesUpLetsTheParentRetryWhichStartsItOver(UnaryOperator<EngineBuilder> kind) {
    // The reference's Times(0) gives up at the first failure, as our times(1) does (ours refuses 0).
    Flow flow = Flow.linear("flow-1").retry(Retry.times(3).named("r1").providing("x")).add(
        five("task1"),
        Flow.linear("flow-2").retry(Retry.times(1).named("r2").providing("x2")).add(conditional("task2")));
    assertThat(succeeds(kind, flow, Map.of("y", 2), Map.of("x", 2, "x2", 1))).containsExactly(
        "flow-1.f RUNNING",
        "r1.r RUNNING", "r1.r SUCCESS(1)",
        "task1.t RUNNING", "task1.t SUCCESS(5)",
        "r2.r RUNNING", "r2.r SUCCESS(1)",
        "task2.t RUNNING", "task2.t FAILURE(Failure: IllegalStateException: Woot!)",
        "task2.t REVERTING", "task2.t REVERTED(None)",
        "r2.r REVERTING", "r2.r REVERTED(None)",
        "task1.t REVERTING", "task1.t REVERTED(None)",
        "r1.r RETRYING", "task1.t PENDING", "r2.r PENDING", "task2.t PENDING",
        "r1.r RUNNING", "r1.r SUCCESS(2)",
        "task1.t RUNNING", "task1.t SUCCESS(5)",
        "r2.r RUNNING", "r2.r SUCCESS(1)",
        "task2.t RUNNING", "task2.t SUCCESS(None)",
        "flow-1.f SUCCESS");
  }

  // test_nested_flow_with_retry_revert_all
  @ParameterizedTest
  @MethodSource("engines")
  void aNestedRetryThatRevertsAllRevertsTheParentFlowToo(UnaryOperator<EngineBuilder> kind) {
    Flow flow = Flow.linear("flow-1").add(
        five("task1"),
        Flow.linear("flow-2").retry(Retry.times(1, RetryDecision.REVERT_ALL).named("r1").providing("x2"))
            .add(conditionalBuilder("task2").inject("x", 1).build()));
    assertThat(reverts(kind, flow, Map.of("y", 2), "task2", "Woot")).containsExactly(
        "flow-1.f RUNNING",
        "task1.t RUNNING", "task1.t SUCCESS(5)",
        "r1.r RUNNING", "r1.r SUCCESS(1)",
        "task2.t RUNNING", "task2.t FAILURE(Failure: IllegalStateException: Woot!)",
        "task2.t REVERTING", "task2.t REVERTED(None)",
        "r1.r REVERTING", "r1.r REVERTED(None)",
        "task1.t REVERTING", "task1.t REVERTED(None)",
        "flow-1.f REVERTED");
  }

  // test_new_revert_vs_old, second half (defer_reverts=True), taskflow4j's default: a nested
  // retry that gives up with no retry around it reverts the whole flow, so nothing is left done.
  @ParameterizedTest
  @MethodSource("engines")
  void aNestedRetryThatGivesUpWithNoRetryAroundItRevertsTheWholeFlow(UnaryOperator<EngineBuilder> kind) {
    Flow flow = Flow.linear("flow-1").add(
        nothing("task1"),
        Flow.linear("flow-2").retry(Retry.times(1).named("r1").providing("x")).add(nothing("task2"), conditional("task3")),
        nothing("task4"));
    assertThat(reverts(kind, flow, Map.of("y", 2), "task3", "Woot")).containsExactly(
        "flow-1.f RUNNING",
        "task1.t RUNNING", "task1.t SUCCESS(None)",
        "r1.r RUNNING", "r1.r SUCCESS(1)",
        "task2.t RUNNING", "task2.t SUCCESS(None)",
        "task3.t RUNNING", "task3.t FAILURE(Failure: IllegalStateException: Woot!)",
        "task3.t REVERTING", "task3.t REVERTED(None)",
        "task2.t REVERTING", "task2.t REVERTED(None)",
        "r1.r REVERTING", "r1.r REVERTED(None)",
        "task1.t REVERTING", "task1.t REVERTED(None)",
        "flow-1.f REVERTED");
  }

  // test_new_revert_vs_old, first half: the reference's default, which taskflow4j offers as
  // deferReverts(false): only the nested flow is reverted and task1 stays done
  @ParameterizedTest
  @MethodSource("engines")
  void withoutDeferredRevertsANestedRetryThatGivesUpRevertsOnlyItsFlow(UnaryOperator<EngineBuilder> kind) {
    Flow flow = Flow.linear("flow-1").add(
        nothing("task1"),
        Flow.linear("flow-2").retry(Retry.times(1).named("r1").providing("x")).add(nothing("task2"), conditional("task3")),
        nothing("task4"));
    UnaryOperator<EngineBuilder> notDeferring = builder -> kind.apply(builder).deferReverts(false);
    assertThat(reverts(notDeferring, flow, Map.of("y", 2), "task3", "Woot")).containsExactly(
        "flow-1.f RUNNING",
        "task1.t RUNNING", "task1.t SUCCESS(None)",
        "r1.r RUNNING", "r1.r SUCCESS(1)",
        "task2.t RUNNING", "task2.t SUCCESS(None)",
        "task3.t RUNNING", "task3.t FAILURE(Failure: IllegalStateException: Woot!)",
        "task3.t REVERTING", "task3.t REVERTED(None)",
        "task2.t REVERTING", "task2.t REVERTED(None)",
        "r1.r REVERTING", "r1.r REVERTED(None)",
        "flow-1.f REVERTED");
  }

  // deferReverts(false) still lets a retry around the one that gives up decide: it retries
  @ParameterizedTest
  @MethodSource("engines")
  void withoutDeferredRevertsARetryAroundTheOneThatGivesUpStillRetries(UnaryOperator<EngineBuilder> kind) {
    java.util.concurrent.atomic.AtomicInteger tries = new java.util.concurrent.atomic.AtomicInteger();
    Task flaky = Task.builder("flaky").execute(ctx -> {
      if (tries.incrementAndGet() < 2) {
        throw new IllegalStateException("Woot!");
      }
      return null;
    }).build();
    Flow flow = Flow.linear("flow-1").retry(Retry.times(2).named("outer")).add(
        nothing("task1"),
        Flow.linear("flow-2").retry(Retry.times(1).named("inner")).add(flaky));
    try (Engine engine = kind.apply(Engine.builder(flow)).deferReverts(false).build()) {
      assertThat(engine.run()).isEqualTo(FlowState.SUCCESS);
    }
    assertThat(tries).hasValue(2);
  }

  // test_nested_flow_with_retry_revert (the reference's default, deferReverts(false) here)
  @ParameterizedTest
  @MethodSource("engines")
  void withoutDeferredRevertsANestedRetryRevertsItsFlowAndLeavesTheParentDone(UnaryOperator<EngineBuilder> kind) {
    Flow flow = Flow.linear("flow-1").add(
        five("task1"),
        Flow.linear("flow-2").retry(Retry.times(1).named("r1").providing("x2"))
            .add(conditionalBuilder("task2").inject("x", 1).build()));
    UnaryOperator<EngineBuilder> notDeferring = builder -> kind.apply(builder).deferReverts(false);
    assertThat(reverts(notDeferring, flow, Map.of("y", 2), "task2", "Woot")).containsExactly(
        "flow-1.f RUNNING",
        "task1.t RUNNING", "task1.t SUCCESS(5)",
        "r1.r RUNNING", "r1.r SUCCESS(1)",
        "task2.t RUNNING", "task2.t FAILURE(Failure: IllegalStateException: Woot!)",
        "task2.t REVERTING", "task2.t REVERTED(None)",
        "r1.r REVERTING", "r1.r REVERTED(None)",
        "flow-1.f REVERTED");
  }

  // test_nested_for_each_revert (deferReverts(false))
  @ParameterizedTest
  @MethodSource("engines")
  void withoutDeferredRevertsANestedForEachThatRunsOutLeavesTheParentDone(UnaryOperator<EngineBuilder> kind) {
    List<Integer> values = List.of(3, 2, 3, 5);
    Flow flow = Flow.linear("flow-1").add(
        five("task1"),
        Flow.linear("flow-2").retry(Retry.forEach(values, "x").named("r1")).add(failingWithX("task2")));
    List<String> expected = new ArrayList<>(List.of("flow-1.f RUNNING", "task1.t RUNNING", "task1.t SUCCESS(5)"));
    expected.addAll(triedInTurn("task2", values));
    expected.add("flow-1.f REVERTED");
    UnaryOperator<EngineBuilder> notDeferring = builder -> kind.apply(builder).deferReverts(false);
    assertThat(reverts(notDeferring, flow, Map.of(), "task2", "Woot with 5")).containsExactlyElementsOf(expected);
  }

  // test_nested_parameterized_for_each_revert (deferReverts(false))
  @ParameterizedTest
  @MethodSource("engines")
  void withoutDeferredRevertsANestedParameterizedForEachThatRunsOutLeavesTheParentDone(UnaryOperator<EngineBuilder> kind) {
    List<Integer> values = List.of(3, 2, 5);
    Flow flow = Flow.linear("flow-1").add(
        five("task-1"),
        Flow.linear("flow-2").retry(Retry.parameterizedForEach("values", "x").named("r1")).add(failingWithX("task-2")));
    List<String> expected = new ArrayList<>(List.of("flow-1.f RUNNING", "task-1.t RUNNING", "task-1.t SUCCESS(5)"));
    expected.addAll(triedInTurn("task-2", values));
    expected.add("flow-1.f REVERTED");
    UnaryOperator<EngineBuilder> notDeferring = builder -> kind.apply(builder).deferReverts(false);
    assertThat(reverts(notDeferring, flow, Map.of("values", values, "y", 1), "task-2", "Woot with 5"))
        .containsExactlyElementsOf(expected);
  }

  // test_restart_reverted_flow_with_retry: the reference runs a reverted engine again as it is;
  // ours asks for reset() first, then runs and fails the same way
  @ParameterizedTest
  @MethodSource("engines")
  void aRevertedEngineRunsAgainOnlyAfterAResetAndFailsTheSameWay(UnaryOperator<EngineBuilder> kind) {
    Flow flow = Flow.linear("test").retry(Retry.times(1).named("r").providing("x")).add(woot("fail"));
    try (Engine engine = kind.apply(Engine.builder(flow)).build()) {
      assertThat(catchThrowableOfType(FlowFailedException.class, engine::run).failures().get("fail").message())
          .startsWith("Woot");
      assertThatThrownBy(engine::run).isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("has finished in state REVERTED; reset() it to run it again");
      engine.reset();
      assertThat(catchThrowableOfType(FlowFailedException.class, engine::run).failures().get("fail").message())
          .startsWith("Woot");
    }
  }

  // test_revert_all_retry
  @ParameterizedTest
  @MethodSource("engines")
  void aNestedRevertAllOverridesAParentThatWouldRetry(UnaryOperator<EngineBuilder> kind) {
    Flow flow = Flow.linear("flow-1").retry(Retry.times(3).named("r1").providing("x")).add(
        five("task1"),
        Flow.linear("flow-2").retry(Retry.alwaysRevertAll().named("r2")).add(conditional("task2")));
    assertThat(reverts(kind, flow, Map.of("y", 2), "task2", "Woot")).containsExactly(
        "flow-1.f RUNNING",
        "r1.r RUNNING", "r1.r SUCCESS(1)",
        "task1.t RUNNING", "task1.t SUCCESS(5)",
        "r2.r RUNNING", "r2.r SUCCESS(None)",
        "task2.t RUNNING", "task2.t FAILURE(Failure: IllegalStateException: Woot!)",
        "task2.t REVERTING", "task2.t REVERTED(None)",
        "r2.r REVERTING", "r2.r REVERTED(None)",
        "task1.t REVERTING", "task1.t REVERTED(None)",
        "r1.r REVERTING", "r1.r REVERTED(None)",
        "flow-1.f REVERTED");
  }

  // test_retry_tasks_that_has_not_been_reverted
  @ParameterizedTest
  @MethodSource("engines")
  void aRetryResetsOnlyTheAtomsThatRan(UnaryOperator<EngineBuilder> kind) {
    Flow flow = Flow.linear("flow-1").retry(Retry.times(3).named("r1").providing("x")).add(conditional("c"), five("t1"));
    assertThat(succeeds(kind, flow, Map.of("y", 2), Map.of("x", 2))).containsExactly(
        "flow-1.f RUNNING",
        "r1.r RUNNING", "r1.r SUCCESS(1)",
        "c.t RUNNING", "c.t FAILURE(Failure: IllegalStateException: Woot!)",
        "c.t REVERTING", "c.t REVERTED(None)",
        "r1.r RETRYING", "c.t PENDING",
        "r1.r RUNNING", "r1.r SUCCESS(2)",
        "c.t RUNNING", "c.t SUCCESS(None)",
        "t1.t RUNNING", "t1.t SUCCESS(5)",
        "flow-1.f SUCCESS");
  }

  /** One attempt of retry r1 giving {@code value} to a task that fails with it. */
  private static List<String> failedWith(String task, Object value) {
    return List.of("r1.r RUNNING", "r1.r SUCCESS(" + value + ")",
        task + ".t RUNNING", task + ".t FAILURE(Failure: IllegalStateException: Woot with " + value + ")",
        task + ".t REVERTING", task + ".t REVERTED(None)");
  }

  /** Every value tried in turn by r1 on {@code task}, which fails each time, then r1 reverted. */
  private static List<String> triedInTurn(String task, List<?> values) {
    List<String> expected = new ArrayList<>();
    for (int i = 0; i < values.size(); i++) {
      expected.addAll(failedWith(task, values.get(i)));
      expected.addAll(i < values.size() - 1
          ? List.of("r1.r RETRYING", task + ".t PENDING")
          : List.of("r1.r REVERTING", "r1.r REVERTED(None)"));
    }
    return expected;
  }

  // test_for_each_with_list
  @ParameterizedTest
  @MethodSource("engines")
  void aForEachRetryTriesEachValueInTurnThenReverts(UnaryOperator<EngineBuilder> kind) {
    List<Integer> values = List.of(3, 2, 3, 5);
    Flow flow = Flow.linear("flow-1").retry(Retry.forEach(values, "x").named("r1")).add(failingWithX("t1"));
    List<String> expected = new ArrayList<>(List.of("flow-1.f RUNNING"));
    expected.addAll(triedInTurn("t1", values));
    expected.add("flow-1.f REVERTED");
    assertThat(reverts(kind, flow, Map.of(), "t1", "Woot with 5")).containsExactlyElementsOf(expected);
  }

  // test_for_each_with_set
  @ParameterizedTest
  @MethodSource("engines")
  void aForEachRetryOverASetTriesEachValueOnce(UnaryOperator<EngineBuilder> kind) {
    Flow flow = Flow.linear("flow-1").retry(Retry.forEach(Set.of(3, 2, 5), "x").named("r1")).add(failingWithX("t1"));
    List<String> expected = new ArrayList<>(List.of("flow-1.f RUNNING"));
    expected.addAll(triedInTurn("t1", List.of(2, 3, 5)));
    expected.add("flow-1.f REVERTED");
    // A set has no order: in any order, as the reference compares them.
    assertThat(reverts(kind, flow, Map.of(), "t1", "Woot with")).containsExactlyInAnyOrderElementsOf(expected);
  }

  // test_nested_for_each_revert_all
  @ParameterizedTest
  @MethodSource("engines")
  void aNestedForEachThatRevertsAllRevertsTheParentFlowToo(UnaryOperator<EngineBuilder> kind) {
    List<Integer> values = List.of(3, 2, 3, 5);
    Flow flow = Flow.linear("flow-1").add(
        five("task1"),
        Flow.linear("flow-2").retry(Retry.forEach(values, "x", RetryDecision.REVERT_ALL).named("r1"))
            .add(failingWithX("task2")));
    List<String> expected = new ArrayList<>(List.of("flow-1.f RUNNING", "task1.t RUNNING", "task1.t SUCCESS(5)"));
    expected.addAll(triedInTurn("task2", values));
    expected.addAll(List.of("task1.t REVERTING", "task1.t REVERTED(None)", "flow-1.f REVERTED"));
    assertThat(reverts(kind, flow, Map.of(), "task2", "Woot with 5")).containsExactlyElementsOf(expected);
  }

  // test_for_each_empty_collection
  @Test
  void aForEachRetryWithoutValuesIsRefused() {
    // The reference refuses it when the flow runs; ours as soon as it is made.
    assertThatThrownBy(() -> Retry.forEach(List.of(), "x"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("at least one value");
  }

  // test_parameterized_for_each_with_list
  @ParameterizedTest
  @MethodSource("engines")
  void aParameterizedForEachRetryTriesEachValueOfItsArgumentInTurn(UnaryOperator<EngineBuilder> kind) {
    List<Integer> values = List.of(3, 2, 5);
    Flow flow = Flow.linear("flow-1").retry(Retry.parameterizedForEach("values", "x").named("r1")).add(failingWithX("t1"));
    List<String> expected = new ArrayList<>(List.of("flow-1.f RUNNING"));
    expected.addAll(triedInTurn("t1", values));
    expected.add("flow-1.f REVERTED");
    assertThat(reverts(kind, flow, Map.of("values", values, "y", 1), "t1", "Woot with 5"))
        .containsExactlyElementsOf(expected);
  }

  // test_parameterized_for_each_with_set
  @ParameterizedTest
  @MethodSource("engines")
  void aParameterizedForEachRetryOverASetTriesEachValueOnce(UnaryOperator<EngineBuilder> kind) {
    Flow flow = Flow.linear("flow-1").retry(Retry.parameterizedForEach("values", "x").named("r1")).add(failingWithX("t1"));
    List<String> expected = new ArrayList<>(List.of("flow-1.f RUNNING"));
    expected.addAll(triedInTurn("t1", List.of(3, 2, 5)));
    expected.add("flow-1.f REVERTED");
    assertThat(reverts(kind, flow, Map.of("values", Set.of(3, 2, 5), "y", 1), "t1", "Woot with"))
        .containsExactlyInAnyOrderElementsOf(expected);
  }

  // test_nested_parameterized_for_each_revert_all
  @ParameterizedTest
  @MethodSource("engines")
  void aNestedParameterizedForEachThatRevertsAllRevertsTheParentFlowToo(UnaryOperator<EngineBuilder> kind) {
    List<Integer> values = List.of(3, 2, 5);
    Flow flow = Flow.linear("flow-1").add(
        five("task-1"),
        Flow.linear("flow-2").retry(Retry.parameterizedForEach("values", "x", RetryDecision.REVERT_ALL).named("r1"))
            .add(failingWithX("task-2")));
    List<String> expected = new ArrayList<>(List.of("flow-1.f RUNNING", "task-1.t RUNNING", "task-1.t SUCCESS(5)"));
    expected.addAll(triedInTurn("task-2", values));
    expected.addAll(List.of("task-1.t REVERTING", "task-1.t REVERTED(None)", "flow-1.f REVERTED"));
    assertThat(reverts(kind, flow, Map.of("values", values, "y", 1), "task-2", "Woot with 5"))
        .containsExactlyElementsOf(expected);
  }

  // test_parameterized_for_each_empty_collection
  @ParameterizedTest
  @MethodSource("engines")
  void aParameterizedForEachRetryWithoutValuesFailsTheRunBeforeAnyTask(UnaryOperator<EngineBuilder> kind) {
    Flow flow = Flow.linear("flow-1").retry(Retry.parameterizedForEach("values", "x").named("r1")).add(conditional("t1"));
    List<String> captured = reverts(kind, flow, Map.of("values", List.of(), "y", 1), "r1", "parameterized forEach retry got no values");
    assertThat(captured).noneMatch(change -> change.startsWith("t1."));
  }

  // test_retry_fails
  @ParameterizedTest
  @MethodSource("engines")
  void aRetryThatCannotGiveAValueFailsTheRunWithItsError(UnaryOperator<EngineBuilder> kind) {
    Retry failing = Retry.of(new RetryController() {
      @Override
      public RetryDecision onFailure(RetryHistory history) {
        return RetryDecision.REVERT;
      }

      @Override
      public Optional<Object> nextValue(RetryHistory history) {
        throw new IllegalArgumentException("OMG I FAILED");
      }
    });
    List<String> captured = reverts(kind, Flow.linear("testflow").retry(failing), Map.of(), "testflow-retry", "OMG");
    assertThat(captured).contains("testflow-retry.r FAILURE(Failure: IllegalArgumentException: OMG I FAILED)");
  }

  /** Makes a task wait, in its execute, until another atom reaches one of some states. */
  private static final class WaitFor implements FlowListener {
    private final String atom;
    private final Set<AtomState> states;
    private final CountDownLatch reached = new CountDownLatch(1);

    WaitFor(String atom, AtomState... states) {
      this.atom = atom;
      this.states = Set.of(states);
    }

    @Override
    public void onAtomStateChange(AtomStateChange change) {
      if (change.atomName().equals(atom) && states.contains(change.to())) {
        reached.countDown();
      }
    }

    Task task(String name) {
      return Task.builder(name).execute(ctx -> {
        if (!reached.await(10, TimeUnit.SECONDS)) {
          throw new IllegalStateException("timed out waiting for " + atom + " to reach " + states);
        }
        return 5;
      }).build();
    }
  }

  private static List<String> atomsOnly(Flow flow, WaitFor waitFor, Map<String, Object> results) {
    CapturingListener capture =
        CapturingListener.of(List.of(CapturingListener.Kind.TASK, CapturingListener.Kind.RETRY), List.of());
    try (Engine engine = Engine.builder(flow).threads(2).input("y", 2).listener(waitFor).listener(capture).build()) {
      assertThat(engine.run()).isEqualTo(FlowState.SUCCESS);
      assertThat(engine.results()).isEqualTo(results);
    }
    return capture.notation();
  }

  // test_when_subflow_fails_revert_running_tasks (the reference runs it on its parallel engine)
  @Test
  void aTaskStillRunningWhenItsSiblingFailsIsRevertedOnceItEnds() {
    WaitFor waitFor = new WaitFor("task2", AtomState.SUCCESS, AtomState.FAILURE);
    Flow flow = Flow.unordered("flow-1").retry(Retry.times(3).named("r").providing("x"))
        .add(waitFor.task("task1"), conditional("task2"));
    List<String> captured = atomsOnly(flow, waitFor, Map.of("x", 2));
    assertThat(captured).containsExactlyInAnyOrder(
        "r.r RUNNING", "r.r SUCCESS(1)",
        "task1.t RUNNING", "task2.t RUNNING",
        "task2.t FAILURE(Failure: IllegalStateException: Woot!)",
        "task2.t REVERTING", "task2.t REVERTED(None)",
        "task1.t SUCCESS(5)",
        "task1.t REVERTING", "task1.t REVERTED(None)",
        "r.r RETRYING", "task1.t PENDING", "task2.t PENDING",
        "r.r RUNNING", "r.r SUCCESS(2)",
        "task1.t RUNNING", "task2.t RUNNING",
        "task2.t SUCCESS(None)", "task1.t SUCCESS(5)");
    // task1 could end only after task2 failed, and was reverted after it ended.
    assertThat(captured.indexOf("task1.t SUCCESS(5)"))
        .isGreaterThan(captured.indexOf("task2.t FAILURE(Failure: IllegalStateException: Woot!)"))
        .isLessThan(captured.indexOf("task1.t REVERTING"));
  }

  // test_when_subflow_fails_revert_success_tasks (the reference runs it on its parallel engine)
  @Test
  void aSiblingThatSucceededIsRevertedWhenALaterTaskOfANestedFlowFails() {
    WaitFor waitFor = new WaitFor("task1", AtomState.SUCCESS, AtomState.FAILURE);
    Flow flow = Flow.unordered("flow-1").retry(Retry.times(3).named("r").providing("x")).add(
        five("task1"),
        Flow.linear("flow-2").add(waitFor.task("task2"), conditional("task3")));
    assertThat(atomsOnly(flow, waitFor, Map.of("x", 2))).containsExactlyInAnyOrder(
        "r.r RUNNING", "r.r SUCCESS(1)",
        "task1.t RUNNING", "task2.t RUNNING",
        "task1.t SUCCESS(5)", "task2.t SUCCESS(5)",
        "task3.t RUNNING", "task3.t FAILURE(Failure: IllegalStateException: Woot!)",
        "task3.t REVERTING", "task1.t REVERTING",
        "task3.t REVERTED(None)", "task1.t REVERTED(None)",
        "task2.t REVERTING", "task2.t REVERTED(None)",
        "r.r RETRYING", "task1.t PENDING", "task2.t PENDING", "task3.t PENDING",
        "r.r RUNNING", "r.r SUCCESS(2)",
        "task1.t RUNNING", "task2.t RUNNING",
        "task1.t SUCCESS(5)", "task2.t SUCCESS(5)",
        "task3.t RUNNING", "task3.t SUCCESS(None)");
  }

  // ---- resuming records left at a crash point

  /** A store whose process dies right after it records an atom that {@code last} accepts. */
  private static final class DiesAfter extends ForwardingFlowStore {
    private final Predicate<AtomDetail> last;
    private boolean dead;

    DiesAfter(FlowStore delegate, Predicate<AtomDetail> last) {
      super(delegate);
      this.last = last;
    }

    @Override
    public synchronized void save(Changes changes) {
      if (dead) {
        throw new StoreException("the process is gone");
      }
      super.save(changes);
      if (changes.atoms().stream().anyMatch(last)) {
        dead = true;
        throw new StoreException("the process died");
      }
    }
  }

  /** Runs the flow until the store has recorded {@code atom} SUCCESS, then drops the engine; the flow id. */
  private static String recordUntilSuccessOf(Flow flow, FlowStore store, String atom) {
    FlowStore dying = new DiesAfter(store, detail -> detail.name().equals(atom) && detail.state() == AtomState.SUCCESS);
    try (Engine engine = Engine.builder(flow).serial().store(dying).build()) {
      assertThatThrownBy(engine::run).hasMessageContaining("the process died");
      return engine.flowId();
    }
  }

  /** The recorded detail of an atom, or a new PENDING one for an atom not recorded yet. */
  private static AtomDetail recorded(FlowStore store, String flowId, String atom, AtomType type) {
    return store.atoms(flowId).stream().filter(detail -> detail.name().equals(atom)).findFirst()
        .orElseGet(() -> new AtomDetail(UUID.randomUUID().toString(), flowId, atom, type, Optional.of("1.0"),
            AtomState.PENDING, Intention.EXECUTE, Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
            Map.of(), Instant.EPOCH, Instant.EPOCH));
  }

  private static AtomDetail with(AtomDetail d, AtomState state, Intention intention, Optional<Object> results,
      Optional<Failure> failure) {
    return new AtomDetail(d.uuid(), d.flowUuid(), d.name(), d.type(), d.version(), state, intention, results, failure,
        d.revertResults(), d.revertFailure(), d.meta(), d.createdAt(), d.updatedAt());
  }

  private static void rewrite(FlowStore store, AtomDetail... atoms) {
    store.save(new Changes(List.of(), List.of(), List.of(atoms)));
  }

  private static Flow crashShape() {
    return Flow.unordered("flow-1").retry(Retry.times(3).providing("x")).add(five("task1"));
  }

  /**
   * The record of a run of {@link #crashShape()} left where the reference's test pretends to
   * crash: its retry gave 1, then task1 failed, then each later step of handling that failure.
   */
  private static String crashedAt(FlowStore store, String when) {
    String flowId = recordUntilSuccessOf(crashShape(), store, "flow-1-retry");
    AtomDetail retry = recorded(store, flowId, "flow-1-retry", AtomType.RETRY_DETAIL);
    AtomDetail task = recorded(store, flowId, "task1", AtomType.TASK_DETAIL);
    Failure foo = Failure.of(new IllegalStateException("foo"));
    task = with(task, AtomState.FAILURE, Intention.EXECUTE, Optional.empty(), Optional.of(foo));
    List<String> steps = List.of("task fails", "retry queried", "retry updated", "task updated", "revert scheduled");
    int upTo = steps.indexOf(when);
    assertThat(upTo).isNotNegative();
    if (upTo >= 1) {
      // The retry's history, as our engine records it: [value, {atom: failure}] per attempt.
      Object history = List.of(List.of(1, Map.of("task1", foo.toDict())));
      retry = with(retry, retry.state(), retry.intention(), Optional.of(history), retry.failure());
    }
    if (upTo >= 2) {
      retry = with(retry, retry.state(), Intention.RETRY, retry.results(), retry.failure());
    }
    if (upTo >= 3) {
      task = with(task, task.state(), Intention.REVERT, task.results(), task.failure());
    }
    if (upTo >= 4) {
      task = with(task, AtomState.REVERTING, task.intention(), task.results(), task.failure());
    }
    rewrite(store, retry, task);
    return flowId;
  }

  private static final List<String> RETRIED_AFTER_CRASH = List.of(
      "task1.t REVERTING", "task1.t REVERTED(None)",
      "flow-1-retry.r RETRYING", "task1.t PENDING",
      "flow-1-retry.r RUNNING", "flow-1-retry.r SUCCESS(2)",
      "task1.t RUNNING", "task1.t SUCCESS(5)");

  /** Resumes the record with the same flow, which succeeds; the atoms' transitions. */
  private static List<String> resumed(UnaryOperator<EngineBuilder> kind, FlowStore store, String flowId) {
    CapturingListener capture =
        CapturingListener.of(List.of(CapturingListener.Kind.TASK, CapturingListener.Kind.RETRY), List.of());
    try (Engine engine = kind.apply(Engine.builder(crashShape()).resume(store, flowId)).listener(capture).build()) {
      assertThat(engine.run()).isEqualTo(FlowState.SUCCESS);
    }
    return capture.notation();
  }

  // test_resumption_on_crash_after_task_failure, test_resumption_on_crash_after_retry_queried,
  // test_resumption_on_crash_after_retry_updated, test_resumption_on_crash_after_task_updated
  @ParameterizedTest
  @MethodSource("crashPoints")
  void aRunResumedAfterItsTaskFailedRevertsItAndRetries(String when, UnaryOperator<EngineBuilder> kind) {
    FlowStore store = FlowStore.inMemory();
    String flowId = crashedAt(store, when);
    assertThat(resumed(kind, store, flowId)).containsExactlyElementsOf(RETRIED_AFTER_CRASH);
  }

  static Stream<org.junit.jupiter.params.provider.Arguments> crashPoints() {
    return Stream.of("task fails", "retry queried", "retry updated", "task updated")
        .flatMap(when -> engines().stream().map(kind -> org.junit.jupiter.params.provider.Arguments.of(when, kind)));
  }

  // test_resumption_on_crash_after_revert_scheduled
  @ParameterizedTest
  @MethodSource("engines")
  void aRunResumedWhileItsFailedTaskRevertedFinishesTheRevertAndRetries(UnaryOperator<EngineBuilder> kind) {
    FlowStore store = FlowStore.inMemory();
    String flowId = crashedAt(store, "revert scheduled");
    assertThat(resumed(kind, store, flowId)).containsExactlyElementsOf(RETRIED_AFTER_CRASH.subList(1, RETRIED_AFTER_CRASH.size()));
  }

  private static Flow threeUnderTimes(String... tasks) {
    Flow flow = Flow.linear("flow-1").retry(Retry.times(3).named("r1"));
    for (String task : tasks) {
      flow.add(five(task));
    }
    return flow;
  }

  /** Resumes a record with the flow, which succeeds; every transition. */
  private static List<String> resumedWhole(UnaryOperator<EngineBuilder> kind, Flow flow, FlowStore store, String flowId) {
    CapturingListener capture = CapturingListener.create();
    try (Engine engine = kind.apply(Engine.builder(flow).resume(store, flowId)).listener(capture).build()) {
      assertThat(engine.run()).isEqualTo(FlowState.SUCCESS);
    }
    return capture.notation();
  }

  // test_resume_flow_that_had_been_interrupted_during_retrying
  @ParameterizedTest
  @MethodSource("engines")
  void aRunResumedWhileRetryingResetsWhatWasRevertedAndRunsTheAttempt(UnaryOperator<EngineBuilder> kind) {
    FlowStore store = FlowStore.inMemory();
    String flowId = recordUntilSuccessOf(threeUnderTimes("t1", "t2", "t3"), store, "r1");
    // As the reference's test sets it: the retry RETRYING (with no history), t1 PENDING, the others
    // REVERTED.
    AtomDetail retry = recorded(store, flowId, "r1", AtomType.RETRY_DETAIL);
    rewrite(store,
        with(retry, AtomState.RETRYING, Intention.RETRY, Optional.of(List.of()), Optional.empty()),
        with(recorded(store, flowId, "t1", AtomType.TASK_DETAIL), AtomState.PENDING, Intention.EXECUTE, Optional.empty(), Optional.empty()),
        with(recorded(store, flowId, "t2", AtomType.TASK_DETAIL), AtomState.REVERTED, Intention.REVERT, Optional.empty(), Optional.empty()),
        with(recorded(store, flowId, "t3", AtomType.TASK_DETAIL), AtomState.REVERTED, Intention.REVERT, Optional.empty(), Optional.empty()));

    assertThat(resumedWhole(kind, threeUnderTimes("t1", "t2", "t3"), store, flowId)).containsExactly(
        "flow-1.f RUNNING",
        "t2.t PENDING", "t3.t PENDING",
        "r1.r RUNNING", "r1.r SUCCESS(1)",
        "t1.t RUNNING", "t1.t SUCCESS(5)",
        "t2.t RUNNING", "t2.t SUCCESS(5)",
        "t3.t RUNNING", "t3.t SUCCESS(5)",
        "flow-1.f SUCCESS");
  }

  // test_resume_flow_that_should_be_retried
  @ParameterizedTest
  @MethodSource("engines")
  void aRunResumedAfterItsRetryDecidedToRetryRetries(UnaryOperator<EngineBuilder> kind) {
    FlowStore store = FlowStore.inMemory();
    String flowId = recordUntilSuccessOf(threeUnderTimes("t1", "t2"), store, "r1");
    // As the reference's test sets it: the retry SUCCESS with intention RETRY, its tasks REVERTED.
    AtomDetail retry = recorded(store, flowId, "r1", AtomType.RETRY_DETAIL);
    rewrite(store,
        with(retry, AtomState.SUCCESS, Intention.RETRY, retry.results(), Optional.empty()),
        with(recorded(store, flowId, "t1", AtomType.TASK_DETAIL), AtomState.REVERTED, Intention.REVERT, Optional.empty(), Optional.empty()),
        with(recorded(store, flowId, "t2", AtomType.TASK_DETAIL), AtomState.REVERTED, Intention.REVERT, Optional.empty(), Optional.empty()));

    assertThat(resumedWhole(kind, threeUnderTimes("t1", "t2"), store, flowId)).containsExactly(
        "flow-1.f RUNNING",
        "r1.r RETRYING", "t1.t PENDING", "t2.t PENDING",
        "r1.r RUNNING", "r1.r SUCCESS(1)",
        "t1.t RUNNING", "t1.t SUCCESS(5)",
        "t2.t RUNNING", "t2.t SUCCESS(5)",
        "flow-1.f SUCCESS");
  }

  // test_nested_provides_graph_retried_correctly
  @ParameterizedTest
  @MethodSource("engines")
  void aResumedNestedFlowWhoseTaskHadFailedIsRetriedAndTheGraphGoesOn(UnaryOperator<EngineBuilder> kind) {
    Supplier<Flow> shape = () -> Flow.graph("test").add(
        Task.builder("a").requires("x").execute(ctx -> 5).build(),
        Flow.linear("test2").retry(Retry.times(2)).add(
            Task.builder("b").provides("x").execute(ctx -> 5).build(), five("c")));
    FlowStore store = FlowStore.inMemory();
    String flowId = recordUntilSuccessOf(shape.get(), store, "test2-retry");
    // As the reference's test sets it: the retry gave 1, b provided 11, c failed; a has not run.
    rewrite(store,
        with(recorded(store, flowId, "b", AtomType.TASK_DETAIL), AtomState.SUCCESS, Intention.EXECUTE, Optional.of(11), Optional.empty()),
        with(recorded(store, flowId, "c", AtomType.TASK_DETAIL), AtomState.FAILURE, Intention.EXECUTE, Optional.empty(),
            Optional.of(Failure.of(new IllegalStateException("Woot!")))));

    CapturingListener capture =
        CapturingListener.of(List.of(CapturingListener.Kind.TASK, CapturingListener.Kind.RETRY), List.of());
    try (Engine engine = kind.apply(Engine.builder(shape.get()).resume(store, flowId)).listener(capture).build()) {
      assertThat(engine.run()).isEqualTo(FlowState.SUCCESS);
    }
    List<String> captured = capture.notation();
    assertThat(captured).hasSize(15);
    // Each part in any order, as the reference compares them.
    assertThat(captured.subList(0, 4)).containsExactlyInAnyOrder(
        "c.t REVERTING", "c.t REVERTED(None)", "b.t REVERTING", "b.t REVERTED(None)");
    assertThat(captured.subList(4, 15)).containsExactlyInAnyOrder(
        "test2-retry.r RETRYING", "b.t PENDING", "c.t PENDING",
        "test2-retry.r RUNNING", "test2-retry.r SUCCESS(2)",
        "b.t RUNNING", "b.t SUCCESS(5)",
        "a.t RUNNING", "c.t RUNNING", "a.t SUCCESS(5)", "c.t SUCCESS(5)");
  }
}
