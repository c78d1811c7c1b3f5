package io.taskflow4j.dashboard;

import io.taskflow4j.TaskflowException;

/** The dashboard could not start, or an action it was asked for could not be done. */
public class DashboardException extends TaskflowException {

  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what went wrong, for the page or the log
   */
  public DashboardException(String message) {
    super(message);
  }

  /**
   * Creates the exception with its cause.
   *
   * @param message what went wrong, for the page or the log
   * @param cause why
   */
  public DashboardException(String message, Throwable cause) {
    super(message, cause);
  }
}
