package io.taskflow4j.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.taskflow4j.engine.Engine;
import io.taskflow4j.engine.EngineBuilder;
import io.taskflow4j.engine.FlowFailedException;
import io.taskflow4j.flow.Flow;
import io.taskflow4j.listener.AtomStateChange;
import io.taskflow4j.listener.CapturingListener;
import io.taskflow4j.listener.FlowListener;
import io.taskflow4j.state.AtomState;
import io.taskflow4j.state.FlowState;
import io.taskflow4j.task.Task;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The engine options of the reference's {@code test_engines.py}, in our words: resetting an engine
 * to run its flow again. Each runs on the serial and the parallel engine. {@code
 * docs/conformance.md} maps them.
 */
class EngineOptionsConformanceTest {

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

  /** A listener whose capture can be started afresh between runs of one engine. */
  private static final class Captures implements FlowListener {
    private final AtomicReference<CapturingListener> current = new AtomicReference<>(fresh());

    private static CapturingListener fresh() {
      return CapturingListener.of(List.of(CapturingListener.Kind.TASK), List.of());
    }

    List<String> takeNotation() {
      return current.getAndSet(fresh()).notation();
    }

    @Override
    public void onAtomStateChange(AtomStateChange change) {
      current.get().onAtomStateChange(change);
    }
  }

  private static final List<String> THREE_RAN = List.of(
      "task1.t RUNNING", "task1.t SUCCESS(5)", "task2.t RUNNING", "task2.t SUCCESS(5)",
      "task3.t RUNNING", "task3.t SUCCESS(5)");

  // test_completed_reset_run_again
  @ParameterizedTest
  @MethodSource("engines")
  void aCompletedFlowRunsNothingAgainUntilResetThenRunsEverything(UnaryOperator<EngineBuilder> kind) {
    Captures captures = new Captures();
    Flow flow = Flow.linear("root").add(five("task1"), five("task2"), five("task3"));
    try (Engine engine = kind.apply(Engine.builder(flow)).listener(captures).build()) {
      assertThat(engine.run()).isEqualTo(FlowState.SUCCESS);
      assertThat(captures.takeNotation()).isEqualTo(THREE_RAN);
      assertThat(engine.run()).isEqualTo(FlowState.SUCCESS);
      assertThat(captures.takeNotation()).isEmpty();
      engine.reset();
      assertThat(engine.state()).isEqualTo(FlowState.PENDING);
      assertThat(engine.atomState("task1")).isEqualTo(AtomState.PENDING);
      assertThat(engine.run()).isEqualTo(FlowState.SUCCESS);
      assertThat(captures.takeNotation()).isEqualTo(THREE_RAN);
    }
  }

  // test_failed_reset_run_again
  @ParameterizedTest
  @MethodSource("engines")
  void aRevertedFlowResetRunsAndRevertsTheSameWayAgain(UnaryOperator<EngineBuilder> kind) {
    Captures captures = new Captures();
    Flow flow = Flow.linear("root").add(five("task1"), five("task2"), woot("task3"));
    List<String> expected = List.of(
        "task1.t RUNNING", "task1.t SUCCESS(5)", "task2.t RUNNING", "task2.t SUCCESS(5)",
        "task3.t RUNNING", "task3.t FAILURE(Failure: IllegalStateException: Woot!)",
        "task3.t REVERTING", "task3.t REVERTED(None)", "task2.t REVERTING", "task2.t REVERTED(None)",
        "task1.t REVERTING", "task1.t REVERTED(None)");
    try (Engine engine = kind.apply(Engine.builder(flow)).listener(captures).build()) {
      assertThat(catchThrowableOfType(FlowFailedException.class, engine::run).state()).isEqualTo(FlowState.REVERTED);
      assertThat(captures.takeNotation()).isEqualTo(expected);
      engine.reset();
      assertThat(catchThrowableOfType(FlowFailedException.class, engine::run).state()).isEqualTo(FlowState.REVERTED);
      assertThat(captures.takeNotation()).isEqualTo(expected);
    }
  }

  // test_suspended_reset_run_again: the reference suspends while stepping run_iter; ours from a
  // listener once task2 has succeeded, which stops at the same point
  @ParameterizedTest
  @MethodSource("engines")
  void aSuspendedFlowFinishesWhenRunAgainAndRunsEverythingAfterAReset(UnaryOperator<EngineBuilder> kind) {
    Captures captures = new Captures();
    AtomicReference<Engine> running = new AtomicReference<>();
    AtomicReference<Boolean> suspendOnce = new AtomicReference<>(true);
    FlowListener suspender = new FlowListener() {
      @Override
      public void onAtomStateChange(AtomStateChange change) {
        if (change.atomName().equals("task2") && change.to() == AtomState.SUCCESS && suspendOnce.getAndSet(false)) {
          running.get().suspend();
        }
      }
    };
    Flow flow = Flow.linear("root").add(five("task1"), five("task2"), five("task3"));
    try (Engine engine = kind.apply(Engine.builder(flow)).listener(captures).listener(suspender).build()) {
      running.set(engine);
      assertThat(engine.run()).isEqualTo(FlowState.SUSPENDED);
      assertThat(captures.takeNotation()).containsExactly(
          "task1.t RUNNING", "task1.t SUCCESS(5)", "task2.t RUNNING", "task2.t SUCCESS(5)");
      assertThat(engine.run()).isEqualTo(FlowState.SUCCESS);
      assertThat(captures.takeNotation()).containsExactly("task3.t RUNNING", "task3.t SUCCESS(5)");
      engine.reset();
      assertThat(engine.run()).isEqualTo(FlowState.SUCCESS);
      assertThat(captures.takeNotation()).isEqualTo(THREE_RAN);
    }
  }

  // test_parallel_flow_with_priority
  @ParameterizedTest
  @MethodSource("engines")
  void ofTasksReadyTogetherTheHighestPriorityStartsFirst(UnaryOperator<EngineBuilder> kind) {
    io.taskflow4j.flow.UnorderedFlow flow = Flow.unordered("p-1");
    List<String> expected = new java.util.ArrayList<>();
    for (int i = 0; i < 10; i++) {
      flow.add(Task.builder("task" + i).priority(i).execute(ctx -> 5).build());
      expected.add(0, "task" + i + ".t RUNNING");
    }
    CapturingListener capture = CapturingListener.of(List.of(CapturingListener.Kind.TASK), List.of());
    try (Engine engine = kind.apply(Engine.builder(flow)).listener(capture).build()) {
      assertThat(engine.run()).isEqualTo(FlowState.SUCCESS);
    }
    assertThat(capture.notation().stream().filter(line -> line.endsWith("RUNNING")).toList()).isEqualTo(expected);
  }

  // the same, added in the other order: the priority decides, not the order of adding
  @ParameterizedTest
  @MethodSource("engines")
  void priorityNotTheOrderOfAddingDecidesWhatStartsFirst(UnaryOperator<EngineBuilder> kind) {
    Flow flow = Flow.unordered("p-2").add(
        Task.builder("low").priority(-5).execute(ctx -> 1).build(),
        Task.builder("plain").execute(ctx -> 2).build(),
        Task.builder("high").priority(7).execute(ctx -> 3).build());
    CapturingListener capture = CapturingListener.of(List.of(CapturingListener.Kind.TASK), List.of());
    try (Engine engine = kind.apply(Engine.builder(flow)).listener(capture).build()) {
      assertThat(engine.run()).isEqualTo(FlowState.SUCCESS);
    }
    assertThat(capture.notation().stream().filter(line -> line.endsWith("RUNNING")).toList())
        .containsExactly("high.t RUNNING", "plain.t RUNNING", "low.t RUNNING");
  }

  // test_missing_deps_deep: the reference compiles, prepares, then validates; ours checks every
  // requirement when it compiles, before anything runs, and names each missing symbol
  @ParameterizedTest
  @MethodSource("engines")
  void compilingNamesEveryMissingRequirementOfEveryTask(UnaryOperator<EngineBuilder> kind) {
    Flow flow = Flow.graph("missing-many").add(
        Task.builder("task1").requires("a", "b", "c").execute(ctx -> 1).build(),
        Task.builder("task2").requires("x", "y", "z").rebind("x", "e").rebind("y", "f").rebind("z", "g")
            .execute(ctx -> 1).build());
    try (Engine engine = kind.apply(Engine.builder(flow)).build()) {
      io.taskflow4j.flow.FlowDefinitionException missing =
          catchThrowableOfType(io.taskflow4j.flow.FlowDefinitionException.class, engine::compile);
      assertThat(missing.symbols()).containsExactlyInAnyOrder("a", "b", "c", "e", "f", "g");
      assertThat(missing.atoms()).contains("task1", "task2");
      assertThat(missing).hasMessageContaining("atom 'task2' requires 'e'");
    }
  }

  // test_flow_failures_are_passed_to_revert
  @ParameterizedTest
  @MethodSource("engines")
  void aRevertReceivesItsResultAndTheFlowsFailures(UnaryOperator<EngineBuilder> kind) {
    AtomicReference<Object> result = new AtomicReference<>();
    AtomicReference<java.util.Map<String, io.taskflow4j.failure.Failure>> failures = new AtomicReference<>();
    Task checking = Task.builder("checking").execute(ctx -> "RESULT").revert(ctx -> {
      result.set(ctx.result(String.class));
      failures.set(ctx.flowFailures());
    }).build();
    Flow flow = Flow.linear("test").add(checking, woot("fail1"));
    try (Engine engine = kind.apply(Engine.builder(flow)).build()) {
      assertThat(catchThrowableOfType(FlowFailedException.class, engine::run).failures().get("fail1").message())
          .startsWith("Woot");
    }
    assertThat(result.get()).isEqualTo("RESULT");
    assertThat(failures.get()).containsOnlyKeys("fail1");
    // The reference's str(failure) is "Failure: RuntimeError: Woot!"; ours names the Java type.
    assertThat(failures.get().get("fail1").toString()).isEqualTo("java.lang.IllegalStateException: Woot!");
  }

  private static Task nasty(String name) {
    return Task.builder(name).execute(ctx -> {
      throw new IllegalStateException("Gotcha!");
    }).revert(ctx -> {
      throw new IllegalStateException("Gotcha again!");
    }).build();
  }

  // test_revert_raises_for_unordered_in_linear: a deliberate difference; the reference stops
  // reverting at the revert that fails, leaving task1 and task2 done; taskflow4j reverts every
  // other atom it can, so that as little as possible is left half-done, and reports the failure
  @ParameterizedTest
  @MethodSource("engines")
  void aFailedRevertInAnUnorderedFlowDoesNotStopTheOtherReverts(UnaryOperator<EngineBuilder> kind) {
    Flow flow = Flow.linear("p-root").add(five("task1"), five("task2"),
        Flow.unordered("p-inner").add(five("task3"), nasty("nasty")));
    CapturingListener capture = CapturingListener.of(List.of(CapturingListener.Kind.TASK), List.of());
    try (Engine engine = kind.apply(Engine.builder(flow)).listener(capture).build()) {
      FlowFailedException failed = catchThrowableOfType(FlowFailedException.class, engine::run);
      assertThat(failed.state()).isEqualTo(FlowState.FAILURE);
      assertThat(failed.failures().get("nasty").message()).isEqualTo("Gotcha!");
      assertThat(failed.revertFailures().get("nasty").message()).isEqualTo("Gotcha again!");
      assertThat(engine.atomState("task1")).isEqualTo(AtomState.REVERTED);
      assertThat(engine.atomState("task2")).isEqualTo(AtomState.REVERTED);
    }
    List<String> captured = capture.notation();
    assertThat(captured.indexOf("task2.t REVERTED(None)")).isLessThan(captured.indexOf("task1.t REVERTING"));
  }

  // test_revert_raises_for_linear_in_unordered: the same difference, task2 is reverted here
  @ParameterizedTest
  @MethodSource("engines")
  void aFailedRevertInALinearFlowDoesNotStopTheRevertOfWhatRanBeforeIt(UnaryOperator<EngineBuilder> kind) {
    Flow flow = Flow.unordered("p-root").add(five("task1"),
        Flow.linear("p-inner").add(five("task2"), nasty("nasty")));
    CapturingListener capture = CapturingListener.of(List.of(CapturingListener.Kind.TASK), List.of());
    try (Engine engine = kind.apply(Engine.builder(flow)).listener(capture).build()) {
      FlowFailedException failed = catchThrowableOfType(FlowFailedException.class, engine::run);
      assertThat(failed.state()).isEqualTo(FlowState.FAILURE);
      assertThat(failed.revertFailures()).containsOnlyKeys("nasty");
    }
    assertThat(capture.notation()).contains("task2.t REVERTED(None)", "nasty.t REVERT_FAILURE(Failure: IllegalStateException: Gotcha again!)");
  }

  /** Requires {@code value} and provides {@code value + 1} under the same name. */
  private static Task addOneSameName(String name) {
    return Task.builder(name).requires("value").provides("value")
        .execute(ctx -> ctx.argument("value", Integer.class) + 1).build();
  }

  // test_many_results_storage_provided_visible_to: a deliberate difference, pinned. In the
  // reference a value given to the engine wins over what earlier tasks provide, so a, b and c each
  // get 0; in taskflow4j inputs supply only what no atom before provides, so each task gets the
  // nearest earlier task's value and a flow's own data cannot be overridden by an input
  @ParameterizedTest
  @MethodSource("engines")
  void anInputSuppliesOnlyWhatNoEarlierAtomProvides(UnaryOperator<EngineBuilder> kind) {
    java.util.Map<String, Integer> seen = new java.util.concurrent.ConcurrentHashMap<>();
    Flow flow = Flow.linear("flow");
    for (String name : List.of("a", "b", "c")) {
      flow.add(Task.builder(name).requires("value").provides("value").execute(ctx -> {
        int value = ctx.argument("value", Integer.class);
        seen.put(name, value);
        return value + 1;
      }).build());
    }
    try (Engine engine = kind.apply(Engine.builder(flow)).input("value", 0).build()) {
      assertThat(engine.run()).isEqualTo(FlowState.SUCCESS);
      assertThat(engine.result("value")).contains(3);
    }
    assertThat(seen).containsExactlyInAnyOrderEntriesOf(java.util.Map.of("a", 0, "b", 1, "c", 2));
  }

  // test_fetch_with_two_results: the same deliberate difference; with an input x of 0 and a task
  // providing x as 1, the reference fetches 0, ours gives what the task provided
  @ParameterizedTest
  @MethodSource("engines")
  void aResultProvidedByATaskIsWhatItsNameGivesEvenWithAnInputOfThatName(UnaryOperator<EngineBuilder> kind) {
    Flow flow = Flow.linear("flow").add(addOneSameName("one"));
    try (Engine engine = kind.apply(Engine.builder(flow)).input("value", 0).build()) {
      assertThat(engine.run()).isEqualTo(FlowState.SUCCESS);
      assertThat(engine.result("value")).contains(1);
    }
  }

  /** a times b, b optional with 5 when nothing gives it, as the reference's optional task. */
  private static io.taskflow4j.task.LambdaTaskBuilder optionalTask() {
    return Task.builder("optional").requires("a").optional("b").provides("result")
        .execute(ctx -> ctx.argument("a", Integer.class)
            * ctx.arguments().find("b").map(b -> ((Number) b).intValue()).orElse(5));
  }

  private static Object resultOf(UnaryOperator<EngineBuilder> kind, Task task, java.util.Map<String, Object> inputs) {
    try (Engine engine = kind.apply(Engine.builder(Flow.linear("flow").add(task))).inputs(inputs).build()) {
      assertThat(engine.run()).isEqualTo(FlowState.SUCCESS);
      return engine.result("result").orElseThrow();
    }
  }

  // test_expected_optional_multiplers
  @ParameterizedTest
  @MethodSource("engines")
  void anOptionalArgumentIsTakenWhenGivenAndItsDefaultUsedOtherwise(UnaryOperator<EngineBuilder> kind) {
    java.util.Map<String, Object> onlyA = java.util.Map.of("a", 3);
    java.util.Map<String, Object> aAndB = java.util.Map.of("a", 3, "b", 7);
    assertThat(resultOf(kind, optionalTask().build(), onlyA)).isEqualTo(15);
    assertThat(resultOf(kind, optionalTask().build(), aAndB)).isEqualTo(21);
    assertThat(resultOf(kind, optionalTask().inject("a", 10).build(), onlyA)).isEqualTo(50);
    assertThat(resultOf(kind, optionalTask().inject("a", 10).build(), aAndB)).isEqualTo(70);
    assertThat(resultOf(kind, optionalTask().inject("b", 1000).build(), onlyA)).isEqualTo(3000);
    assertThat(resultOf(kind, optionalTask().inject("b", 1000).build(), aAndB)).isEqualTo(3000);
  }

  // beyond the reference's scenario: an optional argument provided by an earlier task, rebound
  @ParameterizedTest
  @MethodSource("engines")
  void anOptionalArgumentIsTakenFromAnEarlierTaskUnderTheNameItIsReboundTo(UnaryOperator<EngineBuilder> kind) {
    Flow flow = Flow.linear("flow").add(
        Task.builder("factor").provides("factor").execute(ctx -> 4).build(),
        optionalTask().rebind("b", "factor").build());
    try (Engine engine = kind.apply(Engine.builder(flow)).input("a", 3).build()) {
      assertThat(engine.run()).isEqualTo(FlowState.SUCCESS);
      assertThat(engine.result("result")).contains(12);
    }
  }

  @org.junit.jupiter.api.Test
  void anArgumentBothRequiredAndOptionalIsRefusedNamingTheTask() {
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> Task.builder("both").requires("a").optional("a").execute(ctx -> null).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("task 'both' lists 'a' both as required and as optional");
  }

  // test_revert_provided: the reference reads the revert's return value from its storage; ours
  // is recorded as the atom's revert result in the store
  @ParameterizedTest
  @MethodSource("engines")
  void whatARevertReturnsIsRecordedAsItsRevertResult(UnaryOperator<EngineBuilder> kind) {
    io.taskflow4j.persistence.FlowStore store = io.taskflow4j.persistence.FlowStore.inMemory();
    Task giver = Task.builder("giver").requires("value").execute(ctx -> ctx.argument("value", Integer.class) + 1)
        .revert(ctx -> ctx.returnResult(ctx.result(Integer.class) + 1)).build();
    Flow flow = Flow.linear("revert").add(giver, woot("fail"));
    String id;
    try (Engine engine = kind.apply(Engine.builder(flow)).input("value", 0).store(store).build()) {
      id = engine.flowId();
      assertThat(catchThrowableOfType(FlowFailedException.class, engine::run).failures().get("fail").message())
          .startsWith("Woot");
    }
    io.taskflow4j.persistence.AtomDetail recorded = store.atoms(id).stream()
        .filter(atom -> atom.name().equals("giver")).findFirst().orElseThrow();
    assertThat(recorded.revertResults()).contains(2);
  }
}
