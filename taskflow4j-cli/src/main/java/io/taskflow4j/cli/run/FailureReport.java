package io.taskflow4j.cli.run;

import io.taskflow4j.engine.FlowFailedException;
import io.taskflow4j.failure.Failure;
import io.taskflow4j.state.FlowState;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The readable summary {@code taskflow run} prints when a flow fails: what failed, what was
 * reverted, and what could not be. Stateless.
 */
public final class FailureReport {

  private FailureReport() {}

  /**
   * Formats the summary from what a run's recorder saw.
   *
   * @param failure how the run ended
   * @param recorder the run's recorder
   * @return lines of text, without a final newline
   */
  public static String describe(FlowFailedException failure, RunRecorder recorder) {
    return describe(failure, recorder.reverted(), recorder.revertFailures(), recorder.notReverted());
  }

  /**
   * Formats the summary.
   *
   * @param failure how the run ended
   * @param reverted the tasks reverted, in order
   * @param recordedRevertFailures revert failures seen by a listener, merged with the exception's
   * @param notReverted tasks that ran and were not reverted; named only when the run could not be
   *     fully reverted
   * @return lines of text, without a final newline
   */
  public static String describe(
      FlowFailedException failure,
      List<String> reverted,
      Map<String, Failure> recordedRevertFailures,
      List<String> notReverted) {
    StringBuilder out = new StringBuilder("flow '").append(failure.flowName()).append("' failed");
    out.append(
        failure.state() == FlowState.REVERTED
            ? "; everything it did was reverted"
            : " and could not be fully reverted; something may be left half-done");
    appendFailures(out, "failed", failure.failures());
    Map<String, Failure> revertFailures = new LinkedHashMap<>(recordedRevertFailures);
    revertFailures.putAll(failure.revertFailures());
    appendFailures(out, "revert failed", revertFailures);
    out.append("\n  reverted: ").append(reverted.isEmpty() ? "nothing" : String.join(", ", reverted));
    if (!reverted.isEmpty()) {
      out.append(" (in this order)");
    }
    if (failure.state() != FlowState.REVERTED && !notReverted.isEmpty()) {
      out.append("\n  not reverted: ").append(String.join(", ", notReverted))
          .append(" (they ran and were left as they are)");
    }
    return out.toString();
  }

  private static void appendFailures(StringBuilder out, String label, Map<String, Failure> failures) {
    failures.forEach(
        (atom, failure) ->
            out.append("\n  ").append(label).append(": ").append(atom).append(": ").append(failure));
  }
}
