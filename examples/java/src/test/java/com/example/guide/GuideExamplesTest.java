package com.example.guide;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.taskflow4j.engine.Engine;
import io.taskflow4j.engine.FlowFailedException;
import io.taskflow4j.flow.Flow;
import io.taskflow4j.flow.FlowDefinitionException;
import io.taskflow4j.jobs.ConductorEvent;
import io.taskflow4j.state.FlowState;
import io.taskflow4j.task.Task;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each example of the README and the guide, run against the installed taskflow4j. */
class GuideExamplesTest {

  @Test
  void theReadmeCheckoutProducesTheReceipt() {
    assertThat(Checkout.run()).isEqualTo("paid R-42");
  }

  @Test
  void aTaskClassReservesAndItsRevertCancels() {
    Task failing = Task.builder("fail").requires("room").execute(ctx -> {
      throw new IllegalStateException("no payment");
    }).build();
    int before = Hotel.SHARED.booked().size();

    try (Engine engine = Engine.builder(Flow.linear("stay").add(new ReserveRoom("reserve-room"), failing))
        .input("guest", "ada").build()) {
      assertThatThrownBy(engine::run).isInstanceOf(FlowFailedException.class);
      assertThat(engine.state()).isEqualTo(FlowState.REVERTED);
    }
    assertThat(Hotel.SHARED.booked()).hasSize(before);
  }

  @Test
  void aFailedRunReportsTheStateItWasRevertedTo() {
    Task failing = Task.builder("charge").requires("order").provides("receipt").execute(ctx -> {
      throw new IllegalStateException("card declined");
    }).build();

    assertThat(RunningFlows.run(Flow.linear("order").add(failing))).isEqualTo(FlowState.REVERTED);
  }

  @Test
  void theLambdaTaskRunsAndReverts() throws Exception {
    try (Engine engine = Engine.builder(Flow.linear("r").add(Reservations.reserveTask()))
        .input("order", "7").build()) {
      engine.run();
      assertThat(engine.result("reservation")).contains("R-7");
    }
  }

  @Test
  void theComposedFlowsRunInTheirOrder() throws Exception {
    assertThat(RunningFlows.run(OrderFlows.order())).isEqualTo("ship done");
    try (Engine engine = Engine.builder(OrderFlows.build()).build()) {
      assertThat(engine.run()).isEqualTo(FlowState.SUCCESS);
      assertThat(engine.results()).containsKeys("artifact", "report");
    }
  }

  @Test
  void aRecordedRunResumesWithoutRunningItsFinishedTaskAgain(@TempDir Path dir) {
    Persistence.PACKED.set(0);
    Persistence.SHIPPED.set(0);

    FlowState end = Persistence.recordThenResume("sqlite:" + dir.resolve("flows.db"));

    assertThat(end).isEqualTo(FlowState.SUCCESS);
    assertThat(Persistence.PACKED).hasValue(1);
    assertThat(Persistence.SHIPPED).hasValue(1);
  }

  @Test
  void aConductorRunsThePostedJobAndConsumesIt() throws Exception {
    assertThat(Jobs.postAndConduct())
        .containsSubsequence(ConductorEvent.Type.CLAIMED, ConductorEvent.Type.STARTED, ConductorEvent.Type.CONSUMED);
  }

  @Test
  void tasksRunOnAWorkerThroughTheRemoteExecutor() throws Exception {
    assertThat(Workers.inOneProcess()).isEqualTo("refund of payment for 42");
  }

  @Test
  void aPythonTaskIsDeclaredByNameWithItsArguments() {
    Task add = PythonTasks.add();
    assertThat(add.remoteName()).isEqualTo("pytasks.Add");
    assertThat(add.spec().requires()).containsExactly("a", "b");
  }

  @Test
  void anInvalidFlowIsRefusedWhenCompiled() {
    Flow twice = Flow.linear("twice").add(Reservations.reserveTask(), Reservations.reserveTask());
    try (Engine engine = Engine.builder(twice).input("order", "1").build()) {
      assertThatThrownBy(engine::compile).isInstanceOf(FlowDefinitionException.class);
    }
  }
}
