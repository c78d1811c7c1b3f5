package io.taskflow4j.transport.memory;

import io.taskflow4j.transport.Message;
import io.taskflow4j.transport.MessageProperties;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A message as the in-memory broker holds it: its own copy of the body and properties, and whether
 * it was delivered before. Immutable; every delivery gets fresh copies.
 *
 * @param properties the properties, with headers deep-copied
 * @param body the body, owned by this record and never handed out
 * @param isRedelivered whether a consumer had it before
 */
record StoredMessage(MessageProperties properties, byte[] body, boolean isRedelivered) {

  /**
   * Copies a published message; header values are restricted to what an AMQP 0-9-1 table carries.
   */
  static StoredMessage copyOf(Message message) {
    return new StoredMessage(copy(message.properties()), message.body().clone(), false);
  }

  /** The same message, flagged as delivered before. */
  StoredMessage redelivered() {
    return isRedelivered ? this : new StoredMessage(properties, body, true);
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
        headers);
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
