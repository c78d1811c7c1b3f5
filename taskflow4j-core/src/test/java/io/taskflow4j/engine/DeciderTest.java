package io.taskflow4j.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.taskflow4j.flow.Decider;
import io.taskflow4j.flow.DeciderDepth;
import io.taskflow4j.flow.Flow;
import io.taskflow4j.flow.GraphFlow;
import io.taskflow4j.listener.AtomStateChange;
import io.taskflow4j.listener.FlowListener;
import io.taskflow4j.persistence.AtomDetail;
import io.taskflow4j.persistence.FlowStore;
import io.taskflow4j.persistence.Intention;
import io.taskflow4j.retry.Retry;
import io.taskflow4j.state.AtomState;
import io.taskflow4j.state.FlowState;
import io.taskflow4j.task.Task;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Deciders beyond the reference's scenarios: errors, recording, resume and retries. */
class DeciderTest {

  private final List<String> log = Collections.synchronizedList(new ArrayList<>());

  private Task logged(String name) {
    return Task.builder(name).provides(name).execute(ctx -> {
      log.add("execute " + name);
      return name;
    }).revert(ctx -> log.add("revert " + name)).build();
  }

  @Test
  void aDeciderThatThrowsFailsTheAtomItDecidesForNamingTheLinkAndTheRunReverts() {
    Task a = logged("a");
    Task b = logged("b");
    GraphFlow flow = Flow.graph("g").add(a, b);
    flow.link(a, b, history -> {
      throw new IllegalStateException("no rate table");
    });
    try (Engine engine = Engine.builder(flow).serial().build()) {
      FlowFailedException failed = catchThrowableOfType(FlowFailedException.class, engine::run);
      assertThat(failed.state()).isEqualTo(FlowState.REVERTED);
      assertThat(failed.failures()).containsOnlyKeys("b");
      assertThat(failed.failures().get("b").message())
          .contains("decider on the link from 'a' to 'b'")
          .contains("IllegalStateException: no rate table");
      assertThat(failed.failures().get("b").causes()).anySatisfy(cause -> assertThat(cause.matches(IllegalStateException.class)).isTrue());
      assertThat(engine.atomState("b")).isEqualTo(AtomState.REVERTED);
    }
    // As for a task that throws, the failed atom's revert is called (with the failure), then a's.
    assertThat(log).containsExactly("execute a", "revert b", "revert a");
  }

  @Test
  void aDeciderAskingForAResultItsLinksDoNotBringFailsNamingWhatItHas() {
    Task a = logged("a");
    Task b = logged("b");
    Task c = logged("c");
    GraphFlow flow = Flow.graph("g").add(a, b, c);
    flow.link(a, b);
    flow.link(b, c, history -> history.result("a").isPresent());
    try (Engine engine = Engine.builder(flow).serial().build()) {
      FlowFailedException failed = catchThrowableOfType(FlowFailedException.class, engine::run);
      assertThat(failed.failures().get("c").message())
          .contains("no result of 'a' in this decider's history; it holds [b]");
    }
  }

  @Test
  void aDeciderNeedsAGraphLinkBetweenElementsOfTheFlow() {
    Task a = logged("a");
    Task stranger = logged("stranger");
    GraphFlow flow = Flow.graph("g").add(a);
    assertThatThrownBy(() -> flow.link(a, stranger, history -> true))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'stranger' is not an element of graph flow 'g'");
    assertThatThrownBy(() -> flow.link(a, a, history -> true))
        .hasMessageContaining("cannot link 'a' to itself");
  }

  @Test
  void aSkippedAtomIsRecordedIgnoreAndAResumeNeitherAsksAgainNorRunsIt() {
    FlowStore store = FlowStore.inMemory();
    AtomicInteger asked = new AtomicInteger();
    Decider no = history -> {
      asked.incrementAndGet();
      return false;
    };
    Task a = logged("a");
    Task b = logged("b");
    Task c = logged("c");
    Task d = logged("d");
    GraphFlow flow = Flow.graph("g").add(a, b, c, d);
    flow.link(a, b, no, DeciderDepth.ATOM);
    flow.link(b, c);
    flow.link(c, d);
    String id;
    AtomicReference<Engine> running = new AtomicReference<>();
    FlowListener suspendAfterC = new FlowListener() {
      @Override
      public void onAtomStateChange(AtomStateChange change) {
        if (change.atomName().equals("c") && change.to() == AtomState.SUCCESS) {
          running.get().suspend();
        }
      }
    };
    try (Engine engine = Engine.builder(flow).serial().store(store).listener(suspendAfterC).build()) {
      running.set(engine);
      id = engine.flowId();
      assertThat(engine.run()).isEqualTo(FlowState.SUSPENDED);
    }
    Map<String, AtomDetail> atoms = store.atoms(id).stream()
        .filter(atom -> !atom.isInjector()).collect(Collectors.toMap(AtomDetail::name, atom -> atom));
    assertThat(atoms.get("b").state()).isEqualTo(AtomState.IGNORE);
    assertThat(atoms.get("b").intention()).isEqualTo(Intention.IGNORE);
    assertThat(asked).hasValue(1);

    try (Engine resumed = Engine.builder(flow).serial().resume(store, id).build()) {
      assertThat(resumed.run()).isEqualTo(FlowState.SUCCESS);
      assertThat(resumed.atomState("b")).isEqualTo(AtomState.IGNORE);
    }
    assertThat(asked).hasValue(1);
    assertThat(log).containsExactly("execute a", "execute c", "execute d");
  }

  @Test
  void aRetryDecidesAgainForTheAtomsItSkippedBefore() {
    AtomicInteger attempt = new AtomicInteger();
    Task a = Task.builder("a").provides("attempt").execute(ctx -> attempt.incrementAndGet()).build();
    Task b = logged("b");
    Task check = Task.builder("check").requires("attempt").execute(ctx -> {
      if (ctx.arguments().get("attempt", Integer.class) < 2) {
        throw new IllegalStateException("not yet");
      }
      return null;
    }).build();
    GraphFlow flow = Flow.graph("g").add(a, b, check);
    flow.link(a, b, history -> ((Number) history.result("a").orElseThrow()).intValue() >= 2, DeciderDepth.ATOM);
    flow.link(b, check);
    flow.retry(Retry.times(3));
    try (Engine engine = Engine.builder(flow).serial().build()) {
      assertThat(engine.run()).isEqualTo(FlowState.SUCCESS);
      assertThat(engine.atomState("b")).isEqualTo(AtomState.SUCCESS);
    }
    assertThat(attempt).hasValue(2);
    assertThat(log).containsExactly("execute b");
  }
}
