package com.example.guide;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.taskflow4j.engine.Engine;
import io.taskflow4j.engine.FlowFailedException;
import io.taskflow4j.engine.RunStatistics;
import io.taskflow4j.state.AtomState;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The guide's conditional flows, priorities, revert arguments and engine options, run. */
class ConditionsTest {

  @BeforeEach
  void clear() {
    Conditions.DONE.clear();
  }

  @Test
  void aLowRiskOrderIsChargedAndNotifiedAndNotReviewed() {
    try (Engine engine = Engine.builder(Conditions.payment()).serial().input("order", "small-1").build()) {
      engine.run();
      assertThat(engine.atomState("review")).isEqualTo(AtomState.IGNORE);
    }
    assertThat(Conditions.DONE).containsExactlyInAnyOrder("charge", "notify");
  }

  @Test
  void aHighRiskOrderIsReviewedAndItsChargeAndNotificationAreSkipped() {
    try (Engine engine = Engine.builder(Conditions.payment()).serial().input("order", "big-7").build()) {
      engine.run();
      assertThat(engine.atomState("charge")).isEqualTo(AtomState.IGNORE);
      assertThat(engine.atomState("notify")).isEqualTo(AtomState.IGNORE);
    }
    assertThat(Conditions.DONE).containsExactly("review");
  }

  @Test
  void theLargestUploadStartsFirst() {
    try (Engine engine = Engine.builder(Conditions.uploads()).serial().build()) {
      engine.run();
    }
    assertThat(Conditions.DONE).containsExactly("upload-large", "upload-medium", "upload-small");
  }

  @Test
  void theBookingIsCancelledWithItsReference() {
    try (Engine engine = Engine.builder(Conditions.booking()).serial()
        .input("room", "12").input("booking_ref", "B-77").build()) {
      assertThatThrownBy(engine::run).isInstanceOf(FlowFailedException.class);
    }
    assertThat(Conditions.DONE).containsExactly("cancelled B-77");
  }

  @Test
  void aResetEngineRunsItsFlowAgain() {
    RunStatistics stats = Conditions.runTwice(Conditions.uploads());
    assertThat(stats.atomsIn(AtomState.SUCCESS)).isEqualTo(3);
    assertThat(stats.executes()).isEqualTo(3);
    assertThat(Conditions.DONE).hasSize(7);
  }
}
