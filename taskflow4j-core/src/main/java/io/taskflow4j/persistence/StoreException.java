package io.taskflow4j.persistence;

import io.taskflow4j.TaskflowException;

/**
 * A store could not do what was asked: the database is unreachable, a password is wrong, the
 * schema is newer than this version understands, a row is malformed, or a write failed. The
 * message names the store and what went wrong.
 *
 * <p>An engine whose store fails stops its flow with this exception rather than continuing
 * without a record.
 */
public class StoreException extends TaskflowException {

  /**
   * Creates the exception.
   *
   * @param message what went wrong, and where
   */
  public StoreException(String message) {
    super(message);
  }

  /**
   * Creates the exception with a cause.
   *
   * @param message what went wrong, and where
   * @param cause the underlying error
   */
  public StoreException(String message, Throwable cause) {
    super(message, cause);
  }
}
