package io.taskflow4j.worker;

/**
 * The failure a worker answers for a request the broker delivered again, after the worker that held
 * it stopped or died, when the request's task is not {@link io.taskflow4j.task.Task#idempotent()
 * idempotent}: the request may have run already, so it is not run again, and the flow reverts.
 *
 * <p>Thread-safety: immutable once thrown.
 */
public class RedeliveredRequestException extends WorkerException {

  /**
   * Creates the exception.
   *
   * @param message which request, which task, and why it was not run
   */
  public RedeliveredRequestException(String message) {
    super(message);
  }
}
