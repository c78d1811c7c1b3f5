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
}
