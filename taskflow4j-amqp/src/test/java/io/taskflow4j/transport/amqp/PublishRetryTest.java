package io.taskflow4j.transport.amqp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class PublishRetryTest {

  @Test
  void defaultIsTheReferencesOptions() {
    assertThat(PublishRetry.DEFAULT)
        .isEqualTo(new PublishRetry(Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofSeconds(1), 3));
    assertThat(IntStream.rangeClosed(1, 3).mapToObj(PublishRetry.DEFAULT::interval))
        .containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofSeconds(1));
  }

  @Test
  void intervalGrowsByStepUpToTheMaximum() {
    PublishRetry retry = new PublishRetry(Duration.ofMillis(200), Duration.ofMillis(300), Duration.ofSeconds(1), 5);

    assertThat(IntStream.rangeClosed(1, 5).mapToObj(retry::interval))
        .containsExactly(
            Duration.ofMillis(200), Duration.ofMillis(500), Duration.ofMillis(800), Duration.ofSeconds(1),
            Duration.ofSeconds(1));
  }

  @Test
  void noneNeverRetries() {
    assertThat(PublishRetry.none().maxRetries()).isZero();
  }

  @Test
  void badSettingsAreRefusedNamingThem() {
    Duration s = Duration.ofSeconds(1);
    assertThatThrownBy(() -> new PublishRetry(s.negated(), s, s, 1)).hasMessageContaining("firstInterval");
    assertThatThrownBy(() -> new PublishRetry(s, s.negated(), s, 1)).hasMessageContaining("step");
    assertThatThrownBy(() -> new PublishRetry(s.multipliedBy(2), s, s, 1)).hasMessageContaining("maxInterval");
    assertThatThrownBy(() -> new PublishRetry(s, s, s, -1)).hasMessageContaining("maxRetries");
    assertThatThrownBy(() -> PublishRetry.DEFAULT.interval(0)).hasMessageContaining("retry");
  }
}
