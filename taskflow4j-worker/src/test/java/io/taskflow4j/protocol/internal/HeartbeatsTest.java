package io.taskflow4j.protocol.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.taskflow4j.protocol.ResponseData;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The heartbeat event's details. */
class HeartbeatsTest {

  @Test
  void heartbeatDetailsRoundTrip() {
    var response = Heartbeats.response(Duration.ofMillis(250), "w");
    var event = (ResponseData.Event) response.data();

    assertThat(Heartbeats.isHeartbeat(event)).isTrue();
    assertThat(Heartbeats.interval(event)).contains(Duration.ofMillis(250));
    assertThat(event.details()).containsEntry("topic", "w");
  }
}
