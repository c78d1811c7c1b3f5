package io.taskflow4j.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.taskflow4j.flow.Flow;
import io.taskflow4j.listener.AtomStateChange;
import io.taskflow4j.listener.FlowListener;
import io.taskflow4j.persistence.FlowStore;
import io.taskflow4j.retry.Retry;
import io.taskflow4j.state.AtomState;
import io.taskflow4j.state.FlowState;
import io.taskflow4j.task.Task;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** {@link EngineBuilder#deferReverts(boolean)} on recorded runs: a resume keeps the choice. */
class DeferRevertsTest {

  private final List<String> log = Collections.synchronizedList(new ArrayList<>());

  private Task step(String name) {
    return Task.builder(name).execute(ctx -> {
      log.add("execute " + name);
      return null;
    }).revert(ctx -> log.add("revert " + name)).build();
  }

  private Flow flow() {
    return Flow.linear("outer").add(
        step("before"),
        Flow.linear("nested").retry(Retry.times(1).named("r")).add(step("inside"), Task.builder("fails").execute(ctx -> {
          throw new IllegalStateException("no");
        }).build()));
  }

  /** Runs the flow recorded until 'before' has succeeded, then suspends it; its id. */
  private String suspendedAfterBefore(FlowStore store, boolean defer) {
    AtomicReference<Engine> running = new AtomicReference<>();
    FlowListener suspender = new FlowListener() {
      @Override
      public void onAtomStateChange(AtomStateChange change) {
        if (change.atomName().equals("before") && change.to() == AtomState.SUCCESS) {
          running.get().suspend();
        }
      }
    };
    try (Engine engine = Engine.builder(flow()).serial().store(store).deferReverts(defer).listener(suspender).build()) {
      running.set(engine);
      assertThat(engine.run()).isEqualTo(FlowState.SUSPENDED);
      return engine.flowId();
    }
  }

  @Test
  void aRunStartedWithoutDeferredRevertsIsResumedTheSameWay() {
    FlowStore store = FlowStore.inMemory();
    String id = suspendedAfterBefore(store, false);
    try (Engine resumed = Engine.builder(flow()).serial().resume(store, id).build()) {
      assertThat(catchThrowableOfType(FlowFailedException.class, resumed::run).state()).isEqualTo(FlowState.REVERTED);
      assertThat(resumed.atomState("before")).isEqualTo(AtomState.SUCCESS);
    }
    assertThat(log).containsExactly("execute before", "execute inside", "revert inside");
  }

  @Test
  void aResumeMayChooseOtherwiseAndADeferringRunStaysDeferring() {
    FlowStore store = FlowStore.inMemory();
    String notDeferring = suspendedAfterBefore(store, false);
    try (Engine resumed = Engine.builder(flow()).serial().resume(store, notDeferring).deferReverts(true).build()) {
      catchThrowableOfType(FlowFailedException.class, resumed::run);
      assertThat(resumed.atomState("before")).isEqualTo(AtomState.REVERTED);
    }
    log.clear();
    String deferring = suspendedAfterBefore(store, true);
    try (Engine resumed = Engine.builder(flow()).serial().resume(store, deferring).build()) {
      catchThrowableOfType(FlowFailedException.class, resumed::run);
      assertThat(resumed.atomState("before")).isEqualTo(AtomState.REVERTED);
    }
    assertThat(log).containsExactly("execute before", "execute inside", "revert inside", "revert before");
  }
}
