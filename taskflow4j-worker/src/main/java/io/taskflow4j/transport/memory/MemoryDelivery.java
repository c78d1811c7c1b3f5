package io.taskflow4j.transport.memory;

import io.taskflow4j.transport.Delivery;
import io.taskflow4j.transport.Message;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One delivery of a stored message to one consumer. Thread-safe: the first settling call wins,
 * later ones are ignored.
 */
final class MemoryDelivery implements Delivery {

  private final InMemoryBroker broker;
  private final InMemoryBroker.MemoryConsumer consumer;
  private final StoredMessage stored;
  private final Message message;
  private final AtomicBoolean settled = new AtomicBoolean();

  MemoryDelivery(InMemoryBroker broker, InMemoryBroker.MemoryConsumer consumer, StoredMessage stored) {
    this.broker = broker;
    this.consumer = consumer;
    this.stored = stored;
    this.message = stored.toMessage();
  }

  InMemoryBroker.MemoryConsumer consumer() {
    return consumer;
  }

  StoredMessage stored() {
    return stored;
  }

  @Override
  public Message message() {
    return message;
  }

  @Override
  public boolean redelivered() {
    return stored.isRedelivered();
  }

  @Override
  public void ack() {
    if (settled.compareAndSet(false, true)) {
      broker.settle(this, false);
    }
  }

  @Override
  public void reject() {
    if (settled.compareAndSet(false, true)) {
      broker.settle(this, false);
    }
  }

  @Override
  public void requeue() {
    if (settled.compareAndSet(false, true)) {
      broker.settle(this, true);
    }
  }

  @Override
  public String toString() {
    return "MemoryDelivery[" + consumer.queue.name + ", redelivered=" + redelivered() + "]";
  }
}
