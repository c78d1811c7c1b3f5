package io.taskflow4j.value;

import io.taskflow4j.TaskflowException;

/**
 * A value could not be converted to JSON, or a JSON value to a type. The message names the value's
 * type and what went wrong.
 *
 * <p>Thread-safety: immutable once thrown.
 */
public class ValueConversionException extends TaskflowException {

  /**
   * Creates an exception with a message.
   *
   * @param message what could not be converted, and why
   */
  public ValueConversionException(String message) {
    super(message);
  }

  /**
   * Creates an exception with a message and a cause.
   *
   * @param message what could not be converted, and why
   * @param cause the underlying problem
   */
  public ValueConversionException(String message, Throwable cause) {
    super(message, cause);
  }
}
