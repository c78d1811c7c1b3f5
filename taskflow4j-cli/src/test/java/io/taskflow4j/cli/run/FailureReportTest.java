package io.taskflow4j.cli.run;

import static org.assertj.core.api.Assertions.assertThat;

import io.taskflow4j.engine.FlowFailedException;
import io.taskflow4j.failure.Failure;
import io.taskflow4j.listener.AtomStateChange;
import io.taskflow4j.state.AtomState;
import io.taskflow4j.state.FlowState;
import io.taskflow4j.task.Outcome;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The summary of a failed run says what was reverted, what failed to revert and what was left. */
class FailureReportTest {

  private final RunRecorder recorder = new RunRecorder();
  private final Failure lost = Failure.of(new IllegalStateException("worker lost"));

  private void change(String atom, AtomState from, AtomState to, Optional<Outcome> outcome) {
    recorder.onAtomStateChange(new AtomStateChange(atom, false, from, to, outcome, Instant.EPOCH));
  }

  private void ran(String atom, AtomState end) {
    change(atom, AtomState.PENDING, AtomState.RUNNING, Optional.empty());
    change(atom, AtomState.RUNNING, end, Optional.empty());
  }

  @Test
  void aRunThatCouldNotBeFullyRevertedNamesWhatItLeftAsItWas() {
    ran("a", AtomState.SUCCESS);
    ran("b", AtomState.SUCCESS);
    ran("c", AtomState.FAILURE);
    change("b", AtomState.REVERTING, AtomState.REVERTED, Optional.empty());
    change("c", AtomState.REVERTING, AtomState.REVERT_FAILURE, Optional.of(Outcome.failure(lost)));

    String summary = FailureReport.describe(new FlowFailedException(
        "f", FlowState.FAILURE, Map.of("c", lost), Map.of()), recorder);

    assertThat(recorder.notReverted()).containsExactly("a");
    assertThat(summary)
        .contains("could not be fully reverted")
        .contains("revert failed: c: ")
        .contains("reverted: b (in this order)")
        .contains("not reverted: a (they ran and were left as they are)");
  }

  @Test
  void aRevertedRunNamesNothingAsLeft() {
    ran("a", AtomState.SUCCESS);
    ran("b", AtomState.FAILURE);
    change("b", AtomState.REVERTING, AtomState.REVERTED, Optional.empty());
    change("a", AtomState.REVERTING, AtomState.REVERTED, Optional.empty());

    String summary = FailureReport.describe(new FlowFailedException(
        "f", FlowState.REVERTED, Map.of("b", lost), Map.of()), recorder);

    assertThat(summary).contains("everything it did was reverted", "reverted: b, a (in this order)")
        .doesNotContain("not reverted");
  }
}
