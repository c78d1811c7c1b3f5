package io.taskflow4j.transport;

/**
 * A running consumer of one topic queue. Closing it stops deliveries; unsettled ones requeue.
 *
 * <p>A consumer that wants to finish its work before it goes first {@link #cancel() cancels}: the
 * broker sends nothing more, while the deliveries it holds can still be settled until {@link
 * #close()}.
 */
public interface Subscription extends AutoCloseable {

  /**
   * Asks the broker for no more deliveries. Deliveries already on their way still reach the handler,
   * and every delivery can still be settled until {@link #close()}. Idempotent.
   */
  void cancel();

  /** Stops consuming; the broker requeues whatever is still unsettled. Idempotent. */
  @Override
  void close();
}
