package io.taskflow4j.retry;

/** What a retry controller decides when something inside its flow failed. */
public enum RetryDecision {
  /** Revert the controller's flow and run it again. */
  RETRY,
  /** Revert the controller's flow, then let the enclosing flow decide. */
  REVERT,
  /** Revert the whole flow, whatever enclosing controllers would decide. */
  REVERT_ALL
}
