package io.taskflow4j.jobs.redis.internal;

/**
 * Bytes on the board do not decode to what was expected. Checked, so that every caller decides
 * what becomes of the entry; the message says what is wrong and where in the value.
 */
public final class MalformedEntryException extends Exception {

  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what is wrong, and where
   */
  public MalformedEntryException(String message) {
    super(message);
  }
}
