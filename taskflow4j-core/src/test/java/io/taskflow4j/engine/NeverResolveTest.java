package io.taskflow4j.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.taskflow4j.flow.Flow;
import io.taskflow4j.persistence.AtomDetail;
import io.taskflow4j.persistence.FlowStore;
import io.taskflow4j.state.AtomState;
import io.taskflow4j.state.FlowState;
import io.taskflow4j.task.Task;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** {@link EngineBuilder#neverResolve()}: a failure left for an operator, then resolved. */
class NeverResolveTest {

  private final List<String> log = Collections.synchronizedList(new ArrayList<>());

  private Task step(String name) {
    return Task.builder(name).execute(ctx -> {
      log.add("execute " + name);
      return name;
    }).revert(ctx -> log.add("revert " + name)).build();
  }

  private Task failing(String name) {
    return Task.builder(name).execute(ctx -> {
      log.add("execute " + name);
      throw new IllegalStateException(name + " broke");
    }).revert(ctx -> log.add("revert " + name)).build();
  }

  private Flow flow() {
    return Flow.linear("order").add(step("reserve"), failing("charge"), step("ship"));
  }

  @Test
  void aFailureEndsTheFlowInFailureWithNothingRevertedAndRunningTheSameEngineAgainLeavesItSo() {
    try (Engine engine = Engine.builder(flow()).serial().neverResolve().build()) {
      FlowFailedException unresolved = catchThrowableOfType(FlowFailedException.class, engine::run);
      assertThat(unresolved.state()).isEqualTo(FlowState.FAILURE);
      assertThat(unresolved.failures()).containsOnlyKeys("charge");
      assertThat(unresolved.revertFailures()).isEmpty();
      assertThat(engine.atomState("reserve")).isEqualTo(AtomState.SUCCESS);
      assertThat(engine.atomState("charge")).isEqualTo(AtomState.FAILURE);
      assertThat(engine.atomState("ship")).isEqualTo(AtomState.PENDING);
      assertThat(log).containsExactly("execute reserve", "execute charge");

      // The engine still never resolves: a run again decides the same, reverting nothing.
      assertThat(catchThrowableOfType(FlowFailedException.class, engine::run).state()).isEqualTo(FlowState.FAILURE);
    }
    assertThat(log).containsExactly("execute reserve", "execute charge");
  }

  @Test
  void anOperatorRevertsAnUnresolvedFailure() {
    try (Engine engine = Engine.builder(flow()).serial().neverResolve().build()) {
      catchThrowableOfType(FlowFailedException.class, engine::run);
      FlowFailedException reverted = catchThrowableOfType(FlowFailedException.class, engine::revert);
      assertThat(reverted.state()).isEqualTo(FlowState.REVERTED);
      assertThat(engine.state()).isEqualTo(FlowState.REVERTED);
      assertThat(engine.atomState("reserve")).isEqualTo(AtomState.REVERTED);
    }
    assertThat(log).containsExactly("execute reserve", "execute charge", "revert charge", "revert reserve");
  }

  @Test
  void anUnresolvedFailureIsRecordedAndAResumeWithoutTheOptionRevertsIt() {
    FlowStore store = FlowStore.inMemory();
    String id;
    try (Engine engine = Engine.builder(flow()).serial().neverResolve().store(store).build()) {
      id = engine.flowId();
      catchThrowableOfType(FlowFailedException.class, engine::run);
    }
    assertThat(store.flow(id).orElseThrow().state()).isEqualTo(FlowState.FAILURE);
    Map<String, AtomState> recorded = store.atoms(id).stream().filter(atom -> !atom.isInjector())
        .collect(Collectors.toMap(AtomDetail::name, AtomDetail::state));
    assertThat(recorded).containsEntry("reserve", AtomState.SUCCESS).containsEntry("charge", AtomState.FAILURE);

    try (Engine resumed = Engine.builder(flow()).serial().resume(store, id).build()) {
      FlowFailedException resolved = catchThrowableOfType(FlowFailedException.class, resumed::run);
      assertThat(resolved.state()).isEqualTo(FlowState.REVERTED);
      assertThat(resolved.failures().get("charge").message()).isEqualTo("charge broke");
    }
    assertThat(store.flow(id).orElseThrow().state()).isEqualTo(FlowState.REVERTED);
    assertThat(log).containsExactly("execute reserve", "execute charge", "revert charge", "revert reserve");
  }

  @Test
  void aRunThatEndedInFailureBecauseARevertFailedCannotBeResumed() {
    FlowStore store = FlowStore.inMemory();
    Task badRevert = Task.builder("reserve").execute(ctx -> "r").revert(ctx -> {
      throw new IllegalStateException("stuck");
    }).build();
    String id;
    try (Engine engine = Engine.builder(Flow.linear("order").add(badRevert, failing("charge"))).serial().store(store).build()) {
      id = engine.flowId();
      assertThat(catchThrowableOfType(FlowFailedException.class, engine::run).state()).isEqualTo(FlowState.FAILURE);
    }
    assertThatThrownBy(() -> Engine.builder(Flow.linear("order").add(badRevert, failing("charge"))).resume(store, id).build())
        .isInstanceOf(ResumeException.class)
        .hasMessageContaining("has finished in state FAILURE");
  }
}
