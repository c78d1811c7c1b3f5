package io.taskflow4j.remote;

import io.taskflow4j.TaskflowException;

/**
 * A task ran on a worker for longer than its execution timeout. The message names the task and the
 * timeout. The engine gets it as the task's failure and reverts; the worker is not told, so the
 * task may still finish there.
 */
public class ExecutionTimeoutException extends TaskflowException {

  /**
   * Creates the exception.
   *
   * @param message which task, on which worker, and the timeout
   */
  public ExecutionTimeoutException(String message) {
    super(message);
  }
}
