package io.taskflow4j.transport.amqp.internal;

import com.rabbitmq.client.BuiltinExchangeType;
import com.rabbitmq.client.Channel;
import io.taskflow4j.transport.Transport;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * The broker layout of the worker protocol (contract section 1): a direct exchange, and one queue
 * {@code <exchange>_<topic>} per topic bound with the topic as routing key, all {@code
 * durable=false, auto_delete=true}. Stateless.
 */
final class Topology {

  private static final int MAX_NAME_BYTES = 255;

  private Topology() {}

  /** Declares the exchange, the topic's queue and its binding, waiting for each answer. */
  static void declare(Channel channel, String exchange, String topic) throws IOException {
    String queue = Transport.queueName(exchange, topic);
    channel.exchangeDeclare(exchange, BuiltinExchangeType.DIRECT, false, true, null);
    channel.queueDeclare(queue, false, false, true, null);
    channel.queueBind(queue, exchange, topic);
  }

  /** Declares the exchange without waiting for the answer (cheap; errors close the channel). */
  static void declareExchangeNoWait(Channel channel, String exchange) throws IOException {
    channel.exchangeDeclareNoWait(exchange, BuiltinExchangeType.DIRECT.getType(), false, true, false, null);
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
