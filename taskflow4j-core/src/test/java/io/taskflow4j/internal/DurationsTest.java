package io.taskflow4j.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The one duration syntax of the command line, flow files and messages. */
class DurationsTest {

  @Test
  void optionsAcceptTheFlowFileDurationForms() {
    assertThat(Durations.parse("30")).isEqualTo(Duration.ofSeconds(30));
    assertThat(Durations.parse("1.5")).isEqualTo(Duration.ofMillis(1500));
    assertThat(Durations.parse("250ms")).isEqualTo(Duration.ofMillis(250));
    assertThat(Durations.parse("2m")).isEqualTo(Duration.ofMinutes(2));
    assertThat(Durations.parse("1H")).isEqualTo(Duration.ofHours(1));
    // Days, for flows delete --older-than 7d.
    assertThat(Durations.parse("7d")).isEqualTo(Duration.ofDays(7));
    assertThat(Durations.parse("PT0.5S")).isEqualTo(Duration.ofMillis(500));
    assertThat(Durations.parse("0")).isEqualTo(Duration.ZERO);
  }

  @Test
  void negativeHugeAndUnreadableDurationsAreRefusedWithHowToWriteOne() {
    assertThatThrownBy(() -> Durations.parse("-1s")).hasMessageContaining("is not a duration; write");
    assertThatThrownBy(() -> Durations.parse("PT-1S")).hasMessageContaining("must not be negative");
    assertThatThrownBy(() -> Durations.parse("400d")).hasMessageContaining("longer than a year");
    assertThatThrownBy(() -> Durations.parse("2w")).hasMessageContaining("is not a duration");
    assertThatThrownBy(() -> Durations.parse("9000h")).hasMessageContaining("longer than a year");
  }

  @Test
  void durationsAreDescribedForPeople() {
    assertThat(Durations.describe(Duration.ofMillis(250))).isEqualTo("250ms");
    assertThat(Durations.describe(Duration.ofMillis(1500))).isEqualTo("1.5s");
    assertThat(Durations.describe(Duration.ofSeconds(30))).isEqualTo("30s");
    assertThat(Durations.describe(Duration.ofSeconds(90))).isEqualTo("1m 30s");
    assertThat(Durations.describe(Duration.ofMinutes(2))).isEqualTo("2m");
  }

  @Test
  void describedDurationsBelowAMinuteReadBack() {
    for (Duration duration : new Duration[] {Duration.ZERO, Duration.ofMillis(250), Duration.ofMillis(1500), Duration.ofSeconds(59)}) {
      assertThat(Durations.parse(Durations.describe(duration))).isEqualTo(duration);
    }
  }

  @Test
  void secondsGivenAsANumberAreBoundedLikeText() {
    assertThat(Durations.ofSeconds(new java.math.BigDecimal("0.25"))).isEqualTo(Duration.ofMillis(250));
    assertThatThrownBy(() -> Durations.ofSeconds(new java.math.BigDecimal("-1"))).hasMessageContaining("must not be negative");
    assertThatThrownBy(() -> Durations.ofSeconds(new java.math.BigDecimal("1e9"))).hasMessageContaining("longer than a year");
  }
}
