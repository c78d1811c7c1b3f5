package io.taskflow4j.transport;

/**
 * Receives the messages of one consumer. Called on a transport thread, one message at a time per
 * consumer; a handler should hand long work to its own threads and settle the delivery when done.
 */
@FunctionalInterface
public interface MessageHandler {

  /**
   * Handles one delivery. An exception thrown here is logged by the transport and the delivery
   * rejected, so a bad message never stops the consumer.
   *
   * @param delivery the received message
   */
  void handle(Delivery delivery);
}
