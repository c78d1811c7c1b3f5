package io.taskflow4j.store.jdbc.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDateTime;
import org.junit.jupiter.api.Test;

class SqliteTimestampTest {

  @Test
  void theFormsWeAndTheReferenceWriteAreReadWithoutAFormatter() {
    assertThat(Dialect.parseTimestamp("2026-12-01 21:08:42.128893"))
        .isEqualTo(LocalDateTime.of(2026, 12, 1, 21, 8, 42, 128_893_000));
    assertThat(Dialect.parseTimestamp("2026-12-01 21:08:42.5"))
        .isEqualTo(LocalDateTime.of(2026, 12, 1, 21, 8, 42, 500_000_000));
    assertThat(Dialect.parseTimestamp("2026-12-01 21:08:42"))
        .isEqualTo(LocalDateTime.of(2026, 12, 1, 21, 8, 42));
  }

  @Test
  void otherFormsAreLeftToTheFormatter() {
    assertThat(Dialect.parseTimestamp("2026-12-01T21:08:42.128893")).isNull();
    assertThat(Dialect.parseTimestamp("2026-13-01 21:08:42.128893")).isNull();
    assertThat(Dialect.parseTimestamp("2026-12-01 21:08:4x.128893")).isNull();
    assertThat(Dialect.parseTimestamp("2026-12-01 21:08:42.1288931")).isNull();
    assertThat(Dialect.parseTimestamp("yesterday")).isNull();
  }
}
