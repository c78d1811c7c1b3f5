package io.taskflow4j.jobs;

import java.util.Locale;
import java.util.Optional;

/**
 * How soon a job should be claimed relative to others: higher priorities first, then the order of
 * posting. The names are the reference's ({@code taskflow.jobs.base.JobPriority}).
 */
public enum JobPriority {
  /** Claimed before every other priority. */
  VERY_HIGH,
  /** Claimed before NORMAL. */
  HIGH,
  /** The default. */
  NORMAL,
  /** Claimed after NORMAL. */
  LOW,
  /** Claimed after every other priority. */
  VERY_LOW;

  /**
   * The priority with a name, as the reference writes it.
   *
   * @param name such as {@code NORMAL} (any case)
   * @return the priority, or empty when the name is unknown
   */
  public static Optional<JobPriority> parse(String name) {
    if (name == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(valueOf(name.trim().toUpperCase(Locale.ROOT).replace('-', '_')));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }
}
