package io.taskflow4j.protocol.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A flood of warnings writes one line per interval and counts the rest. */
class RateLimitedLogTest {

  private static final Logger LOG = LoggerFactory.getLogger(RateLimitedLogTest.class);

  @Test
  void oneWarningPerIntervalTheRestCounted() {
    AtomicLong now = new AtomicLong(1_000);
    RateLimitedLog limited = new RateLimitedLog(Duration.ofSeconds(10), now::get);

    int written = 0;
    for (int i = 0; i < 10_000; i++) {
      written += limited.warn(LOG, "bad message {}", i) ? 1 : 0;
    }
    assertThat(written).isEqualTo(1);
    assertThat(limited.suppressed()).isEqualTo(9_999);

    now.addAndGet(Duration.ofSeconds(10).toNanos());
    assertThat(limited.warn(LOG, "bad message {}", "next")).isTrue();
    assertThat(limited.suppressed()).isZero();
  }
}
