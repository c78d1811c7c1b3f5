package io.taskflow4j.protocol;

import io.taskflow4j.task.Outcome;
import java.util.Objects;

/**
 * How a remote request ended: which action it was (executed or reverted) and its result or
 * failure. A request that expired or was abandoned ends with a failure of type {@link
 * RequestTimeoutException}.
 *
 * <p>Thread-safety: immutable.
 *
 * @param action the action the request asked for
 * @param outcome its result or failure
 */
public record RequestOutcome(Action action, Outcome outcome) {

  /**
   * Checks the components.
   *
   * @param action the action the request asked for
   * @param outcome its result or failure
   */
  public RequestOutcome {
    Objects.requireNonNull(action, "action");
    Objects.requireNonNull(outcome, "outcome");
  }
}
