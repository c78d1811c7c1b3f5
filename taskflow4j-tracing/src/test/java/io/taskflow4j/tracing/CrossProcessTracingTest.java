package io.taskflow4j.tracing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.taskflow4j.engine.Engine;
import io.taskflow4j.engine.FlowFailedException;
import io.taskflow4j.flow.Flow;
import io.taskflow4j.persistence.FlowStore;
import io.taskflow4j.remote.RemoteTaskExecutor;
import io.taskflow4j.task.Task;
import io.taskflow4j.task.TaskSpec;
import io.taskflow4j.transport.amqp.AmqpTransport;
import io.taskflow4j.transport.amqp.testing.TestBroker;
import io.taskflow4j.transport.amqp.testing.TestBrokers;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The parent-child link across processes: the engine here, a worker in a JVM of its own
 * ({@link TracedWorkerMain}), the trace context in the AMQP headers of each request. On RabbitMQ
 * when it answers, which CI requires ({@value TestBrokers#REQUIRE_VARIABLE}{@code =true}: a missing
 * RabbitMQ fails the test there); elsewhere on the embedded broker, saying so in the log.
 */
@Timeout(120)
class CrossProcessTracingTest {

  private static final Logger LOG = LoggerFactory.getLogger(CrossProcessTracingTest.class);

  @TempDir Path dir;

  private final InMemorySpanExporter exporter = InMemorySpanExporter.create();
  private final OpenTelemetrySdk otel = OpenTelemetrySdk.builder()
      .setTracerProvider(SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(exporter)).build())
      .build();
  private final List<AutoCloseable> closing = new ArrayList<>();
  private Process child;

  @AfterEach
  void tearDown() throws Exception {
    if (child != null && child.isAlive()) {
      child.destroyForcibly();
      child.waitFor(30, TimeUnit.SECONDS);
    }
    for (int i = closing.size() - 1; i >= 0; i--) {
      closing.get(i).close();
    }
    otel.close();
  }

  @Test
  void theSpanOfEachRequestInTheWorkerProcessIsAChildOfTheEnginesAtomSpan() throws Exception {
    TestBroker broker = TestBrokers.any();
    if (broker.kind() != TestBroker.Kind.RABBITMQ) {
      LOG.warn("RabbitMQ does not answer: the worker process uses the embedded broker instead; set {} to test "
          + "against RabbitMQ ({}=true makes it mandatory, as in CI)", TestBrokers.URL_VARIABLE, TestBrokers.REQUIRE_VARIABLE);
    }
    String exchange = "tf4j-tracing-" + UUID.randomUUID().toString().substring(0, 8);
    Path spansFile = dir.resolve("worker-spans.jsonl");
    BlockingQueue<String> lines = startWorker(broker.url(), exchange, "traced-calc", spansFile);
    awaitLine(lines, "ready", Duration.ofSeconds(60));

    FlowTracing tracing = FlowTracing.of(otel);
    AmqpTransport transport = AmqpTransport.connect(broker.url());
    closing.add(transport);
    RemoteTaskExecutor executor = RemoteTaskExecutor.builder(transport).exchange(exchange).topics("traced-calc")
        .requestHeaders(tracing.requestHeaders()).build();
    closing.add(executor);
    executor.start();
    executor.waitForWorkers(1, Duration.ofSeconds(30));
    Flow flow = Flow.linear("traced").add(
        Task.remote("calc.Inc", TaskSpec.builder("one").rebind("x", "x").provides("y").build()),
        Task.remote("calc.Inc", TaskSpec.builder("fail-two").rebind("x", "y").provides("z").build()));
    try (FlowStore store = FlowStore.inMemory();
        Engine engine = Engine.builder(flow).taskExecutor(executor).store(store)
            .listener(tracing.listener()).input("x", 1).build()) {
      catchThrowableOfType(FlowFailedException.class, engine::run);
    }
    child.getOutputStream().close(); // the worker stops when its standard input ends
    awaitLine(lines, "stopped", Duration.ofSeconds(60));
    assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(child.exitValue()).isZero();

    List<Map<String, Object>> workerSpans = JsonLinesSpanExporter.read(spansFile);
    SpanData run = engineSpan("flow traced");
    for (String call : List.of("execute one", "execute fail-two", "revert fail-two", "revert one")) {
      SpanData atom = engineSpan(call);
      assertThat(atom.getParentSpanId()).isEqualTo(run.getSpanId());
      List<Map<String, Object>> matching =
          workerSpans.stream().filter(s -> s.get("name").equals("worker " + call)).toList();
      assertThat(matching).as("worker spans of '%s' among %s", call, workerSpans).hasSize(1);
      Map<String, Object> onWorker = matching.get(0);
      assertThat(onWorker.get("traceId")).as(call).isEqualTo(run.getTraceId());
      assertThat(onWorker.get("parentSpanId")).as(call).isEqualTo(atom.getSpanId());
      assertThat(onWorker.get("parentRemote")).isEqualTo(true);
      assertThat(onWorker.get("kind")).isEqualTo("CONSUMER");
    }
    Map<String, Object> failed = workerSpans.stream()
        .filter(s -> s.get("name").equals("worker execute fail-two")).findFirst().orElseThrow();
    assertThat(failed.get("status")).isEqualTo("ERROR");
    assertThat(engineSpan("execute fail-two").getAttributes().get(AttributeKey.stringKey(FlowTracing.ATOM_OUTCOME)))
        .isEqualTo("failure");
  }

  private SpanData engineSpan(String name) {
    List<SpanData> found = exporter.getFinishedSpanItems().stream().filter(s -> s.getName().equals(name)).toList();
    assertThat(found).as("engine spans named '%s'", name).hasSize(1);
    return found.get(0);
  }

  private BlockingQueue<String> startWorker(String url, String exchange, String topic, Path spans) throws IOException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    String surefire = System.getProperty("surefire.test.class.path");
    String classPath = surefire != null && !surefire.isBlank() ? surefire : System.getProperty("java.class.path");
    List<String> command = List.of(java, "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xshare:auto",
        "-cp", classPath, TracedWorkerMain.class.getName(), url, exchange, topic, spans.toString());
    Path stderr = dir.resolve("worker-stderr.log");
    child = new ProcessBuilder(command).redirectError(stderr.toFile()).start();
    BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    Thread reader = new Thread(() -> {
      try (BufferedReader in = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
        for (String line = in.readLine(); line != null; line = in.readLine()) {
          lines.add(line);
        }
      } catch (IOException e) {
        lines.add("unreadable: " + e);
      } finally {
        lines.add("<end>");
      }
    }, "traced-worker-stdout");
    reader.setDaemon(true);
    reader.start();
    return lines;
  }

  private void awaitLine(BlockingQueue<String> lines, String expected, Duration timeout) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      String line = lines.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      if (line == null || line.equals("<end>")) {
        String errors = Files.exists(dir.resolve("worker-stderr.log"))
            ? Files.readString(dir.resolve("worker-stderr.log")) : "";
        throw new AssertionError("the worker process printed no '" + expected + "' line "
            + (line == null ? "within " + timeout : "before it ended") + "; its stderr:\n" + errors);
      }
      if (line.equals(expected)) {
        return;
      }
    }
  }
}
