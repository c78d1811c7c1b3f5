package io.taskflow4j.tracing;

import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.taskflow4j.task.Task;
import io.taskflow4j.transport.amqp.AmqpTransport;
import io.taskflow4j.worker.Worker;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A traced worker in a process of its own, for {@link CrossProcessTracingTest}: serves {@code
 * calc.Inc} (which fails for tasks named {@code fail...}) on a broker, with {@link
 * FlowTracing#workerInterceptor()} on an SDK that writes its spans as JSON lines to a file. Prints
 * {@code ready} once it consumes, stops when its standard input ends, then prints {@code stopped}.
 *
 * <p>Arguments: the AMQP URL, the exchange, the topic, the spans file.
 */
public final class TracedWorkerMain {

  private TracedWorkerMain() {}

  /**
   * Runs the worker.
   *
   * @param args URL, exchange, topic, spans file
   * @throws IOException when standard input cannot be read
   */
  public static void main(String[] args) throws IOException {
    SdkTracerProvider provider = SdkTracerProvider.builder()
        .addSpanProcessor(SimpleSpanProcessor.create(new JsonLinesSpanExporter(Path.of(args[3]))))
        .build();
    try (OpenTelemetrySdk otel = OpenTelemetrySdk.builder().setTracerProvider(provider).build();
        AmqpTransport transport = AmqpTransport.builder(args[0]).connectionName("traced-worker").build();
        Worker worker = Worker.builder(transport).exchange(args[1]).topic(args[2])
            .serve("calc.Inc", name -> Task.builder(name)
                .execute(ctx -> {
                  if (name.startsWith("fail")) {
                    throw new IllegalStateException(name + " broke");
                  }
                  return ctx.argument("x", Integer.class) + 1;
                })
                .build())
            .interceptor(FlowTracing.of(otel).workerInterceptor())
            .build()) {
      worker.start();
      System.out.println("ready");
      System.out.flush();
      InputStream in = System.in;
      while (in.read() >= 0) {
        // runs until the parent closes our standard input
      }
      worker.stop(Duration.ofSeconds(10));
    }
    System.out.println("stopped");
    System.out.flush();
  }
}
