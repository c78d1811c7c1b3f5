package io.taskflow4j.transport.amqp.internal;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.Consumer;
import com.rabbitmq.client.Envelope;
import com.rabbitmq.client.ShutdownSignalException;
import io.taskflow4j.transport.Message;
import io.taskflow4j.transport.MessageHandler;
import io.taskflow4j.transport.Subscription;
import io.taskflow4j.transport.Transport;
import java.io.IOException;
import java.util.UUID;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One consumer on a channel of its own, with the prefetch limit set on that channel. The client
 * hands deliveries to the handler one at a time on its consumer threads. The channel, its
 * declarations and the consumer are recovered with the connection (the client's topology
 * recovery); when the broker cancels the consumer (its queue was deleted), it declares the queue
 * again and consumes anew.
 *
 * <p>Cancelling asks the broker for no more deliveries; those already sent are still handled and
 * can be settled. Closing cancels the consumer, waits for a running handler (unless called from it) up to the
 * shutdown timeout, then closes the channel: the broker requeues whatever is unsettled, and
 * deliveries that arrived after the cancel are never handed to the handler.
 *
 * <p>Thread-safe.
 */
final class AmqpSubscription implements Subscription {

  private static final Logger LOG = LoggerFactory.getLogger(AmqpSubscription.class);

  private final AmqpClient owner;
  private final Connection connection;
  private final Settings settings;
  private final String exchange;
  private final String topic;
  private final String queue;
  private final MessageHandler handler;
  private final String consumerTag = "taskflow4j-" + UUID.randomUUID();
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition handlerReturned = lock.newCondition();

  // Guarded by lock.
  private Channel channel;
  private boolean closing;
  private boolean cancelled;
  private Thread handlerThread;

  AmqpSubscription(
      AmqpClient owner, Connection connection, Settings settings, String exchange, String topic, MessageHandler handler) {
    this.owner = owner;
    this.connection = connection;
    this.settings = settings;
    this.exchange = exchange;
    this.topic = topic;
    this.queue = Transport.queueName(exchange, topic);
    this.handler = handler;
  }

  String exchange() {
    return exchange;
  }

  /** Opens the channel, declares and starts consuming. */
  void start() throws IOException {
    Channel opened = connection.createChannel();
    if (opened == null) {
      throw new IOException("the broker allows no more channels on this connection");
    }
    try {
      opened.basicQos(settings.prefetch());
      Topology.declare(opened, exchange, topic, settings.durable());
      lock.lock();
      try {
        if (closing) {
          throw new IOException("the transport closed while the subscription started");
        }
        channel = opened;
      } finally {
        lock.unlock();
      }
      // A close() from now on cancels this consumer and closes the channel.
      opened.basicConsume(queue, false, consumerTag, false, false, null, new Callback(opened));
    } catch (IOException | RuntimeException e) {
      closeQuietly(opened);
      throw e;
    }
  }

  @Override
  public void cancel() {
    Channel current;
    lock.lock();
    try {
      if (closing || cancelled) {
        return;
      }
      cancelled = true;
      current = channel;
    } finally {
      lock.unlock();
    }
    cancelConsumer(current);
  }

  @Override
  public void close() {
    Channel current;
    boolean wasCancelled;
    lock.lock();
    try {
      if (closing) {
        return;
      }
      closing = true;
      wasCancelled = cancelled;
      cancelled = true;
      current = channel;
    } finally {
      lock.unlock();
    }
    if (!wasCancelled) {
      cancelConsumer(current);
    }
    awaitRunningHandler();
    if (current != null) {
      closeQuietly(current);
    }
    owner.forget(this);
  }

  @Override
  public String toString() {
    return "AmqpSubscription[" + queue + "]";
  }

  private void cancelConsumer(Channel current) {
    if (current != null) {
      try {
        // Also forgets the consumer for recovery, even when the connection is down right now.
        current.basicCancel(consumerTag);
      } catch (IOException | ShutdownSignalException e) {
        LOG.debug("cancelling the consumer of {}: {}", queue, Failures.describe(e));
      }
    }
  }

  private void awaitRunningHandler() {
    lock.lock();
    try {
      if (handlerThread == Thread.currentThread()) {
        return; // closed from its own handler
      }
      long nanos = settings.shutdownTimeout().toNanos();
      while (handlerThread != null && nanos > 0) {
        nanos = handlerReturned.awaitNanos(nanos);
      }
      if (handlerThread != null) {
        LOG.warn("a handler of {} still runs after {}; closing anyway", queue, settings.shutdownTimeout());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      lock.unlock();
    }
  }

  private void closeQuietly(Channel closing) {
    try {
      if (closing.isOpen()) {
        closing.close();
      } else {
        closing.abort();
      }
    } catch (IOException | TimeoutException | ShutdownSignalException e) {
      LOG.debug("closing the channel of {}: {}", queue, Failures.describe(e));
      try {
        closing.abort();
      } catch (IOException | ShutdownSignalException ignored) {
        // the channel is gone either way
      }
    }
  }

  /** The client's callbacks, on its consumer threads, one at a time for this channel. */
  private final class Callback implements Consumer {
    private final Channel deliveringChannel;

    Callback(Channel deliveringChannel) {
      this.deliveringChannel = deliveringChannel;
    }

    @Override
    public void handleDelivery(String tag, Envelope envelope, AMQP.BasicProperties properties, byte[] body) {
      Message message;
      try {
        message = new Message(Envelopes.fromAmqp(properties), body);
      } catch (RuntimeException e) {
        LOG.warn("a message of {} has unreadable properties; rejecting it", queue, e);
        try {
          deliveringChannel.basicReject(envelope.getDeliveryTag(), false);
        } catch (IOException | ShutdownSignalException rejectFailure) {
          LOG.debug("rejecting on {}: {}", queue, Failures.describe(rejectFailure));
        }
        return;
      }
      lock.lock();
      try {
        if (closing) {
          return; // left unsettled: closing the channel requeues it
        }
        handlerThread = Thread.currentThread();
      } finally {
        lock.unlock();
      }
      AmqpDelivery delivery =
          new AmqpDelivery(deliveringChannel, queue, envelope.getDeliveryTag(), envelope.isRedeliver(), message);
      try {
        handler.handle(delivery);
      } catch (VirtualMachineError e) {
        throw e;
      } catch (RuntimeException | Error e) {
        LOG.warn("the handler of {} failed; rejecting the message", queue, e);
        delivery.reject();
      } finally {
        lock.lock();
        try {
          handlerThread = null;
          handlerReturned.signalAll();
        } finally {
          lock.unlock();
        }
      }
    }

    @Override
    public void handleCancel(String tag) {
      boolean closed;
      lock.lock();
      try {
        closed = closing || cancelled;
      } finally {
        lock.unlock();
      }
      if (closed) {
        return;
      }
      LOG.warn("the broker cancelled the consumer of {} (was the queue deleted?); consuming it again", queue);
      try {
        Topology.declare(deliveringChannel, exchange, topic, settings.durable());
        deliveringChannel.basicConsume(queue, false, consumerTag, false, false, null, this);
      } catch (IOException | ShutdownSignalException e) {
        LOG.error("could not consume {} again; this subscription receives nothing more: {}", queue, Failures.describe(e));
      }
    }

    @Override
    public void handleConsumeOk(String tag) {
      LOG.debug("consuming {}", queue);
    }

    @Override
    public void handleCancelOk(String tag) {
      LOG.debug("stopped consuming {}", queue);
    }

    @Override
    public void handleShutdownSignal(String tag, ShutdownSignalException signal) {
      if (!signal.isInitiatedByApplication()) {
        LOG.debug("the channel of {} closed: {}", queue, Failures.describe(signal));
      }
    }

    @Override
    public void handleRecoverOk(String tag) {
      LOG.debug("recovered the consumer of {}", queue);
    }
  }
}
