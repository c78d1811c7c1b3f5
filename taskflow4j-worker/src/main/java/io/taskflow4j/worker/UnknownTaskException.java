package io.taskflow4j.worker;

/**
 * A worker received a request for a task name ({@code task_cls}) it does not serve. It travels
 * back to the engine as the request's failure.
 */
public class UnknownTaskException extends WorkerException {

  /**
   * Creates the exception.
   *
   * @param message which name was asked for and which names the worker serves
   */
  public UnknownTaskException(String message) {
    super(message);
  }
}
