package io.taskflow4j.internal;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one way taskflow4j reads and writes durations, on the command line, in flow files and in log
 * and error messages. Read: a number of seconds ({@code 1.5}), a number with a unit ({@code 500ms},
 * {@code 2s}, {@code 1m}, {@code 1h}, {@code 7d}) or an ISO-8601 duration ({@code PT2S}), from zero
 * up to a year. Written: {@code 250ms}, {@code 1.5s}, {@code 2m}, {@code 1m 30s}, in the units {@link #parse} reads.
 *
 * <p>Thread-safety: stateless.
 */
public final class Durations {

  /** How to write a duration, for error messages. */
  public static final String HINT =
      "write a number of seconds (1.5) or a duration such as 500ms, 2s, 1m, 1h, 7d or PT2S";

  private static final Pattern WITH_UNIT =
      Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(ms|s|m|h|d)?", Pattern.CASE_INSENSITIVE);
  private static final BigDecimal NANOS_PER_SECOND = BigDecimal.valueOf(1_000_000_000L);
  // A year is far more than any sensible wait and keeps the arithmetic in a long.
  private static final BigDecimal MAX_NANOS =
      BigDecimal.valueOf(365L * 24 * 3600).multiply(NANOS_PER_SECOND);

  private Durations() {}

  /**
   * Reads a duration.
   *
   * @param text as written
   * @return the duration, from zero up to a year
   * @throws IllegalArgumentException saying what is wrong and how to write one
   */
  public static Duration parse(String text) {
    String trimmed = text.strip();
    if (trimmed.toUpperCase(Locale.ROOT).startsWith("PT")) {
      Duration parsed;
      try {
        parsed = Duration.parse(trimmed);
      } catch (DateTimeParseException e) {
        throw new IllegalArgumentException("'" + text + "' is not a duration; " + HINT, e);
      }
      return checked(new BigDecimal(parsed.toNanos()), "'" + text + "'");
    }
    Matcher matcher = WITH_UNIT.matcher(trimmed);
    if (!matcher.matches()) {
      throw new IllegalArgumentException("'" + text + "' is not a duration; " + HINT);
    }
    BigDecimal amount = new BigDecimal(matcher.group(1));
    String unit = matcher.group(2) == null ? "s" : matcher.group(2).toLowerCase(Locale.ROOT);
    long secondsPerUnit =
        switch (unit) {
          case "ms" -> 0;
          case "s" -> 1;
          case "m" -> 60;
          case "h" -> 3600;
          default -> 24 * 3600;
        };
    BigDecimal nanos =
        secondsPerUnit == 0
            ? amount.multiply(BigDecimal.valueOf(1_000_000L))
            : amount.multiply(BigDecimal.valueOf(secondsPerUnit)).multiply(NANOS_PER_SECOND);
    return checked(nanos, "'" + text + "'");
  }

  /**
   * A duration given as a number of seconds, as flow files may write it.
   *
   * @param seconds the number of seconds
   * @return the duration, from zero up to a year
   * @throws IllegalArgumentException when it is negative or longer than a year
   */
  public static Duration ofSeconds(BigDecimal seconds) {
    return checked(seconds.multiply(NANOS_PER_SECOND), seconds.toPlainString());
  }

  private static Duration checked(BigDecimal nanos, String shown) {
    if (nanos.signum() < 0) {
      throw new IllegalArgumentException(shown + ": a duration must not be negative; " + HINT);
    }
    if (nanos.compareTo(MAX_NANOS) > 0) {
      throw new IllegalArgumentException(shown + ": a duration must not be longer than a year");
    }
    return Duration.ofNanos(nanos.longValue());
  }

  /**
   * Writes a duration for people, in the units {@link #parse} reads: {@code 250ms}, {@code 1.5s},
   * {@code 2m}, {@code 1m 30s}. Below a second it shows whole milliseconds, below a minute tenths of
   * a second.
   *
   * @param duration the duration, not negative
   * @return the text
   */
  public static String describe(Duration duration) {
    long millis = duration.toMillis();
    if (millis < 1000) {
      return millis + "ms";
    }
    if (millis < 60_000) {
      BigDecimal seconds =
          BigDecimal.valueOf(millis).divide(BigDecimal.valueOf(1000), 1, RoundingMode.HALF_UP);
      return seconds.stripTrailingZeros().toPlainString() + "s";
    }
    long seconds = duration.toSeconds();
    long minutes = seconds / 60;
    long rest = seconds % 60;
    return rest == 0 ? minutes + "m" : minutes + "m " + rest + "s";
  }
}
