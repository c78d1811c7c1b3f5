package io.taskflow4j.worker;

import io.taskflow4j.TaskflowException;

/**
 * A worker could not run a request: the task could not be created, its result could not be sent,
 * or the worker stopped before it got to the request. It travels back to the engine as the
 * request's failure.
 */
public class WorkerException extends TaskflowException {

  /**
   * Creates the exception.
   *
   * @param message what went wrong, naming the task
   */
  public WorkerException(String message) {
    super(message);
  }

  /**
   * Creates the exception with a cause.
   *
   * @param message what went wrong, naming the task
   * @param cause the underlying error
   */
  public WorkerException(String message, Throwable cause) {
    super(message, cause);
  }
}
