package io.taskflow4j.retry;

import java.util.Optional;

/**
 * Decides what happens when an atom inside a flow fails, and what value the flow's tasks get on
 * each attempt. Implement it for custom policies; {@link Retry} has the usual ones.
 *
 * <p>Thread-safety: the engine calls a controller from one thread at a time.
 */
public interface RetryController {

  /**
   * Decides after a failure inside the controller's flow.
   *
   * @param history the failed attempts so far, the latest included
   * @return what to do
   */
  RetryDecision onFailure(RetryHistory history);

  /**
   * The value provided to the flow's tasks for the next attempt, under the retry's provides name.
   * Called before each attempt; {@code history.failedAttempts()} is 0 before the first.
   *
   * @param history the attempts so far
   * @return the value; empty, the default, provides {@code null}, as a reference retry without
   *     values does
   * @throws Exception when no value can be given (the flow then fails)
   */
  default Optional<Object> nextValue(RetryHistory history) throws Exception {
    return Optional.empty();
  }
}
