package io.taskflow4j.worker.internal;

import java.time.Duration;
import java.util.Locale;

/**
 * Durations as log and error messages show them.
 *
 * <p>Thread-safety: stateless.
 */
public final class Durations {

  private Durations() {}

  /**
   * Shows a duration in seconds, such as {@code 60 s} or {@code 0.25 s}.
   *
   * @param duration the duration
   * @return the text
   */
  public static String describe(Duration duration) {
    double seconds = duration.toNanos() / 1e9;
    if (seconds == Math.rint(seconds) && Math.abs(seconds) < 1e15) {
      return String.format(Locale.ROOT, "%d s", (long) seconds);
    }
    return String.format(Locale.ROOT, "%.3f s", seconds).replaceAll("\\.?0+ s$", " s");
  }
}
