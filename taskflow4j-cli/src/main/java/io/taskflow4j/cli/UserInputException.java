package io.taskflow4j.cli;

import io.taskflow4j.TaskflowException;

/**
 * Something the user gave cannot be used; the command exits with {@link ExitCodes#BAD_INPUT} after
 * printing the message. For problems the user can fix, not for bugs. Immutable.
 */
public class UserInputException extends TaskflowException {

  /**
   * Creates the exception.
   *
   * @param message what is wrong and, when it helps, what to do
   */
  public UserInputException(String message) {
    super(message);
  }
}
