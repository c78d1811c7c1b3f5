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
  private final java.util.function.Consumer<Throwable> onError;
  private final ThreadLocal<Boolean> draining = ThreadLocal.withInitial(() -> Boolean.FALSE);

  /**
   * Creates the loop.
   *
   * @param onError told when a step throws, so the owner can end its run instead of hanging
   */
  SerialLoop(java.util.function.Consumer<Throwable> onError) {
    this.onError = onError;
  }

  void execute(Runnable action) {
    queue.add(action);
    if (pending.getAndIncrement() != 0) {
      return;
    }
    draining.set(Boolean.TRUE);
    try {
      drain();
    } finally {
      draining.set(Boolean.FALSE);
    }
  }

  private void drain() {
    do {
      Runnable next = queue.poll();
      try {
        next.run();
      } catch (RuntimeException | Error e) {
        LOG.error("engine step failed", e);
        onError.accept(e);
      }
    } while (pending.decrementAndGet() != 0);
  }

  /**
   * Tells whether the calling thread is running the loop's steps now (a listener called from it).
   *
   * @return true on the loop
   */
  boolean inLoop() {
    return draining.get();
  }

  /**
   * Runs a query on the loop and waits for its answer; inline when called from the loop itself
   * (a listener asking the engine for a state), which would otherwise wait for itself.
   */
  <T> T query(java.util.function.Supplier<T> question) {
    if (inLoop()) {
      return question.get();
    }
    java.util.concurrent.CompletableFuture<T> answer = new java.util.concurrent.CompletableFuture<>();
    execute(
        () -> {
          try {
            answer.complete(question.get());
          } catch (RuntimeException e) {
            answer.completeExceptionally(e);
          }
        });
    try {
      return answer.join();
    } catch (java.util.concurrent.CompletionException e) {
      throw e.getCause() instanceof RuntimeException r ? r : e;
    }
  }
}
