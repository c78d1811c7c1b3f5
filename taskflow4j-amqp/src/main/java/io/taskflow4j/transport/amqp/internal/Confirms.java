package io.taskflow4j.transport.amqp.internal;

import com.rabbitmq.client.ConfirmListener;
import java.io.IOException;
import java.util.Map;
import java.util.NavigableMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * The publisher confirms still awaited on one channel, by sequence number. Thread-safe: published
 * under the publisher's lock, settled on the connection's thread.
 */
final class Confirms implements ConfirmListener {

  private final ConcurrentSkipListMap<Long, CompletableFuture<Void>> pending = new ConcurrentSkipListMap<>();

  CompletableFuture<Void> expect(long sequenceNumber) {
    CompletableFuture<Void> confirmation = new CompletableFuture<>();
    pending.put(sequenceNumber, confirmation);
    return confirmation;
  }

  void forget(long sequenceNumber) {
    pending.remove(sequenceNumber);
  }

  @Override
  public void handleAck(long deliveryTag, boolean multiple) {
    settle(deliveryTag, multiple, null);
  }

  @Override
  public void handleNack(long deliveryTag, boolean multiple) {
    settle(deliveryTag, multiple, new IOException("the broker refused the message (basic.nack)"));
  }

  /** Fails every awaited confirm: the channel is gone. */
  void failAll(Exception cause) {
    for (Map.Entry<Long, CompletableFuture<Void>> entry : pending.entrySet()) {
      entry.getValue().completeExceptionally(cause);
    }
    pending.clear();
  }

  private void settle(long deliveryTag, boolean multiple, Exception failure) {
    if (multiple) {
      NavigableMap<Long, CompletableFuture<Void>> settled = pending.headMap(deliveryTag, true);
      for (CompletableFuture<Void> confirmation : settled.values()) {
        complete(confirmation, failure);
      }
      settled.clear();
    } else {
      CompletableFuture<Void> confirmation = pending.remove(deliveryTag);
      if (confirmation != null) {
        complete(confirmation, failure);
      }
    }
  }

  private static void complete(CompletableFuture<Void> confirmation, Exception failure) {
    if (failure == null) {
      confirmation.complete(null);
    } else {
      confirmation.completeExceptionally(failure);
    }
  }
}
