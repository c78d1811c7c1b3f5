package io.taskflow4j.remote;

import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.atomic.AtomicLong;

/** A one-thread scheduler that counts the runs of its tasks, so a test can wait for a few ticks. */
final class CountingScheduler extends ScheduledThreadPoolExecutor {

  private final AtomicLong runs = new AtomicLong();

  CountingScheduler() {
    super(1);
  }

  long runs() {
    return runs.get();
  }

  @Override
  protected void afterExecute(Runnable task, Throwable failure) {
    super.afterExecute(task, failure);
    runs.incrementAndGet();
  }
}
