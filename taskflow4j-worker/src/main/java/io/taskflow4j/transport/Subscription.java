package io.taskflow4j.transport;

/** A running consumer of one topic queue. Closing it stops deliveries; unsettled ones requeue. */
public interface Subscription extends AutoCloseable {

  /** Stops consuming. Idempotent. */
  @Override
  void close();
}
