package io.taskflow4j.cli.demo;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The simulated world the demo's tasks act on, shared by the demo's workers: how fast time passes,
 * which task is broken (from {@code --fail-at}), and a CDN that has one brief outage. The faults
 * live here, on the workers' side, as they would in a real system; the engine only sees their
 * effects.
 *
 * <p>Thread-safety: thread-safe.
 */
public final class DemoWorld {

  private final double speed;
  private final Optional<String> broken;
  private final AtomicInteger cdnOutagesLeft = new AtomicInteger(1);

  /**
   * Creates the world.
   *
   * @param speed how many times faster than real time the work goes; positive
   * @param broken the task that fails every time it runs, if any
   */
  public DemoWorld(double speed, Optional<String> broken) {
    if (!(speed > 0) || Double.isInfinite(speed)) {
      throw new IllegalArgumentException("speed must be positive, got " + speed);
    }
    this.speed = speed;
    this.broken = Objects.requireNonNull(broken, "broken");
  }

  /**
   * How long simulated work of the given length takes at this world's speed.
   *
   * @param seconds the work's length at normal speed
   * @return the scaled duration
   */
  public Duration scaled(double seconds) {
    return Duration.ofNanos((long) (seconds / speed * 1e9));
  }

  /**
   * Tells whether a task is the one broken on purpose.
   *
   * @param taskName the task's name in the flow
   * @return true when it fails every time
   */
  public boolean isBroken(String taskName) {
    return broken.isPresent() && broken.get().equals(taskName);
  }

  /**
   * Asks the CDN to take an upload; it is down for the first request only.
   *
   * @return true when the CDN is down for this request
   */
  public boolean cdnIsDown() {
    return cdnOutagesLeft.getAndUpdate(left -> Math.max(0, left - 1)) > 0;
  }
}
