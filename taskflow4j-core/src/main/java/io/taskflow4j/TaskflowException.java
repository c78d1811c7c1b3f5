package io.taskflow4j;

/**
 * Root of every exception that taskflow4j throws on purpose.
 *
 * <p>Catching this type catches all of the library's own errors; programming errors in arguments
 * (a {@code null} or a blank name) are reported with the JDK's {@link NullPointerException} and
 * {@link IllegalArgumentException} instead, as is usual for Java libraries.
 */
public class TaskflowException extends RuntimeException {

  /**
   * Creates an exception with a message.
   *
   * @param message what went wrong
   */
  public TaskflowException(String message) {
    super(message);
  }

  /**
   * Creates an exception with a message and a cause.
   *
   * @param message what went wrong
   * @param cause the underlying problem
   */
  public TaskflowException(String message, Throwable cause) {
    super(message, cause);
  }
}
