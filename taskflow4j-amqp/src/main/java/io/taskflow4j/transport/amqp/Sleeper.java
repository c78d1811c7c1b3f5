package io.taskflow4j.transport.amqp;

import java.time.Duration;

/**
 * Waits between publish retries. The transport uses {@link #system()}; tests inject their own so
 * that they neither wait nor depend on time. Implementations must be thread-safe.
 */
@FunctionalInterface
public interface Sleeper {

  /**
   * Waits for a while.
   *
   * @param duration how long
   * @throws InterruptedException when the waiting thread is interrupted
   */
  void sleep(Duration duration) throws InterruptedException;

  /**
   * The real clock: {@link Thread#sleep(long)}.
   *
   * @return the system sleeper
   */
  static Sleeper system() {
    return duration -> Thread.sleep(duration.toMillis());
  }
}
