package io.taskflow4j.testing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

/** A clock that only moves when a test says so. Thread-safe. */
public final class MutableClock extends Clock {

  private final AtomicReference<Instant> now;

  /** Starts at 2025-01-01T00:00:00Z. */
  public MutableClock() {
    this(Instant.parse("2025-01-01T00:00:00Z"));
  }

  /**
   * Starts at the given instant.
   *
   * @param start the first time it tells
   */
  public MutableClock(Instant start) {
    this.now = new AtomicReference<>(start);
  }

  /**
   * Moves the clock forward.
   *
   * @param duration how far
   */
  public void advance(Duration duration) {
    now.updateAndGet(instant -> instant.plus(duration));
  }

  @Override
  public Instant instant() {
    return now.get();
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    throw new UnsupportedOperationException("a test clock has one zone");
  }
}
