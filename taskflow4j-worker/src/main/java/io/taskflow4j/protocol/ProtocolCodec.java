package io.taskflow4j.protocol;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamWriteConstraints;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import io.taskflow4j.protocol.InvalidMessageException.Violation;
import io.taskflow4j.transport.Message;
import io.taskflow4j.transport.MessageProperties;
import java.util.Objects;
import java.util.Optional;

/**
 * Turns protocol messages into transport {@link Message}s (a UTF-8 JSON body and the envelope of
 * contract section 2: {@code type}, {@code reply_to}, {@code correlation_id}, {@code
 * application/json}, {@code utf-8}, delivery mode 2, priority 0, no headers) and reads received
 * ones back, validating each body as the reference does.
 *
 * <p>Reading is bounded by {@link ProtocolLimits}. Like the reference's JSON, it accepts {@code
 * NaN} and {@code Infinity}, keeps the last of repeated keys, and reads integers as {@link
 * Integer}, {@link Long} or {@link java.math.BigInteger} and fractions as {@link Double}.
 *
 * <p>Thread-safety: immutable; one instance may be shared by every thread.
 */
public final class ProtocolCodec {

  private static final ProtocolCodec DEFAULT = new ProtocolCodec(ProtocolLimits.DEFAULTS);

  private final ProtocolLimits limits;
  private final BodyReader reader;
  private final BodyWriter writer;

  private ProtocolCodec(ProtocolLimits limits) {
    this.limits = Objects.requireNonNull(limits, "limits");
    JsonFactory factory =
        JsonFactory.builder()
            .streamReadConstraints(
                StreamReadConstraints.builder()
                    .maxDocumentLength(limits.maxBodyBytes())
                    .maxNestingDepth(limits.maxNestingDepth())
                    .maxStringLength(limits.maxStringLength())
                    .maxNameLength(limits.maxStringLength())
                    .maxNumberLength(limits.maxNumberLength())
                    .build())
            // Records bound their own depth; cause chains add two levels per cause.
            .streamWriteConstraints(StreamWriteConstraints.builder().maxNestingDepth(5_000).build())
            // Python's json reads and writes these, so a reference peer may send them.
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .disable(JsonWriteFeature.WRITE_NAN_AS_STRINGS)
            .build();
    this.reader = new BodyReader(factory, limits.maxBodyBytes());
    this.writer = new BodyWriter(factory);
  }

  /**
   * A codec with the default limits ({@link ProtocolLimits#DEFAULTS}).
   *
   * @return the shared default codec
   */
  public static ProtocolCodec create() {
    return DEFAULT;
  }

  /**
   * A codec with the given limits.
   *
   * @param limits the parsing limits
   * @return the codec; the shared default one for the default limits
   */
  public static ProtocolCodec create(ProtocolLimits limits) {
    // One shared codec keeps one parser factory, whose name tables stay warm for every user.
    return limits.equals(ProtocolLimits.DEFAULTS) ? DEFAULT : new ProtocolCodec(limits);
  }

  /**
   * The limits this codec reads with.
   *
   * @return the limits
   */
  public ProtocolLimits limits() {
    return limits;
  }

  // Encoding.

  /**
   * The body of a message: UTF-8 JSON, properties in the reference's order.
   *
   * @param message the message
   * @return the body's bytes
   */
  public byte[] encodeBody(ProtocolMessage message) {
    Objects.requireNonNull(message, "message");
    return writer.write(message);
  }

  /**
   * A transport message with any envelope addressing.
   *
   * @param message the message
   * @param replyTo the {@code reply_to} property, if any
   * @param correlationId the {@code correlation_id} property, if any
   * @return the transport message
   */
  public Message encode(
      ProtocolMessage message, Optional<String> replyTo, Optional<String> correlationId) {
    Objects.requireNonNull(replyTo, "replyTo");
    Objects.requireNonNull(correlationId, "correlationId");
    return new Message(
        MessageProperties.of(message.type(), replyTo, correlationId),
        encodeBody(message));
  }

  /**
   * The executor's NOTIFY: body {@code {}}, {@code reply_to} the executor's topic, no correlation
   * id.
   *
   * @param replyTo the executor's topic
   * @return the transport message
   */
  public Message encodeNotifyRequest(String replyTo) {
    Objects.requireNonNull(replyTo, "replyTo");
    return encode(NotifyRequest.INSTANCE, Optional.of(replyTo), Optional.empty());
  }

  /**
   * A worker's answer to a NOTIFY, sent to the executor's {@code reply_to} topic; like the
   * reference's, it carries neither {@code reply_to} nor {@code correlation_id}.
   *
   * @param response the worker's topic and tasks
   * @return the transport message
   */
  public Message encodeNotifyResponse(NotifyResponse response) {
    return encode(response, Optional.empty(), Optional.empty());
  }

  /**
   * A REQUEST, with the executor's topic as {@code reply_to} and the request's id as {@code
   * correlation_id}.
   *
   * @param request the request
   * @param replyTo the executor's topic
   * @param correlationId the request's id
   * @return the transport message
   */
  public Message encodeRequest(TaskRequest request, String replyTo, String correlationId) {
    Objects.requireNonNull(replyTo, "replyTo");
    Objects.requireNonNull(correlationId, "correlationId");
    return encode(request, Optional.of(replyTo), Optional.of(correlationId));
  }

  /**
   * A RESPONSE to the request with the given id; like the reference's, it carries no {@code
   * reply_to}.
   *
   * @param response the response
   * @param correlationId the id of the request it answers
   * @return the transport message
   */
  public Message encodeResponse(TaskResponse response, String correlationId) {
    Objects.requireNonNull(correlationId, "correlationId");
    return encode(response, Optional.empty(), Optional.of(correlationId));
  }

  // Decoding.

  /**
   * Reads a received message by its {@code type} property, as the given side of the protocol
   * receives it: a worker reads NOTIFY as the executor's request and handles REQUEST; an executor
   * reads NOTIFY as a worker's answer and handles RESPONSE.
   *
   * @param message the received message
   * @param receiver which side receives it
   * @return one of {@link NotifyRequest} and {@link TaskRequest} for a worker, {@link
   *     NotifyResponse} and {@link TaskResponse} for an executor
   * @throws InvalidMessageException when the type is missing or not handled by the receiver
   *     ({@link Violation#ENVELOPE}), or the body is invalid
   */
  public ProtocolMessage decode(Message message, Role receiver) {
    Objects.requireNonNull(message, "message");
    Objects.requireNonNull(receiver, "receiver");
    Optional<String> type = message.properties().type();
    if (type.isEmpty()) {
      throw new InvalidMessageException(
          "(none)", Violation.ENVELOPE, "message: type: the 'type' property is missing");
    }
    String name = type.get();
    byte[] body = message.body();
    if (ProtocolMessage.NOTIFY.equals(name)) {
      return receiver == Role.WORKER ? decodeNotifyRequest(body) : decodeNotifyResponse(body);
    }
    if (ProtocolMessage.REQUEST.equals(name) && receiver == Role.WORKER) {
      return decodeRequest(body);
    }
    if (ProtocolMessage.RESPONSE.equals(name) && receiver == Role.EXECUTOR) {
      return decodeResponse(body);
    }
    throw new InvalidMessageException(
        name,
        Violation.ENVELOPE,
        "message: type: '" + name + "' is not a type that the " + receiver.name().toLowerCase(
            java.util.Locale.ROOT) + " handles");
  }

  /**
   * Reads the body of an executor's NOTIFY, which must be {@code {}}.
   *
   * @param body the body's bytes
   * @return the notify request
   * @throws InvalidMessageException when the body is invalid
   */
  public NotifyRequest decodeNotifyRequest(byte[] body) {
    return reader.readNotifyRequest(Objects.requireNonNull(body, "body"));
  }

  /**
   * Reads the body of a worker's answer to a NOTIFY.
   *
   * @param body the body's bytes
   * @return the notify response
   * @throws InvalidMessageException when the body is invalid
   */
  public NotifyResponse decodeNotifyResponse(byte[] body) {
    return reader.readNotifyResponse(Objects.requireNonNull(body, "body"));
  }

  /**
   * Reads the body of a REQUEST, including every failure in it.
   *
   * @param body the body's bytes
   * @return the request
   * @throws InvalidMessageException when the body is invalid
   */
  public TaskRequest decodeRequest(byte[] body) {
    return reader.readRequest(Objects.requireNonNull(body, "body"));
  }

  /**
   * Reads the body of a RESPONSE.
   *
   * @param body the body's bytes
   * @return the response
   * @throws InvalidMessageException when the body is invalid
   */
  public TaskResponse decodeResponse(byte[] body) {
    return reader.readResponse(Objects.requireNonNull(body, "body"));
  }
}
