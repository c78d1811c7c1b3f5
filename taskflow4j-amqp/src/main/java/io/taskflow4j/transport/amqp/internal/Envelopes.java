package io.taskflow4j.transport.amqp.internal;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.LongString;
import io.taskflow4j.transport.MessageProperties;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Converts envelopes between the transport SPI and AMQP 0-9-1 properties. Stateless. */
final class Envelopes {

  private Envelopes() {}

  /**
   * The AMQP properties of an outgoing message: every field as given, headers always present (an
   * empty table when there are none, as the reference sends).
   */
  static AMQP.BasicProperties toAmqp(MessageProperties properties) {
    return new AMQP.BasicProperties.Builder()
        .type(properties.type().orElse(null))
        .replyTo(properties.replyTo().orElse(null))
        .correlationId(properties.correlationId().orElse(null))
        .contentType(properties.contentType().orElse(null))
        .contentEncoding(properties.contentEncoding().orElse(null))
        .deliveryMode(properties.deliveryMode())
        .priority(properties.priority())
        .headers(new LinkedHashMap<>(properties.headers()))
        .expiration(properties.expiration().map(after -> Long.toString(after.toMillis())).orElse(null))
        .build();
  }

  /**
   * The properties of a received message. An absent delivery mode reads as 1 (transient) and an
   * absent priority as 0, their AMQP meanings; header strings arrive as plain {@link String}s and
   * null header values are left out.
   */
  static MessageProperties fromAmqp(AMQP.BasicProperties properties) {
    Map<String, Object> headers = new LinkedHashMap<>();
    if (properties.getHeaders() != null) {
      properties.getHeaders().forEach((key, value) -> {
        Object plain = plain(value);
        if (plain != null) {
          headers.put(key, plain);
        }
      });
    }
    return new MessageProperties(
        Optional.ofNullable(properties.getType()),
        Optional.ofNullable(properties.getReplyTo()),
        Optional.ofNullable(properties.getCorrelationId()),
        Optional.ofNullable(properties.getContentType()),
        Optional.ofNullable(properties.getContentEncoding()),
        properties.getDeliveryMode() == null ? 1 : properties.getDeliveryMode(),
        properties.getPriority() == null ? 0 : properties.getPriority(),
        headers,
        expiration(properties.getExpiration()));
  }

  // AMQP carries the expiration as a string of milliseconds; one that is not a number the
  // message's own business, since the broker has already applied it.
  private static Optional<Duration> expiration(String text) {
    if (text == null) {
      return Optional.empty();
    }
    try {
      long millis = Long.parseLong(text.strip());
      return millis >= 0 && millis <= Integer.MAX_VALUE ? Optional.of(Duration.ofMillis(millis)) : Optional.empty();
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  private static Object plain(Object value) {
    if (value instanceof LongString text) {
      return text.toString();
    }
    if (value instanceof Map<?, ?> map) {
      Map<String, Object> copy = new LinkedHashMap<>();
      map.forEach((k, v) -> {
        Object plain = plain(v);
        if (plain != null) {
          copy.put(String.valueOf(k), plain);
        }
      });
      return Collections.unmodifiableMap(copy);
    }
    if (value instanceof List<?> list) {
      List<Object> copy = new ArrayList<>(list.size());
      for (Object v : list) {
        Object plain = plain(v);
        if (plain != null) {
          copy.add(plain);
        }
      }
      return Collections.unmodifiableList(copy);
    }
    return value;
  }
}
