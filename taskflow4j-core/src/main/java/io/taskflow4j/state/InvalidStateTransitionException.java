package io.taskflow4j.state;

import io.taskflow4j.TaskflowException;

/** Thrown when something asks for a state transition that the state machine does not allow. */
public class InvalidStateTransitionException extends TaskflowException {

  /**
   * Creates the exception.
   *
   * @param message which transition, of what
   */
  public InvalidStateTransitionException(String message) {
    super(message);
  }
}
