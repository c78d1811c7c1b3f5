package io.taskflow4j.remote;

import io.taskflow4j.TaskflowException;

/**
 * The worker running a request announced heartbeats and then fell silent for longer than the
 * executor tolerates: it is taken for dead. The message names the worker's topic, the task and how
 * long the worker was silent. The engine gets it as the task's failure and reverts.
 */
public class WorkerLostException extends TaskflowException {

  /**
   * Creates the exception.
   *
   * @param message which worker, which task, how long it was silent
   */
  public WorkerLostException(String message) {
    super(message);
  }
}
