package io.taskflow4j.jobs;

import io.taskflow4j.TaskflowException;

/**
 * A board could not do what was asked: it is unreachable, a write failed, or an entry is
 * malformed. The message names the board and what went wrong.
 */
public class JobBoardException extends TaskflowException {

  /**
   * Creates the exception.
   *
   * @param message what went wrong, and where
   */
  public JobBoardException(String message) {
    super(message);
  }

  /**
   * Creates the exception with a cause.
   *
   * @param message what went wrong, and where
   * @param cause the underlying error
   */
  public JobBoardException(String message, Throwable cause) {
    super(message, cause);
  }
}
