package io.taskflow4j.transport;

import io.taskflow4j.TaskflowException;

/** Thrown when a transport cannot publish, declare or consume. */
public class TransportException extends TaskflowException {

  /**
   * Creates the exception.
   *
   * @param message what failed
   */
  public TransportException(String message) {
    super(message);
  }

  /**
   * Creates the exception with a cause.
   *
   * @param message what failed
   * @param cause the broker or I/O error
   */
  public TransportException(String message, Throwable cause) {
    super(message, cause);
  }
}
