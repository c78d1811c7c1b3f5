package io.taskflow4j.worker.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.taskflow4j.protocol.ProtocolCodec;
import io.taskflow4j.transport.memory.InMemoryBroker;
import io.taskflow4j.task.TaskFactory;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The banner. */
class BannerTest {

  @Test
  void bannerNamesWhereTheWorkerListensWhatItServesAndWhichProcessItIs() {
    try (InMemoryBroker broker = InMemoryBroker.builder().name("banner").build()) {
      TaskFactory factory = name -> null;
      WorkerServer.Settings settings = new WorkerServer.Settings(broker.transport(), "orders",
          "resizers", Map.of("pkg.Resize", factory), 3, Optional.empty(), Duration.ofMillis(1500),
          ProtocolCodec.create());

      String banner = Banner.text(settings);

      assertThat(banner).contains("transport: memory:banner", "exchange: orders", "topic: resizers",
          "endpoints: pkg.Resize", "threads: 3", "heartbeat: every 1.5s",
          "pid: " + ProcessHandle.current().pid(), "java: " + Runtime.version());
    }
  }

}
