package io.taskflow4j.engine;

import io.taskflow4j.TaskflowException;
import io.taskflow4j.failure.Failure;
import io.taskflow4j.state.FlowState;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A flow run ended because atoms failed; everything that ran has been reverted (state {@link
 * FlowState#REVERTED}) or a revert failed too (state {@link FlowState#FAILURE}). Carries every
 * failure, so several that happened in parallel are all reported. When a failure was captured in
 * this process, its exception is this exception's cause.
 */
public class FlowFailedException extends TaskflowException {

  // Transient: taskflow4j never uses Java serialization, so an exception's details are not part
  // of a serial form.
  private final transient String flowName;
  private final transient FlowState state;
  private final transient Map<String, Failure> failures;
  private final transient Map<String, Failure> revertFailures;

  /**
   * Creates the exception.
   *
   * @param flowName the flow
   * @param state REVERTED or FAILURE
   * @param failures atom name to the failure that made the flow fail, in the order they happened
   * @param revertFailures atom name to the failure of its revert
   */
  public FlowFailedException(
      String flowName,
      FlowState state,
      Map<String, Failure> failures,
      Map<String, Failure> revertFailures) {
    super(describe(flowName, state, failures, revertFailures), firstCause(failures));
    this.flowName = flowName;
    this.state = state;
    this.failures = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(failures));
    this.revertFailures =
        java.util.Collections.unmodifiableMap(new LinkedHashMap<>(revertFailures));
  }

  private static String describe(
      String flowName,
      FlowState state,
      Map<String, Failure> failures,
      Map<String, Failure> revertFailures) {
    StringBuilder out = new StringBuilder("flow '").append(flowName).append("' failed");
    out.append(state == FlowState.REVERTED ? " and was reverted: " : " and could not be fully reverted: ");
    appendAll(out, failures);
    if (!revertFailures.isEmpty()) {
      out.append("; revert failures: ");
      appendAll(out, revertFailures);
    }
    return out.toString();
  }

  private static void appendAll(StringBuilder out, Map<String, Failure> failures) {
    boolean first = true;
    for (Map.Entry<String, Failure> entry : failures.entrySet()) {
      if (!first) {
        out.append("; ");
      }
      first = false;
      out.append("atom '").append(entry.getKey()).append("': ").append(entry.getValue());
    }
  }

  private static Throwable firstCause(Map<String, Failure> failures) {
    return failures.values().stream()
        .findFirst()
        .flatMap(Failure::exception)
        .orElse(null);
  }

  /**
   * The flow's name.
   *
   * @return the name
   */
  public String flowName() {
    return flowName;
  }

  /**
   * How the run ended.
   *
   * @return REVERTED, or FAILURE when a revert failed
   */
  public FlowState state() {
    return state;
  }

  /**
   * The failures that made the flow fail.
   *
   * @return atom name to failure, in the order they happened
   */
  public Map<String, Failure> failures() {
    return failures;
  }

  /**
   * The failures of reverts.
   *
   * @return atom name to failure, possibly empty
   */
  public Map<String, Failure> revertFailures() {
    return revertFailures;
  }
}
