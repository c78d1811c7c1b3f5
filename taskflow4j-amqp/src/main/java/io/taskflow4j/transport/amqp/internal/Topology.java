package io.taskflow4j.transport.amqp.internal;

import com.rabbitmq.client.BuiltinExchangeType;
import com.rabbitmq.client.Channel;
import io.taskflow4j.transport.Transport;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * The broker layout of the worker protocol (contract section 1): a direct exchange, and one queue
 * {@code <exchange>_<topic>} per topic bound with the topic as routing key, all {@code
 * durable=false, auto_delete=true} as the reference declares them; in durable mode a durable
 * exchange and durable quorum queues that expire after {@link #DURABLE_QUEUE_EXPIRY} unused.
 * Stateless.
 */
final class Topology {

  private static final int MAX_NAME_BYTES = 255;

  /**
   * How long a durable queue lives without consumers before the broker deletes it: the reply
   * queues of engines that are gone, whose names are random, would otherwise stay for ever.
   */
  static final java.time.Duration DURABLE_QUEUE_EXPIRY = java.time.Duration.ofDays(1);

  private static final java.util.Map<String, Object> DURABLE_QUEUE_ARGUMENTS = java.util.Map.of(
      "x-queue-type", "quorum",
      "x-expires", DURABLE_QUEUE_EXPIRY.toMillis());

  private Topology() {}

  /** Declares the exchange, the topic's queue and its binding, waiting for each answer. */
  static void declare(Channel channel, String exchange, String topic, boolean durable) throws IOException {
    String queue = Transport.queueName(exchange, topic);
    channel.exchangeDeclare(exchange, BuiltinExchangeType.DIRECT, durable, !durable, null);
    if (durable) {
      channel.queueDeclare(queue, true, false, false, DURABLE_QUEUE_ARGUMENTS);
    } else {
      channel.queueDeclare(queue, false, false, true, null);
    }
    channel.queueBind(queue, exchange, topic);
  }

  /** Declares the exchange without waiting for the answer (cheap; errors close the channel). */
  static void declareExchangeNoWait(Channel channel, String exchange, boolean durable) throws IOException {
    channel.exchangeDeclareNoWait(exchange, BuiltinExchangeType.DIRECT.getType(), durable, !durable, false, null);
  }

  /** Rejects names that a broker would refuse, before anything is sent. */
  static void checkNames(String exchange, String topic) {
    if (exchange.isEmpty()) {
      throw new IllegalArgumentException("exchange must not be empty (the default exchange)");
    }
    if (exchange.startsWith("amq.")) {
      throw new IllegalArgumentException(
          "exchange '" + exchange + "' uses the prefix 'amq.' that brokers reserve");
    }
    if (exchange.getBytes(StandardCharsets.UTF_8).length > MAX_NAME_BYTES) {
      throw new IllegalArgumentException("exchange name is longer than 255 bytes");
    }
    if (Transport.queueName(exchange, topic).getBytes(StandardCharsets.UTF_8).length > MAX_NAME_BYTES) {
      throw new IllegalArgumentException(
          "queue name " + Transport.queueName(exchange, topic) + " is longer than 255 bytes");
    }
  }
}
