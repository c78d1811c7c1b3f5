package io.taskflow4j.engine.internal;

/**
 * What an engine does about a failure.
 *
 * @param deferReverts a retry that gives up (REVERT) hands the decision to the retries around it
 *     and, with none, reverts the whole flow; false: the reference's default
 * @param neverResolve a failure ends the flow FAILURE with nothing reverted or retried
 */
public record FailureHandling(boolean deferReverts, boolean neverResolve) {

  /** taskflow4j's default: deferred reverts, failures resolved. */
  public static final FailureHandling DEFAULT = new FailureHandling(true, false);
}
