package io.taskflow4j.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.taskflow4j.engine.Engine;
import io.taskflow4j.engine.EngineBuilder;
import io.taskflow4j.engine.FlowFailedException;
import io.taskflow4j.flow.Flow;
import io.taskflow4j.listener.CapturingListener;
import io.taskflow4j.state.FlowState;
import io.taskflow4j.task.LambdaTaskBuilder;
import io.taskflow4j.task.Task;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The plain scenarios of the reference's {@code test_engines.py}, in our words: linear, unordered,
 * graph and nested flows run, failed and reverted, with the task transitions the reference's tests
 * assert. Each runs on the serial and the parallel engine. {@code docs/conformance.md} maps them.
 */
class EngineConformanceTest {

  static List<UnaryOperator<EngineBuilder>> engines() {
    return List.of(EngineBuilder::serial, b -> b.threads(2));
  }

  private static Task five(String name) {
    return Task.builder(name).execute(ctx -> 5).build();
  }

  private static Task woot(String name) {
    return Task.builder(name).execute(ctx -> {
      throw new IllegalStateException("Woot!");
    }).build();
  }

  private static CapturingListener tasks() {
    return CapturingListener.of(List.of(CapturingListener.Kind.TASK), List.of());
  }

  /** Runs the flow to SUCCESS; the task transitions it captured. */
  private static List<String> succeeds(UnaryOperator<EngineBuilder> kind, Flow flow) {
    CapturingListener capture = tasks();
    try (Engine engine = kind.apply(Engine.builder(flow)).listener(capture).build()) {
      assertThat(engine.run()).isEqualTo(FlowState.SUCCESS);
    }
    return capture.notation();
  }

  /** Runs the flow, which must end REVERTED because {@code failed} said "Woot!"; what it captured. */
  private static List<String> reverts(UnaryOperator<EngineBuilder> kind, Flow flow, String failed) {
    CapturingListener capture = tasks();
    try (Engine engine = kind.apply(Engine.builder(flow)).listener(capture).build()) {
      FlowFailedException failure = catchThrowableOfType(FlowFailedException.class, engine::run);
      assertThat(failure.state()).isEqualTo(FlowState.REVERTED);
      assertThat(failure.failures().get(failed).message()).startsWith("Woot");
    }
    return capture.notation();
  }

  static List<Flow> emptyFlows() {
    return List.of(Flow.linear("flow-1"), Flow.unordered("flow-1"), Flow.graph("g-1"),
        Flow.graph("g-1").add(Flow.linear("l-1"), Flow.graph("g-2")));
  }

  // test_run_empty_linear_flow, test_run_empty_unordered_flow, test_run_empty_graph_flow,
  // test_run_empty_nested_graph_flows
  @ParameterizedTest
  @MethodSource("engines")
  void anEmptyFlowSucceedsRunningNothing(UnaryOperator<EngineBuilder> kind) {
    for (Flow flow : emptyFlows()) {
      assertThat(succeeds(kind, flow)).as(flow.toString()).isEmpty();
    }
  }

  // test_sequential_flow_one_task
  @ParameterizedTest
  @MethodSource("engines")
  void aLinearFlowOfOneTaskRunsIt(UnaryOperator<EngineBuilder> kind) {
    assertThat(succeeds(kind, Flow.linear("flow-1").add(five("task1"))))
        .containsExactly("task1.t RUNNING", "task1.t SUCCESS(5)");
  }

  // test_sequential_flow_two_tasks
  @ParameterizedTest
  @MethodSource("engines")
  void aLinearFlowRunsItsTasksInOrder(UnaryOperator<EngineBuilder> kind) {
    assertThat(succeeds(kind, Flow.linear("flow-2").add(five("task1"), five("task2"))))
        .containsExactly("task1.t RUNNING", "task1.t SUCCESS(5)", "task2.t RUNNING", "task2.t SUCCESS(5)");
  }

  // test_sequential_flow_nested_blocks
  @ParameterizedTest
  @MethodSource("engines")
  void aLinearFlowNestedInALinearFlowRunsAfterWhatPrecedesIt(UnaryOperator<EngineBuilder> kind) {
    Flow flow = Flow.linear("nested-1").add(five("task1"), Flow.linear("inner-1").add(five("task2")));
    assertThat(succeeds(kind, flow))
        .containsExactly("task1.t RUNNING", "task1.t SUCCESS(5)", "task2.t RUNNING", "task2.t SUCCESS(5)");
  }

  // test_revert_not_run_task_is_not_reverted
  @ParameterizedTest
  @MethodSource("engines")
  void aTaskAfterTheFailedOneNeverRunsAndIsNotReverted(UnaryOperator<EngineBuilder> kind) {
    Flow flow = Flow.linear("revert-not-run").add(woot("fail"), five("never"));
    assertThat(reverts(kind, flow, "fail")).containsExactly(
        "fail.t RUNNING", "fail.t FAILURE(Failure: IllegalStateException: Woot!)",
        "fail.t REVERTING", "fail.t REVERTED(None)");
  }

  // test_correctly_reverts_children
  @ParameterizedTest
  @MethodSource("engines")
  void aFailureInANestedFlowRevertsItAndThenWhatRanBeforeIt(UnaryOperator<EngineBuilder> kind) {
    Flow flow = Flow.linear("root-1").add(five("task1"),
        Flow.linear("child-1").add(five("task2"), woot("fail")));
    assertThat(reverts(kind, flow, "fail")).containsExactly(
        "task1.t RUNNING", "task1.t SUCCESS(5)", "task2.t RUNNING", "task2.t SUCCESS(5)",
        "fail.t RUNNING", "fail.t FAILURE(Failure: IllegalStateException: Woot!)",
        "fail.t REVERTING", "fail.t REVERTED(None)",
        "task2.t REVERTING", "task2.t REVERTED(None)",
        "task1.t REVERTING", "task1.t REVERTED(None)");
  }

  // test_parallel_flow_one_task
  @ParameterizedTest
  @MethodSource("engines")
  void anUnorderedFlowOfOneTaskRunsItAndStoresWhatItProvides(UnaryOperator<EngineBuilder> kind) {
    Flow flow = Flow.unordered("p-1").add(Task.builder("task1").provides("a").execute(ctx -> 5).build());
    CapturingListener capture = tasks();
    try (Engine engine = kind.apply(Engine.builder(flow)).listener(capture).build()) {
      assertThat(engine.run()).isEqualTo(FlowState.SUCCESS);
      assertThat(engine.results()).containsExactlyEntriesOf(Map.of("a", 5));
    }
    assertThat(capture.notation()).containsExactly("task1.t RUNNING", "task1.t SUCCESS(5)");
  }

  // test_parallel_flow_two_tasks
  @ParameterizedTest
  @MethodSource("engines")
  void anUnorderedFlowRunsBothItsTasks(UnaryOperator<EngineBuilder> kind) {
    assertThat(succeeds(kind, Flow.unordered("p-2").add(five("task1"), five("task2"))))
        .containsExactlyInAnyOrder("task1.t RUNNING", "task1.t SUCCESS(5)", "task2.t RUNNING", "task2.t SUCCESS(5)");
  }

  // test_parallel_revert
  @ParameterizedTest
  @MethodSource("engines")
  void aFailedTaskInAnUnorderedFlowRevertsTheRun(UnaryOperator<EngineBuilder> kind) {
    Flow flow = Flow.unordered("p-r-3").add(
        Task.builder("task1").execute(ctx -> null).build(), woot("fail"),
        Task.builder("task2").execute(ctx -> null).build());
    assertThat(reverts(kind, flow, "fail")).contains("fail.t FAILURE(Failure: IllegalStateException: Woot!)");
  }

  // test_graph_flow_one_task
  @ParameterizedTest
  @MethodSource("engines")
  void aGraphFlowOfOneTaskRunsIt(UnaryOperator<EngineBuilder> kind) {
    assertThat(succeeds(kind, Flow.graph("g-1").add(five("task1"))))
        .containsExactly("task1.t RUNNING", "task1.t SUCCESS(5)");
  }

  // test_graph_flow_two_independent_tasks
  @ParameterizedTest
  @MethodSource("engines")
  void aGraphFlowRunsBothOfTwoIndependentTasks(UnaryOperator<EngineBuilder> kind) {
    assertThat(succeeds(kind, Flow.graph("g-2").add(five("task1"), five("task2"))))
        .containsExactlyInAnyOrder("task1.t RUNNING", "task1.t SUCCESS(5)", "task2.t RUNNING", "task2.t SUCCESS(5)");
  }

  private static Task five(String name, String provides, String... requires) {
    return Task.builder(name).provides(provides).requires(requires).execute(ctx -> 5).build();
  }

  // test_graph_flow_two_tasks
  @ParameterizedTest
  @MethodSource("engines")
  void aGraphFlowRunsATaskAfterTheOneProvidingWhatItRequires(UnaryOperator<EngineBuilder> kind) {
    Flow flow = Flow.graph("g-1-1").add(Task.builder("task2").requires("a").execute(ctx -> 5).build(),
        five("task1", "a"));
    assertThat(succeeds(kind, flow))
        .containsExactly("task1.t RUNNING", "task1.t SUCCESS(5)", "task2.t RUNNING", "task2.t SUCCESS(5)");
  }

  // test_graph_flow_four_tasks_added_separately
  @ParameterizedTest
  @MethodSource("engines")
  void aGraphFlowOrdersTasksAddedOneByOneByWhatTheyRequire(UnaryOperator<EngineBuilder> kind) {
    Flow flow = Flow.graph("g-4").add(five("task4", "d", "c")).add(five("task2", "b", "a"))
        .add(five("task3", "c", "b")).add(five("task1", "a"));
    assertThat(succeeds(kind, flow)).containsExactly(
        "task1.t RUNNING", "task1.t SUCCESS(5)", "task2.t RUNNING", "task2.t SUCCESS(5)",
        "task3.t RUNNING", "task3.t SUCCESS(5)", "task4.t RUNNING", "task4.t SUCCESS(5)");
  }

  // test_graph_flow_four_tasks_revert
  @ParameterizedTest
  @MethodSource("engines")
  void aFailureInAGraphFlowRevertsWhatRanInReverseOrderAndNotWhatWaited(UnaryOperator<EngineBuilder> kind) {
    Flow flow = Flow.graph("g-4-failing").add(five("task4", "d", "c"), five("task2", "b", "a"),
        Task.builder("task3").provides("c").requires("b").execute(ctx -> {
          throw new IllegalStateException("Woot!");
        }).build(),
        five("task1", "a"));
    assertThat(reverts(kind, flow, "task3")).containsExactly(
        "task1.t RUNNING", "task1.t SUCCESS(5)", "task2.t RUNNING", "task2.t SUCCESS(5)",
        "task3.t RUNNING", "task3.t FAILURE(Failure: IllegalStateException: Woot!)",
        "task3.t REVERTING", "task3.t REVERTED(None)",
        "task2.t REVERTING", "task2.t REVERTED(None)",
        "task1.t REVERTING", "task1.t REVERTED(None)");
  }

  // test_revert_removes_data
  @ParameterizedTest
  @MethodSource("engines")
  void aRevertedRunLeavesNothingProvided(UnaryOperator<EngineBuilder> kind) {
    Flow flow = Flow.linear("revert-removes").add(five("one", "one"),
        Task.builder("multi").provides("a", "b", "c").execute(ctx -> List.of(1, 2, 3)).build(), woot("fail"));
    try (Engine engine = kind.apply(Engine.builder(flow)).build()) {
      FlowFailedException failure = catchThrowableOfType(FlowFailedException.class, engine::run);
      assertThat(failure.state()).isEqualTo(FlowState.REVERTED);
      assertThat(engine.results()).isEmpty();
    }
  }

  private static Task nasty(String name, String provides, String... requires) {
    LambdaTaskBuilder builder = Task.builder(name).requires(requires).execute(ctx -> null);
    if (provides != null) {
      builder.provides(provides);
    }
    return builder.revert(ctx -> {
      throw new IllegalStateException("Gotcha!");
    }).build();
  }

  /** Runs the flow, which must end in FAILURE because {@code nasty}'s revert said "Gotcha!". */
  private static FlowFailedException failsToRevert(UnaryOperator<EngineBuilder> kind, Flow flow, String nasty) {
    try (Engine engine = kind.apply(Engine.builder(flow)).build()) {
      FlowFailedException failure = catchThrowableOfType(FlowFailedException.class, engine::run);
      assertThat(failure.state()).isEqualTo(FlowState.FAILURE);
      assertThat(failure.revertFailures().get(nasty).message()).startsWith("Gotcha");
      return failure;
    }
  }

  // test_nasty_revert, test_revert_exception_is_reraised
  @ParameterizedTest
  @MethodSource("engines")
  void aRevertThatThrowsEndsTheRunInFailureKeepingBothFailures(UnaryOperator<EngineBuilder> kind) {
    FlowFailedException failure = failsToRevert(kind, Flow.linear("revert").add(nasty("nasty", null), woot("fail")),
        "nasty");
    assertThat(failure.failures().get("fail").message()).startsWith("Woot");
  }

  // test_nasty_failing_task_exception_reraised
  @ParameterizedTest
  @MethodSource("engines")
  void aTaskThatFailsAndThenFailsToRevertEndsTheRunInFailure(UnaryOperator<EngineBuilder> kind) {
    Task task = Task.builder("nasty").execute(ctx -> {
      throw new IllegalStateException("Woot!");
    }).revert(ctx -> {
      throw new IllegalStateException("Gotcha!");
    }).build();
    failsToRevert(kind, Flow.linear("one").add(task), "nasty");
  }

  // test_parallel_revert_exception_is_reraised
  @ParameterizedTest
  @MethodSource("engines")
  void aRevertThatThrowsInAnUnorderedFlowEndsTheRunInFailure(UnaryOperator<EngineBuilder> kind) {
    Flow flow = Flow.linear("p-r-r-l").add(
        Flow.unordered("p-r-r").add(Task.builder("task1").execute(ctx -> null).build(), nasty("nasty", null)),
        woot("fail"));
    failsToRevert(kind, flow, "nasty");
  }

  // test_graph_flow_four_tasks_revert_failure
  @ParameterizedTest
  @MethodSource("engines")
  void aRevertThatThrowsInAGraphFlowEndsTheRunInFailure(UnaryOperator<EngineBuilder> kind) {
    Flow flow = Flow.graph("g-3-nasty").add(nasty("task2", "b", "a"),
        Task.builder("task3").requires("b").execute(ctx -> {
          throw new IllegalStateException("Woot!");
        }).build(),
        five("task1", "a"));
    failsToRevert(kind, flow, "task2");
  }

  // test_fetch_with_a_single_result, test_fetch_all_with_a_single_result
  @ParameterizedTest
  @MethodSource("engines")
  void aSingleProvidedValueIsFetchedByNameAndIsAllThereIs(UnaryOperator<EngineBuilder> kind) {
    Flow flow = Flow.linear("flow").add(Task.builder("one").provides("x").execute(ctx -> 1).build());
    try (Engine engine = kind.apply(Engine.builder(flow)).build()) {
      assertThat(engine.run()).isEqualTo(FlowState.SUCCESS);
      assertThat(engine.result("x")).contains(1);
      assertThat(engine.results()).containsExactlyEntriesOf(Map.of("x", 1));
    }
  }

  private static Task addOne(String name) {
    return Task.builder(name).requires("value").provides("value")
        .execute(ctx -> ctx.argument("value", Integer.class) + 1).build();
  }

  // test_many_results_visible_to
  @ParameterizedTest
  @MethodSource("engines")
  void eachTaskSeesTheValueProvidedByTheNearestTaskBeforeIt(UnaryOperator<EngineBuilder> kind) {
    Flow flow = Flow.linear("flow").add(
        Task.builder("a").requires("value").provides("value").rebind("value", "source")
            .execute(ctx -> ctx.argument("value", Integer.class) + 1).build(),
        addOne("b"), addOne("c"));
    CapturingListener capture = tasks();
    try (Engine engine = kind.apply(Engine.builder(flow)).input("source", 0).listener(capture).build()) {
      assertThat(engine.run()).isEqualTo(FlowState.SUCCESS);
    }
    // a saw 0, b saw a's 1, c saw b's 2
    assertThat(capture.notation()).containsExactly(
        "a.t RUNNING", "a.t SUCCESS(1)", "b.t RUNNING", "b.t SUCCESS(2)", "c.t RUNNING", "c.t SUCCESS(3)");
  }

  // test_revert_ok_for_unordered_in_linear
  @ParameterizedTest
  @MethodSource("engines")
  void aFailureInAnUnorderedFlowAfterTwoTasksRevertsThemInReverseOrder(UnaryOperator<EngineBuilder> kind) {
    Flow flow = Flow.linear("p-root").add(five("task1"), five("task2"),
        Flow.unordered("p-inner").add(five("task3"), woot("fail")));
    List<String> captured = reverts(kind, flow, "fail");
    assertThat(captured).containsSubsequence("task1.t RUNNING", "task2.t RUNNING",
        "fail.t FAILURE(Failure: IllegalStateException: Woot!)", "task2.t REVERTED(None)", "task1.t REVERTED(None)");
    if (captured.contains("task3.t RUNNING")) {
      assertThat(captured).containsSubsequence("task1.t RUNNING", "task2.t RUNNING", "task3.t RUNNING",
          "task3.t REVERTED(None)", "task2.t REVERTED(None)", "task1.t REVERTED(None)");
    }
  }

  // test_revert_ok_for_linear_in_unordered
  @ParameterizedTest
  @MethodSource("engines")
  void aFailureInALinearFlowInsideAnUnorderedOneRevertsItsSiblingsToo(UnaryOperator<EngineBuilder> kind) {
    Flow flow = Flow.unordered("p-root").add(five("task1"),
        Flow.linear("p-inner").add(five("task2"), woot("fail")));
    List<String> captured = reverts(kind, flow, "fail");
    assertThat(captured).contains("fail.t FAILURE(Failure: IllegalStateException: Woot!)");
    if (captured.contains("task1.t RUNNING")) {
      assertThat(captured).containsSubsequence("task1.t RUNNING", "task1.t SUCCESS(5)", "task1.t REVERTED(None)");
    }
    assertThat(captured).containsSubsequence("task2.t RUNNING", "task2.t SUCCESS(5)", "task2.t REVERTED(None)");
  }
}
