package io.taskflow4j.transport.memory;

import io.taskflow4j.transport.Message;
import io.taskflow4j.transport.MessageProperties;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.time.Clock;
import java.time.Instant;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A message as the in-memory broker holds it: its own copy of the body and properties, and whether
 * it was delivered before. Immutable; every delivery gets fresh copies.
 *
 * @param properties the properties, with headers deep-copied
 * @param body the body, owned by this record and never handed out
 * @param isRedelivered whether a consumer had it before
 * @param expiresAt when it expires, if it has an expiration
 */
record StoredMessage(MessageProperties properties, byte[] body, boolean isRedelivered, Optional<Instant> expiresAt) {

  /**
   * Copies a published message; header values are restricted to what an AMQP 0-9-1 table carries.
   *
   * @param message the message
   * @param clock the clock its expiration counts on, read only when it has one
   */
  static StoredMessage copyOf(Message message, Clock clock) {
    MessageProperties properties = copy(message.properties());
    Optional<Instant> expiresAt =
        properties.expiration().isEmpty()
            ? Optional.empty()
            : Optional.of(clock.instant().plus(properties.expiration().get()));
    return new StoredMessage(properties, message.body().clone(), false, expiresAt);
  }

  /** The same message, flagged as delivered before. */
  StoredMessage redelivered() {
    return isRedelivered ? this : new StoredMessage(properties, body, true, expiresAt);
  }

  /** Tells whether it has expired by a time; as in RabbitMQ, a requeued message keeps its expiry. */
  boolean expiredAt(Clock clock) {
    return expiresAt.isPresent() && !clock.instant().isBefore(expiresAt.get());
  }

  /** A fresh copy for one delivery. */
  Message toMessage() {
    return new Message(copy(properties), body.clone());
  }

  private static MessageProperties copy(MessageProperties p) {
    Map<String, Object> headers = new LinkedHashMap<>();
    p.headers().forEach((key, value) -> headers.put(key, copyValue(key, value)));
    return new MessageProperties(
        p.type(),
        p.replyTo(),
        p.correlationId(),
        p.contentType(),
        p.contentEncoding(),
        p.deliveryMode(),
        p.priority(),
        headers,
        p.expiration());
  }

  private static Object copyValue(String key, Object value) {
    if (value instanceof String
        || value instanceof Integer
        || value instanceof Long
        || value instanceof Short
        || value instanceof Byte
        || value instanceof Boolean
        || value instanceof Double
        || value instanceof Float
        || value instanceof BigDecimal) {
      return value;
    }
    if (value instanceof byte[] bytes) {
      return bytes.clone();
    }
    if (value instanceof Date date) {
      return new Date(date.getTime());
    }
    if (value instanceof Map<?, ?> map) {
      Map<String, Object> copy = new LinkedHashMap<>();
      map.forEach((k, v) -> copy.put(String.valueOf(k), copyValue(key, v)));
      return Collections.unmodifiableMap(copy);
    }
    if (value instanceof List<?> list) {
      List<Object> copy = new ArrayList<>(list.size());
      list.forEach(v -> copy.add(copyValue(key, v)));
      return Collections.unmodifiableList(copy);
    }
    throw new IllegalArgumentException(
        "header '" + key + "' holds a " + (value == null ? "null" : value.getClass().getName())
            + ", which an AMQP table cannot carry");
  }
}
