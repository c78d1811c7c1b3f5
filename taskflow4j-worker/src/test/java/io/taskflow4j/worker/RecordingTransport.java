package io.taskflow4j.worker;

import io.taskflow4j.transport.Delivery;
import io.taskflow4j.transport.Message;
import io.taskflow4j.transport.MessageHandler;
import io.taskflow4j.transport.Subscription;
import io.taskflow4j.transport.Transport;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

/**
 * A transport that records how its consumers settled each delivery: every settling call, in order,
 * so that a test can also see a delivery settled twice. Thread-safe.
 */
public final class RecordingTransport implements Transport {

  /** How one delivery was settled. */
  public enum How {
    ACK,
    REJECT,
    REQUEUE
  }

  /**
   * One settled delivery.
   *
   * @param message the message
   * @param how how it was settled
   */
  public record Settlement(Message message, How how) {}

  private final Transport delegate;
  private final List<Settlement> settlements = new CopyOnWriteArrayList<>();

  /**
   * Wraps a transport.
   *
   * @param delegate the transport that does the work
   */
  public RecordingTransport(Transport delegate) {
    this.delegate = delegate;
  }

  /**
   * Every settling call so far, in order, including calls after a delivery's first.
   *
   * @return a snapshot
   */
  public List<Settlement> settlements() {
    return List.copyOf(settlements);
  }

  /**
   * How the first delivery matching the predicate was settled (its first settling call, the one a
   * broker honours).
   *
   * @param which picks the message
   * @return how, or empty while it is not settled
   */
  public Optional<How> settlementOf(Predicate<Message> which) {
    return settlements.stream().filter(s -> which.test(s.message())).map(Settlement::how).findFirst();
  }

  /**
   * How the delivery with the given correlation id was settled.
   *
   * @param correlationId the message's correlation id
   * @return how, or empty while it is not settled
   */
  public Optional<How> settlementOf(String correlationId) {
    return settlementOf(m -> m.properties().correlationId().equals(Optional.of(correlationId)));
  }

  @Override
  public void publish(String exchange, String routingKey, Message message) {
    delegate.publish(exchange, routingKey, message);
  }

  @Override
  public CompletableFuture<Void> publishAsync(String exchange, String routingKey, Message message) {
    return delegate.publishAsync(exchange, routingKey, message);
  }

  @Override
  public Subscription consume(String exchange, String topic, MessageHandler handler) {
    return delegate.consume(exchange, topic, delivery -> handler.handle(new Recording(delivery)));
  }

  @Override
  public String describe() {
    return "recording:" + delegate.describe();
  }

  @Override
  public void close() {
    delegate.close();
  }

  private final class Recording implements Delivery {
    private final Delivery delivery;

    Recording(Delivery delivery) {
      this.delivery = delivery;
    }

    @Override
    public Message message() {
      return delivery.message();
    }

    @Override
    public boolean redelivered() {
      return delivery.redelivered();
    }

    @Override
    public void ack() {
      record(How.ACK);
      delivery.ack();
    }

    @Override
    public void reject() {
      record(How.REJECT);
      delivery.reject();
    }

    @Override
    public void requeue() {
      record(How.REQUEUE);
      delivery.requeue();
    }

    private void record(How how) {
      settlements.add(new Settlement(delivery.message(), how));
    }
  }
}
