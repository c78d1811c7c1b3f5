package io.taskflow4j.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.taskflow4j.engine.Engine;
import io.taskflow4j.engine.EngineBuilder;
import io.taskflow4j.engine.FlowFailedException;
import io.taskflow4j.engine.FlowGraph;
import io.taskflow4j.flow.Flow;
import io.taskflow4j.listener.AtomStateChange;
import io.taskflow4j.listener.CapturingListener;
import io.taskflow4j.listener.FlowListener;
import io.taskflow4j.listener.RunEvent;
import io.taskflow4j.listener.RunStream;
import io.taskflow4j.listener.TaskEvent;
import io.taskflow4j.persistence.AtomDetail;
import io.taskflow4j.persistence.Changes;
import io.taskflow4j.persistence.FlowStore;
import io.taskflow4j.state.AtomState;
import io.taskflow4j.state.FlowState;
import io.taskflow4j.task.LambdaTaskBuilder;
import io.taskflow4j.task.Task;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The scenarios of the reference's {@code test_engines.py}, in our words: linear, unordered, graph
 * and nested flows run, failed and reverted, with the task transitions the reference's tests
 * assert; task events; which value a task sees; a run stepped through its {@code RunStream}; a
 * resumed record. Most run on the serial and the parallel engine. {@code docs/conformance.md}
 * maps them.
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

  // test_run_task_with_flow_notifications
  @ParameterizedTest
  @MethodSource("engines")
  void aFlowOfOneTaskSaysItsOwnStatesAroundTheTasks(UnaryOperator<EngineBuilder> kind) {
    CapturingListener capture = CapturingListener.create();
    try (Engine engine = kind.apply(Engine.builder(Flow.linear("flow-1").add(five("task1")))).listener(capture).build()) {
      assertThat(engine.run()).isEqualTo(FlowState.SUCCESS);
    }
    assertThat(capture.notation())
        .containsExactly("flow-1.f RUNNING", "task1.t RUNNING", "task1.t SUCCESS(5)", "flow-1.f SUCCESS");
  }

  // test_failing_task_with_flow_notifications
  @ParameterizedTest
  @MethodSource("engines")
  void aFailingFlowSaysItsStatesAndRunsTheSameWayAgainOnceReset(UnaryOperator<EngineBuilder> kind) {
    CapturingListener capture = CapturingListener.create();
    try (Engine engine = kind.apply(Engine.builder(Flow.linear("flow-1").add(woot("fail")))).listener(capture).build()) {
      FlowFailedException failure = catchThrowableOfType(FlowFailedException.class, engine::run);
      assertThat(failure.failures().get("fail").message()).startsWith("Woot");
      assertThat(engine.state()).isEqualTo(FlowState.REVERTED);
      List<String> once = List.of("flow-1.f RUNNING", "fail.t RUNNING",
          "fail.t FAILURE(Failure: IllegalStateException: Woot!)", "fail.t REVERTING", "fail.t REVERTED(None)",
          "flow-1.f REVERTED");
      assertThat(capture.notation()).containsExactlyElementsOf(once);
      // The reference runs it again as it is; ours refuses a second run after a revert until reset().
      assertThatThrownBy(engine::run).isInstanceOf(IllegalStateException.class).hasMessageContaining("reset()");
      assertThat(capture.notation()).hasSize(6);
      engine.reset();
      FlowFailedException again = catchThrowableOfType(FlowFailedException.class, engine::run);
      assertThat(again.failures().get("fail").message()).startsWith("Woot");
      assertThat(engine.state()).isEqualTo(FlowState.REVERTED);
      List<String> twice = new ArrayList<>(once);
      twice.add("flow-1.f PENDING");
      twice.addAll(once);
      assertThat(capture.notation()).containsExactlyElementsOf(twice);
    }
  }

  /** A listener keeping, per task, the details of each task event of one type. */
  private static final class EventsOf implements FlowListener {
    private final String type;
    private final Map<String, List<Map<String, Object>>> details = new ConcurrentHashMap<>();

    EventsOf(String type) {
      this.type = type;
    }

    @Override
    public void onTaskEvent(TaskEvent event) {
      if (event.eventType().equals(type)) {
        details.computeIfAbsent(event.taskName(), name -> new CopyOnWriteArrayList<>()).add(event.details());
      }
    }

    List<Map<String, Object>> of(String task) {
      return details.getOrDefault(task, List.of());
    }
  }

  private static Task progressing(String name) {
    return Task.builder(name).requires("progress_chunks").execute(ctx -> {
      List<?> chunks = ctx.argument("progress_chunks", List.class);
      for (Object chunk : chunks) {
        ctx.reportProgress(((Number) chunk).doubleValue());
      }
      return chunks.size();
    }).build();
  }

  // test_run_capture_task_notifications
  @ParameterizedTest
  @MethodSource("engines")
  void eachTasksProgressReportsComeBetweenTheEnginesZeroAndOne(UnaryOperator<EngineBuilder> kind) {
    EventsOf progress = new EventsOf("update_progress");
    Flow flow = Flow.linear("flow").add(progressing("work-1"), progressing("work-2"));
    try (Engine engine = kind.apply(Engine.builder(flow)).input("progress_chunks", List.of(0.2, 0.5, 0.8))
        .listener(progress).build()) {
      assertThat(engine.run()).isEqualTo(FlowState.SUCCESS);
    }
    for (String task : List.of("work-1", "work-2")) {
      assertThat(progress.of(task)).as(task).containsExactly(Map.of("progress", 0.0), Map.of("progress", 0.2),
          Map.of("progress", 0.5), Map.of("progress", 0.8), Map.of("progress", 1.0));
    }
  }

  // test_update_progress_notifications_proxied
  @ParameterizedTest
  @MethodSource("engines")
  void aTaskReportingNineStepsIsHeardElevenTimes(UnaryOperator<EngineBuilder> kind) {
    EventsOf progress = new EventsOf("update_progress");
    List<Double> chunks = List.of(0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9);
    try (Engine engine = kind.apply(Engine.builder(Flow.linear("flow").add(progressing("a"))))
        .input("progress_chunks", chunks).listener(progress).build()) {
      assertThat(engine.run()).isEqualTo(FlowState.SUCCESS);
    }
    assertThat(progress.of("a")).hasSize(11);
  }

  // test_custom_notifications_proxied
  @ParameterizedTest
  @MethodSource("engines")
  void anEventATaskEmitsReachesListenersOnceWithItsType(UnaryOperator<EngineBuilder> kind) {
    EventsOf hi = new EventsOf("hi");
    EventsOf progress = new EventsOf("update_progress");
    Task emitting = Task.builder("a").execute(ctx -> {
      ctx.emit("hi", Map.of("sent_on", "now"));
      return null;
    }).build();
    try (Engine engine = kind.apply(Engine.builder(Flow.linear("flow").add(emitting))).listener(hi).listener(progress)
        .build()) {
      assertThat(engine.run()).isEqualTo(FlowState.SUCCESS);
    }
    assertThat(hi.of("a")).containsExactly(Map.of("sent_on", "now"));
    // The engine's own 0.0 and 1.0 around the task.
    assertThat(progress.of("a")).hasSize(2);
  }

  private static Task addOneTo(String name, String provides) {
    return Task.builder(name).requires("source").provides(provides)
        .execute(ctx -> ctx.argument("source", Integer.class) + 1).build();
  }

  private static Task returning(String name, Object value, String provides) {
    return Task.builder(name).provides(provides).execute(ctx -> value).build();
  }

  // test_overlap_parent_sibling_expected_result
  @ParameterizedTest
  @MethodSource("engines")
  void aNestedTaskSeesTheValueOfTheNearestEarlierSiblingOfItsFlow(UnaryOperator<EngineBuilder> kind) {
    Flow flow = Flow.linear("flow-1").add(returning("progressing", 5, "source"), returning("one", 1, "source"),
        Flow.linear("flow-2").add(addOneTo("add", "result")));
    try (Engine engine = kind.apply(Engine.builder(flow)).build()) {
      assertThat(engine.run()).isEqualTo(FlowState.SUCCESS);
      assertThat(engine.result("result")).contains(2);
    }
  }

  // test_overlap_parent_expected_result
  @ParameterizedTest
  @MethodSource("engines")
  void aNestedTaskSeesTheValueOfItsOwnFlowRatherThanItsParents(UnaryOperator<EngineBuilder> kind) {
    Flow flow = Flow.linear("flow-1").add(returning("progressing", 5, "source"),
        Flow.linear("flow-2").add(returning("one", 1, "source"), addOneTo("add", "result")));
    try (Engine engine = kind.apply(Engine.builder(flow)).build()) {
      assertThat(engine.run()).isEqualTo(FlowState.SUCCESS);
      assertThat(engine.result("result")).contains(2);
    }
  }

  // test_overlap_sibling_expected_result
  @ParameterizedTest
  @MethodSource("engines")
  void aTaskSeesTheValueOfTheNearestOfTwoEarlierSiblingsProvidingIt(UnaryOperator<EngineBuilder> kind) {
    Flow flow = Flow.linear("flow-1").add(returning("progressing", 5, "source"), returning("one", 1, "source"),
        addOneTo("add", "result"));
    try (Engine engine = kind.apply(Engine.builder(flow)).build()) {
      assertThat(engine.run()).isEqualTo(FlowState.SUCCESS);
      assertThat(engine.result("result")).contains(2);
    }
  }

  // test_task_can_update_value (in part: see docs/conformance.md)
  @ParameterizedTest
  @MethodSource("engines")
  void aTaskRequiringAndProvidingANameReadsTheInputAndProvidesItsOwnValue(UnaryOperator<EngineBuilder> kind) {
    List<Object> seen = new CopyOnWriteArrayList<>();
    Task update = Task.builder("update").requires("x").provides("x").execute(ctx -> {
      seen.add(ctx.argument("x", Integer.class));
      return 1;
    }).build();
    try (Engine engine = kind.apply(Engine.builder(Flow.linear("flow").add(update))).input("x", 0).build()) {
      assertThat(engine.run()).isEqualTo(FlowState.SUCCESS);
      assertThat(engine.results()).containsExactlyEntriesOf(Map.of("x", 1));
    }
    assertThat(seen).containsExactly(0);
  }

  private static Task sumOfThree(String name, String x, String y, String z, String provides) {
    return Task.builder(name).requires("x", "y", "z").rebind("x", x).rebind("y", y).rebind("z", z).provides(provides)
        .execute(ctx -> ctx.argument("x", Integer.class) + ctx.argument("y", Integer.class)
            + ctx.argument("z", Integer.class))
        .build();
  }

  // test_graph_flow_with_multireturn_and_multiargs_tasks
  @ParameterizedTest
  @MethodSource("engines")
  void aGraphFlowWiresSeveralResultsIntoSeveralArgumentsByName(UnaryOperator<EngineBuilder> kind) {
    Flow flow = Flow.graph("g-3-multi").add(
        sumOfThree("task1", "a", "b", "y", "z"),
        Task.builder("task2").provides("a", "b", "c").execute(ctx -> List.of(1, 3, 5)).build(),
        sumOfThree("task3", "c", "b", "x", "y"));
    try (Engine engine = kind.apply(Engine.builder(flow)).input("x", 30).build()) {
      assertThat(engine.run()).isEqualTo(FlowState.SUCCESS);
      assertThat(engine.results()).containsExactlyInAnyOrderEntriesOf(Map.of("a", 1, "b", 3, "c", 5, "y", 38, "z", 42));
      assertThat(engine.result("x")).contains(30);
    }
  }

  // test_task_graph_property
  @Test
  void aCompiledGraphFlowHasAGraphOfItsTasks() {
    Flow flow = Flow.graph("test").add(Task.builder("task1").execute(ctx -> null).build(),
        Task.builder("task2").execute(ctx -> null).build());
    FlowGraph graph = FlowGraph.of(flow);
    assertThat(graph.atoms()).containsExactlyInAnyOrder("task1", "task2");
    assertThat(graph.dependencies().get("task1")).isEmpty();
    assertThat(graph.dependencies().get("task2")).isEmpty();
  }

  // test_task_graph_property_for_one_task
  @Test
  void aCompiledFlowOfOneTaskHasAGraphOfThatTask() {
    FlowGraph graph = FlowGraph.of(Flow.linear("flow-1").add(Task.builder("task1").execute(ctx -> null).build()));
    assertThat(graph.atoms()).containsExactly("task1");
  }

  // test_correct_load, test_singlethreaded_is_the_default (see docs/conformance.md)
  @Test
  void aSerialEngineRunsTasksOnTheCallingThreadAndTheDefaultOneOnItsPool() {
    List<Thread> threads = new CopyOnWriteArrayList<>();
    Flow flow = Flow.linear("flow").add(Task.builder("task1").execute(ctx -> threads.add(Thread.currentThread())).build());
    try (Engine engine = Engine.builder(flow).serial().build()) {
      engine.run();
    }
    try (Engine engine = Engine.builder(flow).build()) {
      engine.run();
    }
    assertThat(threads).hasSize(2);
    assertThat(threads.get(0)).isSameAs(Thread.currentThread());
    assertThat(threads.get(1)).isNotSameAs(Thread.currentThread());
  }

  // test_using_common_executor
  @Test
  void twoEnginesGivenOneExecutorRunTheirTasksOnItAndLeaveItRunning() {
    List<String> threadNames = new CopyOnWriteArrayList<>();
    ExecutorService executor = Executors.newFixedThreadPool(2, runnable -> new Thread(runnable, "common-executor"));
    try {
      for (int i = 0; i < 2; i++) {
        Flow flow = Flow.linear("flow").add(
            Task.builder("task1").execute(ctx -> threadNames.add(Thread.currentThread().getName())).build());
        try (Engine engine = Engine.builder(flow).executor(executor).build()) {
          assertThat(engine.run()).isEqualTo(FlowState.SUCCESS);
        }
      }
      assertThat(threadNames).containsExactly("common-executor", "common-executor");
      assertThat(executor.isShutdown()).isFalse();
    } finally {
      executor.shutdownNow();
    }
  }

  // test_sequential_flow_two_tasks_iter
  @ParameterizedTest
  @MethodSource("engines")
  void aLinearFlowSteppedThroughItsRunStreamRunsItsTasksInOrder(UnaryOperator<EngineBuilder> kind) {
    RunStream stream = RunStream.create();
    CapturingListener capture = tasks();
    Flow flow = Flow.linear("flow-2").add(five("task1"), five("task2"));
    try (Engine engine = kind.apply(Engine.builder(flow)).listener(stream).listener(capture).build()) {
      CompletableFuture<FlowState> run = stream.start(engine::runAsync);
      List<RunEvent> gathered = new ArrayList<>();
      stream.iterator().forEachRemaining(gathered::add);
      assertThat(run.join()).isEqualTo(FlowState.SUCCESS);
      assertThat(gathered).isNotEmpty();
    }
    assertThat(capture.notation())
        .containsExactly("task1.t RUNNING", "task1.t SUCCESS(5)", "task2.t RUNNING", "task2.t SUCCESS(5)");
  }

  // test_sequential_flow_iter_suspend_resume
  @ParameterizedTest
  @MethodSource("engines")
  void aRunSuspendedWhileSteppedThroughRunsOnlyTheRestWhenRunAgain(UnaryOperator<EngineBuilder> kind) {
    RunStream stream = RunStream.create();
    CapturingListener capture = tasks();
    Flow flow = Flow.linear("flow-2").add(five("task1"), five("task2"));
    try (Engine engine = kind.apply(Engine.builder(flow)).listener(stream).listener(capture).build()) {
      CompletableFuture<FlowState> run = stream.start(engine::runAsync);
      Iterator<RunEvent> events = stream.iterator();
      List<String> gathered = new ArrayList<>();
      while (events.hasNext()) {
        RunEvent event = events.next();
        gathered.add(event.notation());
        if (event.notation().equals("task1.t SUCCESS(5)")) {
          // Stop it before task2 starts.
          stream.atChange(engine::suspend);
        }
      }
      assertThat(run.join()).isEqualTo(FlowState.SUSPENDED);
      assertThat(gathered).isNotEmpty();
      assertThat(capture.notation()).containsExactly("task1.t RUNNING", "task1.t SUCCESS(5)");
      assertThat(engine.state()).isEqualTo(FlowState.SUSPENDED);

      capture.clear();
      CompletableFuture<FlowState> again = stream.start(engine::runAsync);
      stream.iterator().forEachRemaining(event -> { });
      assertThat(again.join()).isEqualTo(FlowState.SUCCESS);
      assertThat(capture.notation()).containsExactly("task2.t RUNNING", "task2.t SUCCESS(5)");
      assertThat(engine.state()).isEqualTo(FlowState.SUCCESS);
    }
  }

  // test_sequential_flow_two_tasks_with_resumption
  @ParameterizedTest
  @MethodSource("engines")
  void aResumedRecordWhoseFirstTaskSucceededRunsOnlyTheSecondAndKeepsTheRecordedResult(
      UnaryOperator<EngineBuilder> kind) {
    Flow flow = Flow.linear("lf-2-r").add(five("task1", "x1"), five("task2", "x2"));
    FlowStore store = FlowStore.inMemory();
    // A record as if task1 had run and returned 17: a first run suspended right after task1, whose
    // recorded result is then rewritten.
    java.util.concurrent.atomic.AtomicReference<Engine> running = new java.util.concurrent.atomic.AtomicReference<>();
    FlowListener stopAfterTask1 = new FlowListener() {
      @Override
      public void onAtomStateChange(AtomStateChange change) {
        if (change.atomName().equals("task1") && change.to() == AtomState.SUCCESS) {
          running.get().suspend();
        }
      }
    };
    String flowId;
    try (Engine first = Engine.builder(flow).serial().store(store).listener(stopAfterTask1).build()) {
      running.set(first);
      assertThat(first.run()).isEqualTo(FlowState.SUSPENDED);
      flowId = first.flowId();
    }
    AtomDetail task1 = store.atoms(flowId).stream().filter(d -> d.name().equals("task1")).findFirst().orElseThrow();
    assertThat(task1.state()).isEqualTo(AtomState.SUCCESS);
    store.save(new Changes(List.of(), List.of(), List.of(new AtomDetail(task1.uuid(), task1.flowUuid(), task1.name(),
        task1.type(), task1.version(), task1.state(), task1.intention(), Optional.of(17), task1.failure(),
        task1.revertResults(), task1.revertFailure(), task1.meta(), task1.createdAt(), task1.updatedAt()))));

    CapturingListener capture = tasks();
    try (Engine engine = kind.apply(Engine.builder(flow)).resume(store, flowId).listener(capture).build()) {
      assertThat(engine.run()).isEqualTo(FlowState.SUCCESS);
      assertThat(engine.results()).containsExactlyInAnyOrderEntriesOf(Map.of("x1", 17, "x2", 5));
    }
    assertThat(capture.notation()).containsExactly("task2.t RUNNING", "task2.t SUCCESS(5)");
  }
}
