package io.taskflow4j.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ProtocolDefaultsTest {

  @Test
  void matchTheContractsDefaults() {
    assertThat(ProtocolDefaults.REQUEST_TIMEOUT).isEqualTo(Duration.ofSeconds(60));
    assertThat(ProtocolDefaults.NOTIFY_PERIOD).isEqualTo(Duration.ofSeconds(5));
    assertThat(ProtocolDefaults.WORKER_EXPIRY).isEqualTo(Duration.ofSeconds(60));
    assertThat(ProtocolDefaults.DRAIN_PERIOD).isEqualTo(Duration.ofSeconds(1));
    assertThat(ProtocolDefaults.PUBLISH_RETRY_INTERVAL_START).isEqualTo(Duration.ofSeconds(1));
    assertThat(ProtocolDefaults.PUBLISH_RETRY_INTERVAL_STEP).isEqualTo(Duration.ofSeconds(1));
    assertThat(ProtocolDefaults.PUBLISH_RETRY_INTERVAL_MAX).isEqualTo(Duration.ofSeconds(1));
    assertThat(ProtocolDefaults.PUBLISH_MAX_RETRIES).isEqualTo(3);
    assertThat(ProtocolDefaults.EXCHANGE).isEqualTo("default");
  }
}
