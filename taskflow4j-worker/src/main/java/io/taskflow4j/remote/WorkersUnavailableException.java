package io.taskflow4j.remote;

import io.taskflow4j.TaskflowException;

/**
 * Fewer workers than asked for answered the executor's NOTIFYs in time. The message says how many
 * were wanted, which answered, and which topics were asked.
 */
public class WorkersUnavailableException extends TaskflowException {

  /**
   * Creates the exception.
   *
   * @param message how many workers were wanted and which are known
   */
  public WorkersUnavailableException(String message) {
    super(message);
  }
}
