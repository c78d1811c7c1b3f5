package io.taskflow4j.engine.internal;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs submitted actions one at a time, in order, on whichever thread submits when the loop is
 * idle. The engine's state is only touched from here, so it needs no locks; a task that completes
 * inline only enqueues, which keeps long chains from growing the stack. Thread-safe.
 */
final class SerialLoop {

  private static final Logger LOG = LoggerFactory.getLogger(SerialLoop.class);

  private final ConcurrentLinkedQueue<Runnable> queue = new ConcurrentLinkedQueue<>();
  private final AtomicInteger pending = new AtomicInteger();

  void execute(Runnable action) {
    queue.add(action);
    if (pending.getAndIncrement() != 0) {
      return;
    }
    do {
      Runnable next = queue.poll();
      try {
        next.run();
      } catch (RuntimeException | Error e) {
        LOG.error("engine step failed", e);
      }
    } while (pending.decrementAndGet() != 0);
  }
}
