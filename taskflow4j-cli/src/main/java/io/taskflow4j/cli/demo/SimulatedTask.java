package io.taskflow4j.cli.demo;

import io.taskflow4j.task.AbstractTask;
import io.taskflow4j.task.RevertContext;
import io.taskflow4j.task.TaskContext;
import io.taskflow4j.task.TaskSpec;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * A demo task that simulates work: it takes a while in {@value #STEPS} steps, reporting progress
 * after each, and fails half-way when the {@link DemoWorld} says it is broken. Its revert takes a
 * fifth of the time. Subclasses say what the work returns and may add faults of their own.
 *
 * <p>Thread-safety: stateless apart from the shared, thread-safe world; a worker makes one
 * instance per request.
 */
public abstract class SimulatedTask extends AbstractTask {

  /** How many progress reports the work makes. */
  public static final int STEPS = 10;

  private final DemoWorld world;
  private final double seconds;

  /**
   * Creates the task.
   *
   * @param spec its spec (on a worker only the name matters: arguments come with the request)
   * @param world the simulated world
   * @param seconds how long the work takes at normal speed
   */
  protected SimulatedTask(TaskSpec spec, DemoWorld world, double seconds) {
    super(spec);
    this.world = Objects.requireNonNull(world, "world");
    this.seconds = seconds;
  }

  /**
   * The world this task acts on.
   *
   * @return the world
   */
  protected final DemoWorld world() {
    return world;
  }

  @Override
  public final Object execute(TaskContext context) throws InterruptedException {
    Duration step = world.scaled(seconds(context) / STEPS);
    for (int done = 1; done <= STEPS; done++) {
      TimeUnit.NANOSECONDS.sleep(step.toNanos());
      if (done == STEPS / 2) {
        if (world.isBroken(context.taskName())) {
          throw new SimulatedFault(brokenMessage(context));
        }
        checkHalfway(context);
      }
      context.reportProgress((double) done / STEPS);
    }
    return result(context);
  }

  @Override
  public void revert(RevertContext context) throws InterruptedException {
    TimeUnit.NANOSECONDS.sleep(world.scaled(seconds(context) / 5).toNanos());
  }

  /**
   * How long the work takes at normal speed; by default the length given to the constructor.
   *
   * @param context the task's context, with its arguments
   * @return seconds
   */
  protected double seconds(TaskContext context) {
    return seconds;
  }

  /**
   * A chance for a fault of the task's own, half-way through the work.
   *
   * @param context the task's context
   * @throws SimulatedFault to fail
   */
  protected void checkHalfway(TaskContext context) {}

  /**
   * What the work returns.
   *
   * @param context the task's context, with its arguments
   * @return a JSON-like value
   */
  protected abstract Object result(TaskContext context);

  /**
   * What the task says when it is the broken one.
   *
   * @param context the task's context
   * @return the failure message
   */
  protected abstract String brokenMessage(TaskContext context);
}
