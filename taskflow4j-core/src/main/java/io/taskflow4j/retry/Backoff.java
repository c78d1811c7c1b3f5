package io.taskflow4j.retry;

import java.time.Duration;
import java.util.Objects;

/**
 * The delay between retry attempts: {@code initial * multiplier^(n-1)} before attempt {@code n+1},
 * capped at {@code max}.
 *
 * @param initial the delay before the first retry
 * @param multiplier the factor applied for each further retry, at least 1.0
 * @param max the longest delay
 */
public record Backoff(Duration initial, double multiplier, Duration max) {

  /**
   * Validates the components.
   *
   * @param initial the delay before the first retry
   * @param multiplier the factor applied for each further retry, at least 1.0
   * @param max the longest delay
   */
  public Backoff {
    Objects.requireNonNull(initial, "initial");
    Objects.requireNonNull(max, "max");
    if (initial.isNegative()) {
      throw new IllegalArgumentException("backoff initial delay must not be negative: " + initial);
    }
    if (max.compareTo(initial) < 0) {
      throw new IllegalArgumentException(
          "backoff max delay " + max + " is shorter than its initial delay " + initial);
    }
    if (!(multiplier >= 1.0) || Double.isInfinite(multiplier)) {
      throw new IllegalArgumentException("backoff multiplier must be at least 1.0: " + multiplier);
    }
  }

  /**
   * The same delay before every retry.
   *
   * @param delay the delay
   * @return the backoff
   */
  public static Backoff fixed(Duration delay) {
    return new Backoff(delay, 1.0, delay);
  }

  /**
   * A delay that grows by a factor each retry, up to a maximum.
   *
   * @param initial the first delay
   * @param multiplier the growth factor
   * @param max the cap
   * @return the backoff
   */
  public static Backoff exponential(Duration initial, double multiplier, Duration max) {
    return new Backoff(initial, multiplier, max);
  }

  /**
   * The delay before retry number {@code retry} (1 for the first retry).
   *
   * @param retry the retry number, from 1
   * @return the delay
   */
  public Duration delayBefore(int retry) {
    if (retry < 1) {
      throw new IllegalArgumentException("retry numbers start at 1: " + retry);
    }
    double nanos = initial.toNanos() * Math.pow(multiplier, retry - 1);
    return nanos >= max.toNanos() ? max : Duration.ofNanos((long) nanos);
  }
}
