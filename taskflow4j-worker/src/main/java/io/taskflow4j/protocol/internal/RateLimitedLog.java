package io.taskflow4j.protocol.internal;

import java.time.Duration;
import java.util.Arrays;
import java.util.Objects;
import java.util.function.LongSupplier;
import org.slf4j.Logger;

/**
 * Writes a warning at most once per interval and counts the ones it held back, so that a flood of
 * bad messages cannot flood the log: the next warning that goes out says how many were left out.
 *
 * <p>Thread-safety: thread-safe.
 */
public final class RateLimitedLog {

  private final long intervalNanos;
  private final LongSupplier nanoTime;
  private long nextAllowed;
  private boolean started;
  private long suppressed;

  /**
   * Creates the limiter.
   *
   * @param interval the least time between two warnings
   * @param nanoTime the time source, {@code System::nanoTime} outside tests
   */
  public RateLimitedLog(Duration interval, LongSupplier nanoTime) {
    this.intervalNanos = interval.toNanos();
    this.nanoTime = Objects.requireNonNull(nanoTime, "nanoTime");
  }

  /**
   * Writes a warning unless one went out less than an interval ago.
   *
   * @param log where to write
   * @param format the SLF4J format
   * @param arguments its arguments
   * @return true when it was written
   */
  public boolean warn(Logger log, String format, Object... arguments) {
    long held;
    synchronized (this) {
      long now = nanoTime.getAsLong();
      if (started && now - nextAllowed < 0) {
        suppressed++;
        return false;
      }
      started = true;
      nextAllowed = now + intervalNanos;
      held = suppressed;
      suppressed = 0;
    }
    if (held == 0) {
      log.warn(format, arguments);
    } else {
      Object[] withCount = Arrays.copyOf(arguments, arguments.length + 1);
      withCount[arguments.length] = held;
      log.warn(format + " ({} more like it were not logged)", withCount);
    }
    return true;
  }

  /**
   * How many warnings are held back since the last one written.
   *
   * @return the count
   */
  public synchronized long suppressed() {
    return suppressed;
  }
}
