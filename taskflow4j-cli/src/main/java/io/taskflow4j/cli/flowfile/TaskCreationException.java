package io.taskflow4j.cli.flowfile;

import io.taskflow4j.TaskflowException;

/**
 * A {@link TaskResolver} could not create a task: unknown class, no usable constructor, a
 * constructor that threw, or an invalid spec. The message says why, without the location.
 * Immutable.
 */
public class TaskCreationException extends TaskflowException {

  /**
   * Creates the exception.
   *
   * @param message why the task could not be created
   */
  public TaskCreationException(String message) {
    super(message);
  }

  /**
   * Creates the exception with a cause.
   *
   * @param message why the task could not be created
   * @param cause the underlying error
   */
  public TaskCreationException(String message, Throwable cause) {
    super(message, cause);
  }
}
