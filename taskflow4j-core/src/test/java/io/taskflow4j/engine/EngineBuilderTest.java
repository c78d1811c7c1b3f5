package io.taskflow4j.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.taskflow4j.flow.Flow;
import io.taskflow4j.spi.TaskExecutor;
import io.taskflow4j.task.Task;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;

/** The engine builder refuses settings that contradict each other, naming both. */
class EngineBuilderTest {

  private final Flow flow = Flow.linear("f").add(Task.builder("t").execute(ctx -> 1).build());

  @Test
  void threadsWithAnExecutorIsRefusedNamingBoth() {
    ExecutorService pool = Executors.newSingleThreadExecutor();
    try {
      assertThatThrownBy(() -> Engine.builder(flow).executor(pool).threads(4).build())
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("executor(...)")
          .hasMessageContaining("threads(4)");
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void aTaskExecutorWithSerialIsRefusedNamingBoth() {
    TaskExecutor tasks = invocation -> new CompletableFuture<>();
    assertThatThrownBy(() -> Engine.builder(flow).taskExecutor(tasks).serial().build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("taskExecutor(...) and serial()");
  }

  @Test
  void serialWithAnExecutorIsRefused() {
    ExecutorService pool = Executors.newSingleThreadExecutor();
    try {
      assertThatThrownBy(() -> Engine.builder(flow).serial().executor(pool).build())
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("serial() and executor(...)");
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void oneWayOfRunningTasksBuildsAndIsReported() throws Exception {
    EngineBuilder builder = Engine.builder(flow);
    assertThat(builder.choosesHowTasksRun()).isFalse();
    builder.threads(2);
    assertThat(builder.choosesHowTasksRun()).isTrue();
    try (Engine engine = builder.build()) {
      engine.run();
      assertThat(engine.atomState("t").name()).isEqualTo("SUCCESS");
    }
  }
}
