package io.taskflow4j.examples;

import io.taskflow4j.task.AbstractTask;
import io.taskflow4j.task.TaskContext;
import io.taskflow4j.task.TaskSpec;
import java.util.concurrent.TimeUnit;

/**
 * Sleeps, reporting progress as it goes. Requires {@code seconds} (a number from 0, fractions
 * allowed); sleeps that long in {@value #STEPS} equal steps, reporting progress after each, and
 * returns {@code seconds}. Fails when interrupted. Thread-safety: stateless.
 */
public final class Sleep extends AbstractTask {

  /** How many progress reports a sleep makes. */
  public static final int STEPS = 10;

  /** Creates the task named {@code sleep}. */
  public Sleep() {
    this("sleep");
  }

  /**
   * Creates the task.
   *
   * @param name its name in the flow
   */
  public Sleep(String name) {
    super(TaskSpec.builder(name).requires("seconds").build());
  }

  @Override
  public Object execute(TaskContext context) throws InterruptedException {
    Object value = context.arguments().get("seconds");
    if (!(value instanceof Number seconds) || !(seconds.doubleValue() >= 0)
        || Double.isInfinite(seconds.doubleValue())) {
      throw new IllegalArgumentException(
          "argument 'seconds' must be a number from 0, got " + value);
    }
    long stepNanos = (long) (seconds.doubleValue() * TimeUnit.SECONDS.toNanos(1) / STEPS);
    for (int step = 1; step <= STEPS; step++) {
      TimeUnit.NANOSECONDS.sleep(stepNanos);
      context.reportProgress((double) step / STEPS);
    }
    return seconds;
  }
}
