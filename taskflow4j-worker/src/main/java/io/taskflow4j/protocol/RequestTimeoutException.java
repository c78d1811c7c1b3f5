package io.taskflow4j.protocol;

import io.taskflow4j.TaskflowException;

/**
 * The failure of a request that no worker took up in time, or that was still open when the
 * executor stopped. It reaches the engine as the request's {@link io.taskflow4j.failure.Failure}.
 *
 * <p>Thread-safety: immutable once thrown.
 */
public class RequestTimeoutException extends TaskflowException {

  /**
   * Creates the exception.
   *
   * @param message which request, and how long it waited
   */
  public RequestTimeoutException(String message) {
    super(message);
  }
}
