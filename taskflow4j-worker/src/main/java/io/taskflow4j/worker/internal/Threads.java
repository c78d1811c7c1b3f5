package io.taskflow4j.worker.internal;

import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Thread factories for the threads the worker and the executor own: daemon threads with telling
 * names, so an owner that is never closed does not keep the JVM alive.
 *
 * <p>Thread-safety: stateless; the factories it returns are thread-safe.
 */
public final class Threads {

  private Threads() {}

  /**
   * A factory of daemon threads named {@code <prefix>-1}, {@code <prefix>-2}, ...
   *
   * @param prefix the name prefix
   * @return the factory
   */
  public static ThreadFactory daemon(String prefix) {
    AtomicInteger count = new AtomicInteger();
    return runnable -> {
      Thread thread = new Thread(runnable, prefix + "-" + count.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
  }
}
