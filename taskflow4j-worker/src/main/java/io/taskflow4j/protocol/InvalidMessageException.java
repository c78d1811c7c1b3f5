package io.taskflow4j.protocol;

import io.taskflow4j.InvalidFormatException;
import java.util.Objects;

/**
 * Thrown when a received message cannot be used. The message text names the message type and the
 * offending field, such as {@code REQUEST: failures.resize-1.exc_type_names: last type name must
 * be Exception or BaseException, got 'Foo'}.
 *
 * <p>{@link #violation()} tells how the reference would have treated the message, so a receiver
 * can do the same: it drops (rejects) messages with an {@link Violation#ENVELOPE}, {@link
 * Violation#MALFORMED} or {@link Violation#SCHEMA} problem unprocessed; a body with a {@link
 * Violation#CONTENT} problem passes its validation and fails only when it is read, after the
 * message was acknowledged (a reference worker then answers a REQUEST with a FAILURE response).
 *
 * <p>Thread-safety: immutable once thrown.
 */
public class InvalidMessageException extends InvalidFormatException {

  /** What is wrong with a message. */
  public enum Violation {
    /** The envelope: no {@code type} property, or a type this receiver does not handle. */
    ENVELOPE,
    /** The body is not one JSON document. */
    MALFORMED,
    /**
     * The body is over one of the reader's limits (its size, nesting, or the length of a string or
     * number); its envelope can still be answered.
     */
    LIMIT,
    /** The body breaks the message's schema, or a failure in it breaks the failure rules. */
    SCHEMA,
    /**
     * The body passes the reference's validation but cannot be read: a failure whose {@code
     * version} is missing or not 1, or a FAILURE response whose result is not a valid failure.
     */
    CONTENT
  }

  // Transient: taskflow4j never uses Java serialization, so an exception's details are not part
  // of a serial form.
  private final transient String messageType;
  private final transient Violation violation;

  /**
   * Creates the exception.
   *
   * @param messageType the envelope type ({@code NOTIFY}, {@code REQUEST}, {@code RESPONSE}), or
   *     what the envelope said when it is not one of those
   * @param violation what kind of problem it is
   * @param message the full description, naming the message type and the field
   */
  public InvalidMessageException(String messageType, Violation violation, String message) {
    super(message);
    this.messageType = Objects.requireNonNull(messageType, "messageType");
    this.violation = Objects.requireNonNull(violation, "violation");
  }

  /**
   * Creates the exception with a cause.
   *
   * @param messageType the envelope type
   * @param violation what kind of problem it is
   * @param message the full description, naming the message type and the field
   * @param cause the underlying parse or validation error
   */
  public InvalidMessageException(
      String messageType, Violation violation, String message, Throwable cause) {
    super(message, cause);
    this.messageType = Objects.requireNonNull(messageType, "messageType");
    this.violation = Objects.requireNonNull(violation, "violation");
  }

  /**
   * The envelope type of the offending message.
   *
   * @return such as {@code REQUEST}
   */
  public String messageType() {
    return messageType;
  }

  /**
   * What kind of problem it is.
   *
   * @return the violation
   */
  public Violation violation() {
    return violation;
  }
}
