package io.taskflow4j.transport.amqp;

import java.time.Duration;
import java.util.Objects;

/**
 * How a publish that failed for a connection or channel error is tried again: up to {@code
 * maxRetries} more times, waiting {@code firstInterval} before the first retry and {@code step}
 * longer before each further one, never longer than {@code maxInterval}. The connection is opened
 * again before each retry. The reference's options are the {@link #DEFAULT}: 1 s, 1 s, 1 s, 3.
 *
 * <p>Immutable and thread-safe.
 *
 * @param firstInterval the wait before the first retry, zero or more
 * @param step how much each further wait grows, zero or more
 * @param maxInterval the longest wait, at least {@code firstInterval}
 * @param maxRetries how many times to try again after the first attempt, zero or more
 */
public record PublishRetry(Duration firstInterval, Duration step, Duration maxInterval, int maxRetries) {

  /** The reference's publish retry options: first interval 1 s, step 1 s, max interval 1 s, 3 retries. */
  public static final PublishRetry DEFAULT =
      new PublishRetry(Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofSeconds(1), 3);

  /**
   * Validates the settings, naming the one that is wrong.
   *
   * @param firstInterval the wait before the first retry, zero or more
   * @param step how much each further wait grows, zero or more
   * @param maxInterval the longest wait, at least {@code firstInterval}
   * @param maxRetries how many times to try again after the first attempt, zero or more
   */
  public PublishRetry {
    Objects.requireNonNull(firstInterval, "firstInterval");
    Objects.requireNonNull(step, "step");
    Objects.requireNonNull(maxInterval, "maxInterval");
    if (firstInterval.isNegative()) {
      throw new IllegalArgumentException("firstInterval must not be negative, got " + firstInterval);
    }
    if (step.isNegative()) {
      throw new IllegalArgumentException("step must not be negative, got " + step);
    }
    if (maxInterval.compareTo(firstInterval) < 0) {
      throw new IllegalArgumentException(
          "maxInterval (" + maxInterval + ") must not be shorter than firstInterval (" + firstInterval + ")");
    }
    if (maxRetries < 0) {
      throw new IllegalArgumentException("maxRetries must not be negative, got " + maxRetries);
    }
  }

  /**
   * No retries: a failed publish fails at once.
   *
   * @return the policy
   */
  public static PublishRetry none() {
    return new PublishRetry(Duration.ZERO, Duration.ZERO, Duration.ZERO, 0);
  }

  /**
   * The wait before a retry.
   *
   * @param retry the retry's number, from 1 to {@link #maxRetries()}
   * @return {@code min(firstInterval + step * (retry - 1), maxInterval)}
   * @throws IllegalArgumentException when retry is below 1
   */
  public Duration interval(int retry) {
    if (retry < 1) {
      throw new IllegalArgumentException("retry counts from 1, got " + retry);
    }
    Duration grown = firstInterval.plus(step.multipliedBy(retry - 1L));
    return grown.compareTo(maxInterval) > 0 ? maxInterval : grown;
  }
}
