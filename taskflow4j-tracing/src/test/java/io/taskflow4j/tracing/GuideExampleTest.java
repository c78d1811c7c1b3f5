package io.taskflow4j.tracing;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.taskflow4j.engine.Engine;
import io.taskflow4j.flow.Flow;
import io.taskflow4j.remote.RemoteTaskExecutor;
import io.taskflow4j.state.FlowState;
import io.taskflow4j.task.Task;
import io.taskflow4j.task.TaskFactory;
import io.taskflow4j.task.TaskSpec;
import io.taskflow4j.transport.Transport;
import io.taskflow4j.transport.memory.InMemoryBroker;
import io.taskflow4j.worker.Worker;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The example of the guide's "Traces with OpenTelemetry", which copies its lines from here. */
class GuideExampleTest {

  @Test
  void theGuidesExampleContinuesTheEnginesTraceOnTheWorker() throws Exception {
    InMemorySpanExporter exporter = InMemorySpanExporter.create();
    try (OpenTelemetrySdk sdk = OpenTelemetrySdk.builder()
            .setTracerProvider(SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(exporter)).build())
            .build();
        InMemoryBroker broker = InMemoryBroker.builder().name("guide").build()) {
      OpenTelemetry openTelemetry = sdk;
      Transport transport = broker.transport();
      TaskFactory inc = name -> Task.builder(name).execute(ctx -> ctx.argument("x", Integer.class) + 1).build();
      Flow flow = Flow.linear("checkout").add(
          Task.remote("calc.Inc", TaskSpec.builder("inc").rebind("x", "x").provides("y").build()));

      FlowTracing tracing = FlowTracing.of(openTelemetry);   // your application's SDK

      // On a worker: a span per request it runs, the child of the engine's atom span
      Worker worker = Worker.builder(transport).topic("calc").serve("calc.Inc", inc)
          .interceptor(tracing.workerInterceptor())
          .build();
      worker.start();

      // On the engine's side: the atom span's context in each request's headers, a listener per engine
      RemoteTaskExecutor remote = RemoteTaskExecutor.builder(transport).topics("calc")
          .requestHeaders(tracing.requestHeaders())
          .build();
      remote.start();
      remote.waitForWorkers(1, Duration.ofSeconds(10));
      try (Engine engine = Engine.builder(flow).taskExecutor(remote).listener(tracing.listener())
          .input("x", 1).build()) {
        assertThat(engine.run()).isEqualTo(FlowState.SUCCESS);
      } finally {
        remote.close();
        worker.close();
      }

      assertThat(exporter.getFinishedSpanItems()).extracting(SpanData::getName)
          .containsExactlyInAnyOrder("flow checkout", "execute inc", "worker execute inc");
    }
  }
}
