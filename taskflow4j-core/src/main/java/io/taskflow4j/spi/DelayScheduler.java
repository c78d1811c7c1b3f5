package io.taskflow4j.spi;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Runs an action after a delay; the engine uses it for the backoff between retry attempts. Inject
 * a fake one in tests to control time. Implementations must be thread-safe.
 */
@FunctionalInterface
public interface DelayScheduler {

  /**
   * Runs {@code action} once after {@code delay}, on any thread.
   *
   * @param delay how long to wait, not negative
   * @param action what to run
   */
  void schedule(Duration delay, Runnable action);

  /**
   * The default: the JDK's delayed executor, which needs no thread of its own to be shut down.
   *
   * @return the system scheduler
   */
  static DelayScheduler system() {
    return (delay, action) ->
        CompletableFuture.delayedExecutor(delay.toNanos(), TimeUnit.NANOSECONDS).execute(action);
  }
}
