package io.taskflow4j.transport;

/**
 * A received message that the handler must settle exactly once: acknowledge, reject (dropped) or
 * requeue (delivered again, possibly to another consumer). Settling methods are thread-safe and may
 * be called from any thread; calls after the first are ignored.
 */
public interface Delivery {

  /**
   * The message.
   *
   * @return the message
   */
  Message message();

  /**
   * Tells whether the broker delivered this message before.
   *
   * @return true when redelivered
   */
  boolean redelivered();

  /** Acknowledges the message: it is processed and gone. */
  void ack();

  /** Rejects the message without requeueing: it is dropped. */
  void reject();

  /** Rejects the message with requeueing: it will be delivered again. */
  void requeue();
}
