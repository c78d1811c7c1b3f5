package io.taskflow4j.transport.memory;

import io.taskflow4j.transport.Message;
import io.taskflow4j.transport.MessageHandler;
import io.taskflow4j.transport.Subscription;
import io.taskflow4j.transport.Transport;
import io.taskflow4j.transport.TransportException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * One participant's connection to an {@link InMemoryBroker}; obtain it with {@link
 * InMemoryBroker#transport()}. Messages published through one transport of a broker reach the
 * consumers of every transport of the same broker.
 *
 * <p>Closing a subscription or the transport stops deliveries, waits for a handler that is running
 * (unless it is the caller) up to the broker's shutdown timeout, then requeues what that consumer
 * left unsettled. While the transport closes, running handlers can still publish. A handler that settles later, from its own threads, must finish before the
 * subscription is closed, or its messages are delivered again.
 *
 * <p>Thread-safe.
 */
public final class InMemoryTransport implements Transport {

  private final InMemoryBroker broker;
  private final int prefetch;
  private final Set<MemorySubscription> subscriptions = new LinkedHashSet<>();
  private boolean closing;
  private volatile boolean closed;

  InMemoryTransport(InMemoryBroker broker, int prefetch) {
    this.broker = broker;
    this.prefetch = prefetch;
  }

  /**
   * The broker this transport belongs to.
   *
   * @return the broker
   */
  public InMemoryBroker broker() {
    return broker;
  }

  /**
   * The prefetch limit of this transport's consumers.
   *
   * @return the most unsettled deliveries one consumer holds
   */
  public int prefetch() {
    return prefetch;
  }

  @Override
  public void publish(String exchange, String routingKey, Message message) {
    Objects.requireNonNull(exchange, "exchange");
    Objects.requireNonNull(routingKey, "routingKey");
    Objects.requireNonNull(message, "message");
    if (closed) {
      throw new TransportException("transport " + describe() + " is closed");
    }
    broker.publish(exchange, routingKey, message);
  }

  @Override
  public Subscription consume(String exchange, String topic, MessageHandler handler) {
    Objects.requireNonNull(exchange, "exchange");
    Objects.requireNonNull(topic, "topic");
    Objects.requireNonNull(handler, "handler");
    synchronized (this) {
      if (closing) {
        throw new TransportException("transport " + describe() + " is closed");
      }
      MemorySubscription subscription =
          new MemorySubscription(broker.consume(exchange, topic, handler, prefetch));
      subscriptions.add(subscription);
      return subscription;
    }
  }

  @Override
  public String describe() {
    return "memory:" + broker.name();
  }

  @Override
  public void close() {
    List<MemorySubscription> open;
    synchronized (this) {
      if (closing) {
        return;
      }
      closing = true;
      open = new ArrayList<>(subscriptions);
    }
    for (MemorySubscription subscription : open) {
      subscription.close();
    }
    closed = true; // running handlers could publish until now
    broker.forget(this);
  }

  @Override
  public String toString() {
    return "InMemoryTransport[" + describe() + "]";
  }

  /** A consumer of this transport. Thread-safe. */
  private final class MemorySubscription implements Subscription {
    private final InMemoryBroker.MemoryConsumer consumer;

    MemorySubscription(InMemoryBroker.MemoryConsumer consumer) {
      this.consumer = consumer;
    }

    @Override
    public void cancel() {
      broker.pause(consumer);
    }

    @Override
    public void close() {
      broker.cancel(consumer);
      synchronized (InMemoryTransport.this) {
        subscriptions.remove(this);
      }
    }

    @Override
    public String toString() {
      return "Subscription[" + consumer.queue.name + "]";
    }
  }
}
