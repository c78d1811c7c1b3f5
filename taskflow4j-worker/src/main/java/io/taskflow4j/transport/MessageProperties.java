package io.taskflow4j.transport;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The envelope of a message, as AMQP 0-9-1 carries it (contract section 2).
 *
 * @param type {@code NOTIFY}, {@code REQUEST} or {@code RESPONSE}; empty when a received message
 *     had none
 * @param replyTo the sender's topic, on NOTIFY requests and REQUESTs
 * @param correlationId the request's id, on REQUEST and RESPONSE
 * @param contentType the body's content type, {@code application/json}
 * @param contentEncoding the body's encoding, {@code utf-8}
 * @param deliveryMode 2 (persistent), as the reference sends
 * @param priority 0
 * @param headers the AMQP headers; on what this project sends, empty but for the extra headers of a
 *     REQUEST ({@link io.taskflow4j.remote.RequestHeaders})
 * @param expiration how long the message may wait in a queue before the broker drops it (AMQP's
 *     {@code expiration}); empty for no limit, as the reference sends
 */
public record MessageProperties(
    Optional<String> type,
    Optional<String> replyTo,
    Optional<String> correlationId,
    Optional<String> contentType,
    Optional<String> contentEncoding,
    int deliveryMode,
    int priority,
    Map<String, Object> headers,
    Optional<Duration> expiration) {

  /** The content type of every body. */
  public static final String JSON = "application/json";

  /** The content encoding of every body. */
  public static final String UTF_8 = "utf-8";

  /**
   * Validates and copies the components.
   *
   * @param type {@code NOTIFY}, {@code REQUEST} or {@code RESPONSE}; empty when a received message had none
   * @param replyTo the sender's topic, on NOTIFY requests and REQUESTs
   * @param correlationId the request's id, on REQUEST and RESPONSE
   * @param contentType the body's content type, {@code application/json}
   * @param contentEncoding the body's encoding, {@code utf-8}
   * @param deliveryMode 2 (persistent), as the reference sends
   * @param priority 0
   * @param headers the AMQP headers; on what this project sends, empty but for the extra headers
   *     of a REQUEST
   *
   * @param expiration how long the message may wait in a queue before the broker drops it (AMQP's {@code expiration}); empty for no limit, as the reference sends
   */
  public MessageProperties {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(replyTo, "replyTo");
    Objects.requireNonNull(correlationId, "correlationId");
    Objects.requireNonNull(contentType, "contentType");
    Objects.requireNonNull(contentEncoding, "contentEncoding");
    headers = Map.copyOf(headers);
    Objects.requireNonNull(expiration, "expiration");
    if (expiration.isPresent() && (expiration.get().isNegative() || expiration.get().toMillis() > Integer.MAX_VALUE)) {
      throw new IllegalArgumentException(
          "expiration must be from 0 to " + Integer.MAX_VALUE + " ms, got " + expiration.get());
    }
  }

  /**
   * Properties without an expiration.
   *
   * @param type the message type, if any
   * @param replyTo the sender's topic, if any
   * @param correlationId the request's id, if any
   * @param contentType the body's content type, if any
   * @param contentEncoding the body's encoding, if any
   * @param deliveryMode 1 (transient) or 2 (persistent)
   * @param priority the priority
   * @param headers the AMQP headers
   */
  public MessageProperties(
      Optional<String> type,
      Optional<String> replyTo,
      Optional<String> correlationId,
      Optional<String> contentType,
      Optional<String> contentEncoding,
      int deliveryMode,
      int priority,
      Map<String, Object> headers) {
    this(type, replyTo, correlationId, contentType, contentEncoding, deliveryMode, priority, headers,
        Optional.empty());
  }

  /**
   * The same properties with an expiration: a broker drops the message if it has waited that long
   * in a queue when a consumer would get it.
   *
   * @param after how long the message may wait, from 0 to {@link Integer#MAX_VALUE} ms
   * @return the new properties
   */
  public MessageProperties withExpiration(Duration after) {
    return new MessageProperties(type, replyTo, correlationId, contentType, contentEncoding,
        deliveryMode, priority, headers, Optional.of(after));
  }

  /**
   * The same properties with more headers: each given header is added, replacing one of the same
   * name.
   *
   * @param more the headers to add
   * @return the new properties, or these when {@code more} is empty
   */
  public MessageProperties withHeaders(Map<String, ?> more) {
    if (more.isEmpty()) {
      return this;
    }
    Map<String, Object> all;
    if (headers.isEmpty()) {
      // The usual case; an immutable map is taken as it is, not copied.
      all = Map.copyOf(more);
    } else {
      all = new java.util.LinkedHashMap<>(headers);
      all.putAll(more);
    }
    return new MessageProperties(type, replyTo, correlationId, contentType, contentEncoding,
        deliveryMode, priority, all, expiration);
  }

  /**
   * The same properties without an expiration.
   *
   * @return the new properties, or these when they have none
   */
  public MessageProperties withoutExpiration() {
    if (expiration.isEmpty()) {
      return this;
    }
    return new MessageProperties(type, replyTo, correlationId, contentType, contentEncoding,
        deliveryMode, priority, headers, Optional.empty());
  }

  /**
   * The properties the project sends: JSON in UTF-8, delivery mode 2, priority 0, no headers.
   *
   * @param type the message type
   * @param replyTo the sender's topic, if the message has one
   * @param correlationId the request id, if the message has one
   * @return the properties
   */
  public static MessageProperties of(String type, Optional<String> replyTo, Optional<String> correlationId) {
    return new MessageProperties(
        Optional.of(type), replyTo, correlationId, Optional.of(JSON), Optional.of(UTF_8), 2, 0, Map.of(),
        Optional.empty());
  }

  /**
   * The properties the project sends, for a message with both a reply-to topic and a correlation
   * id, such as a REQUEST.
   *
   * @param type the message type
   * @param replyTo the sender's topic
   * @param correlationId the request id
   * @return the properties
   */
  public static MessageProperties of(String type, String replyTo, String correlationId) {
    return of(
        type,
        Optional.of(Objects.requireNonNull(replyTo, "replyTo")),
        Optional.of(Objects.requireNonNull(correlationId, "correlationId")));
  }
}
