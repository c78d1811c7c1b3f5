package io.taskflow4j.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.taskflow4j.flow.Flow;
import io.taskflow4j.persistence.AtomDetail;
import io.taskflow4j.persistence.AtomType;
import io.taskflow4j.persistence.Changes;
import io.taskflow4j.persistence.FlowDetail;
import io.taskflow4j.persistence.FlowStore;
import io.taskflow4j.persistence.Intention;
import io.taskflow4j.persistence.StoreException;
import io.taskflow4j.retry.Retry;
import io.taskflow4j.state.AtomState;
import io.taskflow4j.state.FlowState;
import io.taskflow4j.task.Task;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** What an engine with a store writes, and when. */
class RecordedRunTest {

  private final FlowStore store = FlowStore.inMemory();

  private Map<String, AtomDetail> atomsOf(String flowId) {
    return store.atoms(flowId).stream().collect(Collectors.toMap(AtomDetail::name, Function.identity()));
  }

  @Test
  void aSucceededRunRecordsEveryAtomWithItsResultTheInputsAndTheFlowState() {
    Task reserve = Task.builder("reserve").requires("order").provides("reservation")
        .execute(ctx -> "R-" + ctx.argument("order", String.class)).build();
    Task charge = Task.builder("charge").requires("reservation").provides("receipt")
        .execute(ctx -> {
          ctx.reportProgress(0.5);
          return Map.of("paid", ctx.argument("reservation", String.class));
        }).build();
    try (Engine engine = Engine.builder(Flow.linear("checkout").add(reserve, charge))
        .input("order", "42").store(store).flowMeta("origin", "test").build()) {
      assertThat(engine.run()).isEqualTo(FlowState.SUCCESS);

      FlowDetail flow = store.flow(engine.flowId()).orElseThrow();
      assertThat(flow.state()).isEqualTo(FlowState.SUCCESS);
      assertThat(flow.name()).isEqualTo("checkout");
      assertThat(flow.meta()).containsEntry("origin", "test");
      assertThat(store.logBook(flow.logBookUuid())).isPresent();
      Map<String, AtomDetail> atoms = atomsOf(engine.flowId());
      assertThat(atoms).containsOnlyKeys("reserve", "charge", AtomDetail.INJECTOR_NAME);
      assertThat(atoms.get(AtomDetail.INJECTOR_NAME).results()).contains(Map.of("order", "42"));
      assertThat(atoms.get("reserve").state()).isEqualTo(AtomState.SUCCESS);
      assertThat(atoms.get("reserve").intention()).isEqualTo(Intention.EXECUTE);
      assertThat(atoms.get("reserve").results()).contains("R-42");
      assertThat(atoms.get("reserve").version()).contains("1.0");
      assertThat(atoms.get("charge").results()).contains(Map.of("paid", "R-42"));
      assertThat(atoms.get("charge").progress()).isEqualTo(1.0);
    }
  }

  @Test
  void anAtomIsRecordedRunningBeforeItExecutesAndItsProviderSucceededBefore() {
    List<String> seen = Collections.synchronizedList(new ArrayList<>());
    String[] flowId = new String[1];
    Task first = Task.builder("first").provides("x").execute(ctx -> {
      seen.add("first " + atomsOf(flowId[0]).get("first").state());
      return 1;
    }).build();
    Task second = Task.builder("second").requires("x").execute(ctx -> {
      Map<String, AtomDetail> atoms = atomsOf(flowId[0]);
      seen.add("second " + atoms.get("second").state() + " after " + atoms.get("first").state() + " " + atoms.get("first").results().orElseThrow());
      return null;
    }).build();
    try (Engine engine = Engine.builder(Flow.linear("f").add(first, second)).store(store).build()) {
      flowId[0] = engine.flowId();
      engine.run();
    }
    assertThat(seen).containsExactly("first RUNNING", "second RUNNING after SUCCESS 1");
  }

  @Test
  void aFailedRunRecordsTheFailureTheRevertsAndTheRetryHistory() {
    AtomicInteger attempts = new AtomicInteger();
    Task reserve = Task.builder("reserve").provides("r").execute(ctx -> "R").revert(ctx -> {}).build();
    Task charge = Task.builder("charge").requires("r").execute(ctx -> {
      attempts.incrementAndGet();
      throw new IllegalStateException("card declined");
    }).build();
    Flow flow = Flow.linear("checkout").add(reserve, charge).retry(Retry.times(2));
    String id;
    try (Engine engine = Engine.builder(flow).store(store).build()) {
      id = engine.flowId();
      assertThatThrownBy(engine::run).isInstanceOf(FlowFailedException.class);
    }
    assertThat(attempts).hasValue(2);
    assertThat(store.flow(id).orElseThrow().state()).isEqualTo(FlowState.REVERTED);
    Map<String, AtomDetail> atoms = atomsOf(id);
    AtomDetail charged = atoms.get("charge");
    assertThat(charged.state()).isEqualTo(AtomState.REVERTED);
    assertThat(charged.intention()).isEqualTo(Intention.REVERT);
    assertThat(charged.failure().orElseThrow().message()).isEqualTo("card declined");
    AtomDetail retry = atoms.values().stream().filter(a -> a.type() == AtomType.RETRY_DETAIL).findFirst().orElseThrow();
    assertThat(retry.state()).isEqualTo(AtomState.REVERTED);
    assertThat((List<?>) retry.results().orElseThrow()).hasSize(2);
    assertThat(atoms.get("reserve").state()).isEqualTo(AtomState.REVERTED);
  }

  @Test
  void aRunRecordsItsAtomGraphAndWhenEachAtomExecutedAndReverted() {
    Task reserve = Task.builder("reserve").provides("r").execute(ctx -> "R").revert(ctx -> {}).build();
    Task notify = Task.builder("notify").execute(ctx -> "sent").build();
    Task charge = Task.builder("charge").requires("r").execute(ctx -> {
      throw new IllegalStateException("card declined");
    }).build();
    Flow flow = Flow.linear("checkout").add(Flow.unordered("prepare").add(reserve, notify), charge);
    String id;
    try (Engine engine = Engine.builder(flow).store(store).flowMeta("taskflow4j", Map.of("origin", "test")).build()) {
      id = engine.flowId();
      assertThatThrownBy(engine::run).isInstanceOf(FlowFailedException.class);
    }
    Map<?, ?> ours = (Map<?, ?>) store.flow(id).orElseThrow().meta().get("taskflow4j");
    assertThat(ours.get("origin")).isEqualTo("test");
    assertThat((Map<?, ?>) ours.get("graph")).isEqualTo(
        Map.of("reserve", List.of(), "notify", List.of(), "charge", List.of("notify", "reserve")));
    @SuppressWarnings("unchecked")
    Map<String, Object> reserved = (Map<String, Object>) atomsOf(id).get("reserve").meta().get("taskflow4j");
    assertThat(reserved.keySet()).contains("started_at", "ended_at", "revert_started_at", "revert_ended_at");
    java.time.Instant ended = java.time.Instant.parse((String) reserved.get("ended_at"));
    java.time.Instant revertStarted = java.time.Instant.parse((String) reserved.get("revert_started_at"));
    assertThat(revertStarted).isAfterOrEqualTo(ended);
  }

  @Test
  void transitionsThatArriveTogetherAreCommittedTogether() {
    CountingStore counting = new CountingStore(store);
    Flow flow = Flow.unordered("wide");
    AtomicInteger runs = new AtomicInteger();
    for (int i = 0; i < 2_000; i++) {
      flow.add(Task.builder("t" + i).execute(ctx -> runs.incrementAndGet()).build());
    }
    try (Engine engine = Engine.builder(flow).serial().store(counting).build()) {
      assertThat(engine.run()).isEqualTo(FlowState.SUCCESS);
    }
    assertThat(runs).hasValue(2_000);
    // 2,000 RUNNING and 2,000 SUCCESS transitions, in a handful of commits.
    assertThat(counting.saves.get()).isLessThanOrEqualTo(4);
    assertThat(counting.atomsWritten.get()).isGreaterThanOrEqualTo(4_000);
  }

  @Test
  void aStoreThatFailsStopsTheFlowWithAClearErrorAndNothingRunsUnrecorded() {
    CountingStore failing = new CountingStore(store);
    AtomicInteger runs = new AtomicInteger();
    Task counted = Task.builder("a").execute(ctx -> runs.incrementAndGet()).build();
    Task second = Task.builder("b").execute(ctx -> runs.incrementAndGet()).build();
    failing.failAfter = 2;  // the first commit (a RUNNING) and the second (a SUCCESS, b RUNNING) fail on b
    try (Engine engine = Engine.builder(Flow.linear("f").add(counted, second)).serial().store(failing).build()) {
      assertThatThrownBy(engine::run)
          .isInstanceOf(StoreException.class)
          .hasMessageContaining("flow 'f'")
          .hasMessageContaining("could not record its progress")
          .hasMessageContaining("disk full");
      assertThat(engine.state()).isEqualTo(FlowState.SUSPENDED);
    }
    assertThat(runs).hasValue(1);
  }

  @Test
  void aRunWithAnIdAlreadyInTheStoreIsRefused() {
    try (Engine engine = Engine.builder(Flow.linear("f").add(Task.builder("a").execute(ctx -> null).build()))
        .store(store).flowId("fixed").build()) {
      engine.run();
    }
    assertThatThrownBy(() -> Engine.builder(Flow.linear("f")).store(store).flowId("fixed").build())
        .isInstanceOf(StoreException.class).hasMessageContaining("already holds a flow with id fixed");
  }

  @Test
  void optionsThatNeedAStoreFailFastWithoutOne() {
    assertThatThrownBy(() -> Engine.builder(Flow.linear("f")).flowMeta("k", "v").build())
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("give a store");
  }

  /** Counts commits and can fail from a given one on, as a full disk would. */
  static final class CountingStore extends ForwardingStore {
    final AtomicInteger saves = new AtomicInteger();
    final AtomicInteger atomsWritten = new AtomicInteger();
    volatile int failAfter = Integer.MAX_VALUE;

    CountingStore(FlowStore delegate) {
      super(delegate);
    }

    @Override
    public void save(Changes changes) {
      if (saves.incrementAndGet() >= failAfter) {
        throw new StoreException("disk full");
      }
      atomsWritten.addAndGet(changes.atoms().size());
      super.save(changes);
    }
  }
}
