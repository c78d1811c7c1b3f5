package io.taskflow4j.spi;

import io.taskflow4j.TaskflowException;

/**
 * The outcome of an invocation that a {@link TaskExecutor} withdrew before it started (see {@link
 * TaskExecutor#withdraw}): the task did nothing, so the engine puts its atom back to {@code
 * PENDING} and does not revert it.
 *
 * <p>Thread-safety: immutable once thrown.
 */
public class TaskWithdrawnException extends TaskflowException {

  /**
   * Creates the exception.
   *
   * @param message which task was withdrawn, and from where
   */
  public TaskWithdrawnException(String message) {
    super(message);
  }
}
