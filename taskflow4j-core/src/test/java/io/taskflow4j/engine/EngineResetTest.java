package io.taskflow4j.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.taskflow4j.flow.Flow;
import io.taskflow4j.persistence.AtomDetail;
import io.taskflow4j.persistence.FlowStore;
import io.taskflow4j.state.AtomState;
import io.taskflow4j.state.FlowState;
import io.taskflow4j.task.Task;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** {@link Engine#reset()} beyond the reference's scenarios: recorded runs and misuse. */
class EngineResetTest {

  @Test
  void aRecordedRunIsResetInItsStoreUnderTheSameIdAndRunsAgain() {
    FlowStore store = FlowStore.inMemory();
    AtomicInteger runs = new AtomicInteger();
    Flow flow = Flow.linear("again").add(Task.builder("count").provides("n").execute(ctx -> runs.incrementAndGet()).build());
    try (Engine engine = Engine.builder(flow).serial().store(store).build()) {
      assertThat(engine.run()).isEqualTo(FlowState.SUCCESS);
      engine.reset();
      assertThat(store.flow(engine.flowId()).orElseThrow().state()).isEqualTo(FlowState.PENDING);
      assertThat(store.atoms(engine.flowId())).filteredOn(atom -> !atom.isInjector())
          .extracting(AtomDetail::state, atom -> atom.results().isPresent())
          .containsExactly(org.assertj.core.groups.Tuple.tuple(AtomState.PENDING, false));
      assertThat(engine.result("n")).isEmpty();
      assertThat(engine.run()).isEqualTo(FlowState.SUCCESS);
      assertThat(engine.result("n")).contains(2);
      assertThat(store.flow(engine.flowId()).orElseThrow().state()).isEqualTo(FlowState.SUCCESS);
    }
  }

  @Test
  void aRunningFlowCannotBeReset() throws Exception {
    CountDownLatch entered = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    Flow flow = Flow.linear("busy").add(Task.builder("wait").execute(ctx -> {
      entered.countDown();
      release.await();
      return null;
    }).build());
    try (Engine engine = Engine.builder(flow).threads(1).build()) {
      var done = engine.runAsync();
      assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();
      assertThatThrownBy(engine::reset)
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("flow 'busy' is running");
      release.countDown();
      assertThat(done.get(10, TimeUnit.SECONDS)).isEqualTo(FlowState.SUCCESS);
    }
  }
}
