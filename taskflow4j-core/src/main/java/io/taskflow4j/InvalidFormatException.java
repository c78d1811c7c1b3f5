package io.taskflow4j;

/**
 * Thrown when data received from outside (a failure dictionary, a protocol message, a flow file)
 * does not have the required format. The message names what is wrong and where.
 */
public class InvalidFormatException extends TaskflowException {

  /**
   * Creates the exception.
   *
   * @param message what is wrong and where
   */
  public InvalidFormatException(String message) {
    super(message);
  }

  /**
   * Creates the exception with a cause.
   *
   * @param message what is wrong and where
   * @param cause the underlying parse error
   */
  public InvalidFormatException(String message, Throwable cause) {
    super(message, cause);
  }
}
