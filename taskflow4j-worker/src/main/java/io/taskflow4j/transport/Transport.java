package io.taskflow4j.transport;

import java.util.concurrent.CompletableFuture;

/**
 * What the worker protocol needs of a message broker (contract sections 1 and 2): a direct
 * exchange, one queue per topic named {@code <exchange>_<topic>} bound with the topic as routing
 * key, publishing with envelope properties and consuming with acknowledge, reject and requeue.
 *
 * <p>Implementations: the in-memory transport (one JVM, the embedded default) and the RabbitMQ
 * transport. Every implementation passes the same contract test. Implementations are thread-safe.
 */
public interface Transport extends AutoCloseable {

  /**
   * Publishes a message to a topic. The destination queue {@code <exchange>_<routingKey>} is
   * declared first, so a message sent before its consumer starts is kept.
   *
   * @param exchange the exchange name
   * @param routingKey the destination topic
   * @param message the message
   * @throws TransportException when the message could not be handed to the broker
   */
  void publish(String exchange, String routingKey, Message message);

  /**
   * Publishes a message without waiting for the broker to confirm it: the returned future
   * completes once the broker has the message (at once where the transport awaits no confirm) or
   * exceptionally with a {@link TransportException} when it could not be handed over, after the
   * transport's retries. Messages published from one thread keep their order unless one of them is
   * retried. The default publishes synchronously.
   *
   * @param exchange the exchange name
   * @param routingKey the destination topic
   * @param message the message
   * @return completes when the broker has the message; never null
   */
  default CompletableFuture<Void> publishAsync(String exchange, String routingKey, Message message) {
    try {
      publish(exchange, routingKey, message);
      return CompletableFuture.completedFuture(null);
    } catch (TransportException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  /**
   * Starts consuming one's own topic queue {@code <exchange>_<topic>}, declaring the exchange, the
   * queue and its binding first. Several consumers of the same queue compete for its messages.
   *
   * @param exchange the exchange name
   * @param topic the consumer's topic
   * @param handler receives each message
   * @return the running subscription
   * @throws TransportException when the queue could not be consumed
   */
  Subscription consume(String exchange, String topic, MessageHandler handler);

  /**
   * Describes where this transport connects, for banners and logs, never with a password.
   *
   * @return such as {@code memory} or {@code amqp://guest@127.0.0.1:5672/}
   */
  String describe();

  /** Closes the transport and its subscriptions. Idempotent. */
  @Override
  void close();

  /**
   * The queue name for a topic, as the contract names it.
   *
   * @param exchange the exchange
   * @param topic the topic
   * @return {@code <exchange>_<topic>}
   */
  static String queueName(String exchange, String topic) {
    return exchange + "_" + topic;
  }
}
