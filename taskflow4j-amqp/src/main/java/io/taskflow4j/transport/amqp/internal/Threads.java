package io.taskflow4j.transport.amqp.internal;

import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/** Names the transport's threads and makes them daemons. Thread-safe. */
final class Threads implements ThreadFactory {

  private final String prefix;
  private final AtomicInteger count = new AtomicInteger();

  Threads(String prefix) {
    this.prefix = prefix;
  }

  @Override
  public Thread newThread(Runnable runnable) {
    Thread thread = new Thread(runnable, prefix + "-" + count.incrementAndGet());
    thread.setDaemon(true);
    return thread;
  }
}
