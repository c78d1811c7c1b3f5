package io.taskflow4j.transport.amqp.internal;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.ShutdownSignalException;
import io.taskflow4j.transport.Delivery;
import io.taskflow4j.transport.Message;
import java.io.IOException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A message received on a subscription's channel. Thread-safe: the first settling call wins; it may
 * come from any thread (a settling method sends a single frame, which the client serialises per
 * channel). When the channel was lost meanwhile, the broker has already requeued the message and
 * settling it is a logged no-op.
 */
final class AmqpDelivery implements Delivery {

  private static final Logger LOG = LoggerFactory.getLogger(AmqpDelivery.class);

  private final Channel channel;
  private final String queue;
  private final long deliveryTag;
  private final boolean redelivered;
  private final Message message;
  private final AtomicBoolean settled = new AtomicBoolean();

  AmqpDelivery(Channel channel, String queue, long deliveryTag, boolean redelivered, Message message) {
    this.channel = channel;
    this.queue = queue;
    this.deliveryTag = deliveryTag;
    this.redelivered = redelivered;
    this.message = message;
  }

  @Override
  public Message message() {
    return message;
  }

  @Override
  public boolean redelivered() {
    return redelivered;
  }

  @Override
  public void ack() {
    if (settled.compareAndSet(false, true)) {
      try {
        channel.basicAck(deliveryTag, false);
      } catch (IOException | ShutdownSignalException e) {
        LOG.warn(
            "could not acknowledge a message of queue {} ({}); the broker will deliver it again",
            queue, Failures.describe(e));
      }
    }
  }

  @Override
  public void reject() {
    if (settled.compareAndSet(false, true)) {
      try {
        channel.basicReject(deliveryTag, false);
      } catch (IOException | ShutdownSignalException e) {
        LOG.warn(
            "could not reject a message of queue {} ({}); the broker will deliver it again",
            queue, Failures.describe(e));
      }
    }
  }

  @Override
  public void requeue() {
    if (settled.compareAndSet(false, true)) {
      try {
        channel.basicReject(deliveryTag, true);
      } catch (IOException | ShutdownSignalException e) {
        LOG.debug("could not requeue a message of queue {} ({}); the broker requeues it", queue, Failures.describe(e));
      }
    }
  }

  @Override
  public String toString() {
    return "AmqpDelivery[" + queue + ", tag=" + deliveryTag + ", redelivered=" + redelivered + "]";
  }
}
