package io.taskflow4j.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.taskflow4j.flow.Flow;
import io.taskflow4j.listener.FlowListener;
import io.taskflow4j.listener.FlowStateChange;
import io.taskflow4j.persistence.FlowStore;
import io.taskflow4j.spi.LocalTaskRunner;
import io.taskflow4j.spi.TaskExecutor;
import io.taskflow4j.spi.TaskInvocation;
import io.taskflow4j.task.Task;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** The run's id reaches listeners with each flow state change and executors with each invocation. */
class RunIdTest {

  private final List<FlowStateChange> changes = new CopyOnWriteArrayList<>();
  private final List<TaskInvocation> invocations = new CopyOnWriteArrayList<>();
  private final FlowListener listener = new FlowListener() {
    @Override
    public void onFlowStateChange(FlowStateChange change) {
      changes.add(change);
    }
  };
  private final TaskExecutor executor = invocation -> {
    invocations.add(invocation);
    return CompletableFuture.completedFuture(LocalTaskRunner.run(invocation));
  };

  private static Flow flow() {
    return Flow.linear("ids").add(
        Task.builder("a").execute(ctx -> 1).build(),
        Task.builder("b").execute(ctx -> {
          throw new IllegalStateException("b broke");
        }).build());
  }

  @Test
  void everyFlowStateChangeAndInvocationCarriesTheRunId() {
    try (Engine engine = Engine.builder(flow()).listener(listener).taskExecutor(executor).build()) {
      catchThrowableOfType(FlowFailedException.class, engine::run);

      assertThat(changes).isNotEmpty().allSatisfy(c -> assertThat(c.flowId()).isEqualTo(engine.flowId()));
      assertThat(invocations).extracting(i -> (i.isRevert() ? "revert " : "execute ") + i.task().name())
          .containsExactly("execute a", "execute b", "revert b", "revert a");
      assertThat(invocations).allSatisfy(i -> assertThat(i.flowId()).contains(engine.flowId()));
    }
  }

  @Test
  void aRecordedRunUsesTheIdItIsRecordedUnder() {
    try (FlowStore store = FlowStore.inMemory();
        Engine engine = Engine.builder(flow()).store(store).flowId("run-42").listener(listener)
            .taskExecutor(executor).build()) {
      catchThrowableOfType(FlowFailedException.class, engine::run);

      assertThat(changes).extracting(FlowStateChange::flowId).containsOnly("run-42");
      assertThat(invocations).extracting(TaskInvocation::flowId).containsOnly(Optional.of("run-42"));
    }
  }

  @Test
  void valuesMadeOutsideAnEngineHaveNoRunId() {
    Task task = Task.builder("a").execute(ctx -> 1).build();
    assertThat(TaskInvocation.execute(task, io.taskflow4j.task.Arguments.empty(), (type, details) -> {}).flowId())
        .isEmpty();
    assertThat(new FlowStateChange("f", io.taskflow4j.state.FlowState.PENDING, io.taskflow4j.state.FlowState.RUNNING,
        java.time.Instant.EPOCH).flowId()).isEmpty();
  }
}
