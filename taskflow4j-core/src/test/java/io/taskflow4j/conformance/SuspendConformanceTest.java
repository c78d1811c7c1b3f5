package io.taskflow4j.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.taskflow4j.engine.Engine;
import io.taskflow4j.engine.EngineBuilder;
import io.taskflow4j.engine.FlowFailedException;
import io.taskflow4j.flow.Flow;
import io.taskflow4j.listener.AtomStateChange;
import io.taskflow4j.listener.CapturingListener;
import io.taskflow4j.listener.FlowListener;
import io.taskflow4j.persistence.FlowStore;
import io.taskflow4j.state.AtomState;
import io.taskflow4j.state.FlowState;
import io.taskflow4j.task.Task;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The scenarios of the reference's {@code test_suspend.py}, in our words: an engine suspended from
 * a listener when a given task reaches a given state, then run again (or resumed by a new engine
 * from the store's record), with the transitions the reference's tests assert. Each runs on the
 * serial and the parallel engine, as the reference's do. {@code docs/conformance.md} maps them.
 */
class SuspendConformanceTest {

  static List<UnaryOperator<EngineBuilder>> engines() {
    return List.of(EngineBuilder::serial, b -> b.threads(2));
  }

  private static Task five(String name, String... requires) {
    return Task.builder(name).requires(requires).execute(ctx -> 5).build();
  }

  /** Captures task transitions and suspends the engine when {@code task} reaches {@code state}. */
  private static final class SuspendOn {
    final AtomicReference<Engine> engine = new AtomicReference<>();
    final CapturingListener capture = CapturingListener.of(List.of(CapturingListener.Kind.TASK), List.of());
    final String task;
    final AtomState state;

    SuspendOn(String task, AtomState state) {
      this.task = task;
      this.state = state;
    }

    Engine engine(EngineBuilder builder) {
      Engine built = builder.listener(capture).listener(new FlowListener() {
        @Override
        public void onAtomStateChange(AtomStateChange change) {
          if (change.atomName().equals(task) && change.to() == state) {
            engine.get().suspend();
          }
        }
      }).build();
      engine.set(built);
      return built;
    }
  }

  // test_suspend_one_task
  @ParameterizedTest
  @MethodSource("engines")
  void aFlowThatNeverReachesTheSuspendingStateEndsAndARunAgainDoesNothing(UnaryOperator<EngineBuilder> kind) {
    SuspendOn listener = new SuspendOn("b", AtomState.SUCCESS);
    try (Engine engine = listener.engine(kind.apply(Engine.builder(Flow.linear("one").add(five("a")))))) {
      assertThat(engine.run()).isEqualTo(FlowState.SUCCESS);
      assertThat(listener.capture.notation()).containsExactly("a.t RUNNING", "a.t SUCCESS(5)");
      listener.capture.clear();

      assertThat(engine.run()).isEqualTo(FlowState.SUCCESS);
      assertThat(listener.capture.notation()).isEmpty();
    }
  }

  // test_suspend_linear_flow
  @ParameterizedTest
  @MethodSource("engines")
  void aLinearFlowSuspendedAfterBRunsOnlyCWhenRunAgain(UnaryOperator<EngineBuilder> kind) {
    SuspendOn listener = new SuspendOn("b", AtomState.SUCCESS);
    Flow flow = Flow.linear("linear").add(five("a"), five("b"), five("c"));
    try (Engine engine = listener.engine(kind.apply(Engine.builder(flow)))) {
      assertThat(engine.run()).isEqualTo(FlowState.SUSPENDED);
      assertThat(listener.capture.notation())
          .containsExactly("a.t RUNNING", "a.t SUCCESS(5)", "b.t RUNNING", "b.t SUCCESS(5)");
      listener.capture.clear();

      assertThat(engine.run()).isEqualTo(FlowState.SUCCESS);
      assertThat(listener.capture.notation()).containsExactly("c.t RUNNING", "c.t SUCCESS(5)");
    }
  }

  private static Task woot(String name) {
    return Task.builder(name).execute(ctx -> {
      throw new IllegalStateException("Woot!");
    }).build();
  }

  private static final List<String> UP_TO_B_REVERTED = List.of(
      "a.t RUNNING", "a.t SUCCESS(5)", "b.t RUNNING", "b.t SUCCESS(5)",
      "c.t RUNNING", "c.t FAILURE(Failure: IllegalStateException: Woot!)",
      "c.t REVERTING", "c.t REVERTED(None)", "b.t REVERTING", "b.t REVERTED(None)");

  // test_suspend_linear_flow_on_revert
  @ParameterizedTest
  @MethodSource("engines")
  void aLinearFlowSuspendedWhileRevertingRevertsTheRestWhenRunAgain(UnaryOperator<EngineBuilder> kind) {
    SuspendOn listener = new SuspendOn("b", AtomState.REVERTED);
    Flow flow = Flow.linear("linear").add(five("a"), five("b"), woot("c"));
    try (Engine engine = listener.engine(kind.apply(Engine.builder(flow)))) {
      assertThat(engine.run()).isEqualTo(FlowState.SUSPENDED);
      assertThat(listener.capture.notation()).containsExactlyElementsOf(UP_TO_B_REVERTED);
      listener.capture.clear();

      FlowFailedException failed = catchThrowableOfType(FlowFailedException.class, engine::run);
      assertThat(failed.state()).isEqualTo(FlowState.REVERTED);
      assertThat(failed.failures().get("c").message()).startsWith("Woot");
      assertThat(listener.capture.notation()).containsExactly("a.t REVERTING", "a.t REVERTED(None)");
    }
  }

  // Not in the reference: a revert suspended, then asked for as a whole (what taskflow run does
  // on Ctrl-C without a store), reverts what is left, once each.
  @ParameterizedTest
  @MethodSource("engines")
  void aRevertSuspendedThenRevertedWholeRevertsOnlyWhatIsLeft(UnaryOperator<EngineBuilder> kind) {
    SuspendOn listener = new SuspendOn("b", AtomState.REVERTED);
    Flow flow = Flow.linear("linear").add(five("a"), five("b"), woot("c"));
    try (Engine engine = listener.engine(kind.apply(Engine.builder(flow)))) {
      assertThat(engine.run()).isEqualTo(FlowState.SUSPENDED);
      listener.capture.clear();

      catchThrowableOfType(FlowFailedException.class, engine::revert);
      assertThat(listener.capture.notation()).containsExactly("a.t REVERTING", "a.t REVERTED(None)");
    }
  }

  /** Runs the built engine until its listener suspends it, with a store; the record's flow id. */
  private static String suspendedRecord(SuspendOn listener, EngineBuilder builder) {
    try (Engine engine = listener.engine(builder)) {
      assertThat(engine.run()).isEqualTo(FlowState.SUSPENDED);
      return engine.flowId();
    }
  }

  /** Resumes a record of a flow suspended after b was reverted: only a is left to revert. */
  private static void resumedRevertsOnlyA(UnaryOperator<EngineBuilder> kind, Flow flow, FlowStore store, String flowId) {
    CapturingListener resumed = CapturingListener.of(List.of(CapturingListener.Kind.TASK), List.of());
    try (Engine engine = kind.apply(Engine.builder(flow).resume(store, flowId)).listener(resumed).build()) {
      FlowFailedException failed = catchThrowableOfType(FlowFailedException.class, engine::run);
      assertThat(failed.state()).isEqualTo(FlowState.REVERTED);
      assertThat(failed.failures().get("c").message()).startsWith("Woot");
    }
    assertThat(resumed.notation()).containsExactly("a.t REVERTING", "a.t REVERTED(None)");
  }

  // test_suspend_and_resume_linear_flow_on_revert
  @ParameterizedTest
  @MethodSource("engines")
  void aNewEngineResumingTheRecordOfARevertSuspendedFlowRevertsTheRest(UnaryOperator<EngineBuilder> kind) {
    FlowStore store = FlowStore.inMemory();
    SuspendOn listener = new SuspendOn("b", AtomState.REVERTED);
    Flow flow = Flow.linear("linear").add(five("a"), five("b"), woot("c"));
    String flowId = suspendedRecord(listener, kind.apply(Engine.builder(flow).store(store)));
    assertThat(listener.capture.notation()).containsExactlyElementsOf(UP_TO_B_REVERTED);

    resumedRevertsOnlyA(kind, flow, store, flowId);
  }

  // test_suspend_and_revert_even_if_task_is_gone
  @ParameterizedTest
  @MethodSource("engines")
  void aResumedFlowWithoutTheRevertedFailedTaskStillRevertsTheRest(UnaryOperator<EngineBuilder> kind) {
    FlowStore store = FlowStore.inMemory();
    SuspendOn listener = new SuspendOn("b", AtomState.REVERTED);
    String flowId = suspendedRecord(listener,
        kind.apply(Engine.builder(Flow.linear("linear").add(five("a"), five("b"), woot("c"))).store(store)));
    assertThat(listener.capture.notation()).containsExactlyElementsOf(UP_TO_B_REVERTED);

    resumedRevertsOnlyA(kind, Flow.linear("linear").add(five("a"), five("b")), store, flowId);
  }

  // test_storage_is_rechecked
  @ParameterizedTest
  @MethodSource("engines")
  void aResumedRunChecksItsRequirementsAgain(UnaryOperator<EngineBuilder> kind) {
    FlowStore store = FlowStore.inMemory();
    SuspendOn listener = new SuspendOn("b", AtomState.SUCCESS);
    String flowId = suspendedRecord(listener, kind.apply(
        Engine.builder(Flow.linear("linear").add(five("b", "foo"), five("c"))).store(store).input("foo", "bar")));

    // What c now needs, nobody provides: the resumed run refuses to start, naming it.
    Flow changed = Flow.linear("linear").add(five("b", "foo"), five("c", "missing"));
    assertThatThrownBy(() -> {
      try (Engine engine = kind.apply(Engine.builder(changed).resume(store, flowId)).build()) {
        engine.run();
      }
    }).hasMessageContaining("missing");
  }
}
