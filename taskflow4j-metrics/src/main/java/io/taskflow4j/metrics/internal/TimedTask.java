package io.taskflow4j.metrics.internal;

import io.micrometer.core.instrument.Clock;
import io.micrometer.core.instrument.Timer;
import io.taskflow4j.task.ForwardingTask;
import io.taskflow4j.task.RevertContext;
import io.taskflow4j.task.Task;
import io.taskflow4j.task.TaskContext;
import java.util.concurrent.TimeUnit;

/**
 * A task that times its execute and revert on a worker. Thread-safety: as the task it wraps.
 */
final class TimedTask extends ForwardingTask {

  private final Timer[] timers;
  private final Clock clock;

  /**
   * Wraps a task.
   *
   * @param delegate the task
   * @param timers execute success, execute failure, revert success, revert failure
   * @param clock the registry's clock
   */
  TimedTask(Task delegate, Timer[] timers, Clock clock) {
    super(delegate);
    this.timers = timers;
    this.clock = clock;
  }

  @Override
  public Object execute(TaskContext context) throws Exception {
    long start = clock.monotonicTime();
    boolean ok = false;
    try {
      Object result = super.execute(context);
      ok = true;
      return result;
    } finally {
      timers[ok ? 0 : 1].record(clock.monotonicTime() - start, TimeUnit.NANOSECONDS);
    }
  }

  @Override
  public void revert(RevertContext context) throws Exception {
    long start = clock.monotonicTime();
    boolean ok = false;
    try {
      super.revert(context);
      ok = true;
    } finally {
      timers[ok ? 2 : 3].record(clock.monotonicTime() - start, TimeUnit.NANOSECONDS);
    }
  }
}
