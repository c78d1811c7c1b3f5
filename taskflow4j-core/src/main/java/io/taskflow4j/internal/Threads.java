package io.taskflow4j.internal;

import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The one way taskflow4j names and creates the threads it owns: daemon threads with telling names,
 * so that an owner that is never closed does not keep the JVM alive and a thread dump says whose
 * each thread is.
 *
 * <p>Thread-safety: stateless; the factories it returns are thread-safe.
 */
public final class Threads {

  private Threads() {}

  /**
   * A factory of daemon threads named {@code <prefix>-1}, {@code <prefix>-2}, ...
   *
   * @param prefix the name prefix, such as {@code taskflow4j-worker-calc}
   * @return the factory
   */
  public static ThreadFactory daemon(String prefix) {
    AtomicInteger count = new AtomicInteger();
    return runnable -> daemon(prefix + "-" + count.incrementAndGet(), runnable);
  }

  /**
   * A daemon thread with a name, not started.
   *
   * @param name the thread's name
   * @param body what it runs
   * @return the thread
   */
  public static Thread daemon(String name, Runnable body) {
    Thread thread = new Thread(body, name);
    thread.setDaemon(true);
    return thread;
  }
}
