package io.taskflow4j.worker.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.taskflow4j.protocol.ProtocolCodec;
import io.taskflow4j.transport.memory.InMemoryBroker;
import io.taskflow4j.worker.TaskFactory;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The banner, durations and heartbeat details. */
class SmallPartsTest {

  @Test
  void bannerNamesWhereTheWorkerListensWhatItServesAndWhichProcessItIs() {
    try (InMemoryBroker broker = InMemoryBroker.builder().name("banner").build()) {
      TaskFactory factory = name -> null;
      WorkerServer.Settings settings = new WorkerServer.Settings(broker.transport(), "orders",
          "resizers", Map.of("pkg.Resize", factory), 3, Optional.empty(), Duration.ofMillis(1500),
          ProtocolCodec.create());

      String banner = Banner.text(settings);

      assertThat(banner).contains("transport: memory:banner", "exchange: orders", "topic: resizers",
          "endpoints: pkg.Resize", "threads: 3", "heartbeat: every 1.5 s",
          "pid: " + ProcessHandle.current().pid(), "java: " + Runtime.version());
    }
  }

  @Test
  void durationsReadAsSeconds() {
    assertThat(Durations.describe(Duration.ofSeconds(60))).isEqualTo("60 s");
    assertThat(Durations.describe(Duration.ofMillis(250))).isEqualTo("0.25 s");
    assertThat(Durations.describe(Duration.ofMillis(10_100))).isEqualTo("10.1 s");
    assertThat(Durations.describe(Duration.ofNanos(10_000_100_000L))).isEqualTo("10 s");
  }

  @Test
  void heartbeatDetailsRoundTrip() {
    var response = Heartbeats.response(Duration.ofMillis(250), "w");
    var event = (io.taskflow4j.protocol.ResponseData.Event) response.data();

    assertThat(Heartbeats.isHeartbeat(event)).isTrue();
    assertThat(Heartbeats.interval(event)).contains(Duration.ofMillis(250));
    assertThat(event.details()).containsEntry("topic", "w");
  }
}
