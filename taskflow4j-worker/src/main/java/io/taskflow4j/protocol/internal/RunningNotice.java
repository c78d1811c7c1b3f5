package io.taskflow4j.protocol.internal;

import java.time.Duration;
import java.util.Map;
import java.util.OptionalLong;

/**
 * How a taskflow4j executor spares a taskflow4j worker the RUNNING response of short tasks, one
 * message in three. The executor puts {@link #HEADER} on its requests, holding how many
 * milliseconds a task may run before its worker must say RUNNING; a worker that reads it sends
 * RUNNING only for a task still running by then, and the executor takes an outcome for a request
 * it has not seen start as having started. A reference worker ignores the header and always sends
 * RUNNING; a reference engine never sends it, so our workers answer it with RUNNING first, as its
 * request machine requires.
 *
 * <p>Thread-safety: stateless.
 */
public final class RunningNotice {

  /** The request header holding the delay, in milliseconds, as a string of digits. */
  public static final String HEADER = "taskflow4j-running-after-ms";
  /** The longest delay a worker honours; a longer one is ignored and RUNNING is sent at once. */
  public static final Duration MAX_DELAY = Duration.ofMinutes(1);

  private RunningNotice() {}

  /**
   * The header asking for RUNNING only after a delay.
   *
   * @param delay positive, at most {@link #MAX_DELAY}
   * @return a one-entry map
   * @throws IllegalArgumentException for a delay out of range
   */
  public static Map<String, Object> header(Duration delay) {
    if (delay.toMillis() < 1 || delay.compareTo(MAX_DELAY) > 0) {
      throw new IllegalArgumentException(
          "the RUNNING delay must be from 1 ms to " + MAX_DELAY.toMillis() + " ms, got " + delay);
    }
    return Map.of(HEADER, Long.toString(delay.toMillis()));
  }

  /**
   * The delay a request's headers ask for: digits, or a whole number, from 1 to the {@link
   * #MAX_DELAY} in milliseconds. Anything else is none, so the worker says RUNNING at once, as
   * to a reference engine.
   *
   * @param headers a received request's headers
   * @return the delay in milliseconds; empty when absent or unusable
   */
  public static OptionalLong requestedMillis(Map<String, Object> headers) {
    Object value = headers.get(HEADER);
    long millis;
    if (value instanceof String text) {
      if (text.isEmpty() || text.length() > 6 || !text.chars().allMatch(c -> c >= '0' && c <= '9')) {
        return OptionalLong.empty();
      }
      millis = Long.parseLong(text);
    } else if (value instanceof Integer || value instanceof Long) {
      millis = ((Number) value).longValue();
    } else {
      return OptionalLong.empty();
    }
    return millis >= 1 && millis <= MAX_DELAY.toMillis() ? OptionalLong.of(millis) : OptionalLong.empty();
  }
}
