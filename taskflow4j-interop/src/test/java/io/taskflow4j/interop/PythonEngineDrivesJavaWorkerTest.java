package io.taskflow4j.interop;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.taskflow4j.failure.Failure;
import io.taskflow4j.task.Outcome;
import io.taskflow4j.task.Task;
import io.taskflow4j.transport.amqp.AmqpTransport;
import io.taskflow4j.transport.amqp.testing.TestBroker;
import io.taskflow4j.transport.amqp.testing.TestBrokers;
import io.taskflow4j.worker.Worker;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The reference's engine (Python TaskFlow's worker-based engine) runs a flow whose tasks a
 * taskflow4j worker serves under the Python names, including a failure whose reverts all run on
 * the Java worker.
 */
class PythonEngineDrivesJavaWorkerTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path directory;
  private AmqpTransport transport;
  private Worker worker;
  private TestBroker broker;
  private final String exchange = "interop-" + UUID.randomUUID();
  private final String topic = "java-worker";
  /** What the Java tasks' reverts received: task name, outcome, flow failure names. */
  private final List<Object[]> reverts = Collections.synchronizedList(new ArrayList<>());

  @BeforeEach
  void startJavaWorker() {
    ReferencePython.requireReference();
    broker = TestBrokers.any();
    transport = AmqpTransport.connect(broker.url());
    worker = Worker.builder(transport).exchange(exchange).topic(topic).threads(4)
        .serve("interop_tasks.Add", name -> Task.builder(name).requires("a", "b").provides("sum")
            .execute(ctx -> ctx.argument("a", Integer.class) + ctx.argument("b", Integer.class))
            .revert(ctx -> reverts.add(new Object[] {ctx.taskName(), ctx.outcome(), ctx.flowFailures().keySet()}))
            .build())
        .serve("interop_tasks.Progress", name -> Task.builder(name).requires("sum").provides("progressed")
            .execute(ctx -> {
              for (double step : new double[] {0.25, 0.5, 1.0}) {
                ctx.reportProgress(step);
              }
              return Map.of("total", ctx.argument("sum", Integer.class), "steps", 3);
            })
            .revert(ctx -> reverts.add(new Object[] {ctx.taskName(), ctx.outcome(), ctx.flowFailures().keySet()}))
            .build())
        .serve("interop_tasks.Boom", name -> Task.builder(name).requires("progressed")
            .execute(ctx -> {
              Map<?, ?> progressed = ctx.argument("progressed", Map.class);
              throw new IllegalArgumentException("boom at " + progressed.get("total"));
            })
            .revert(ctx -> reverts.add(new Object[] {ctx.taskName(), ctx.outcome(), ctx.flowFailures().keySet()}))
            .build())
        .build();
    worker.start();
  }

  @AfterEach
  void stop() {
    if (worker != null) {
      worker.close();
    }
    if (transport != null) {
      transport.close();
    }
  }

  @Test
  void referenceEngineRunsJavaTasksAndRevertsThemOnTheJavaWorker() throws Exception {
    ReferencePython.scripts(directory);
    Process engine = ReferencePython.start(directory, directory.resolve("engine.log"), "python_engine.py",
        ReferencePython.kombuUrl(broker.url()), exchange, topic);
    engine.getOutputStream().close();
    String output = new String(engine.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
    assertThat(engine.waitFor(120, TimeUnit.SECONDS)).isTrue();
    String log = Files.readString(directory.resolve("engine.log"));
    assertThat(output).as("engine output; its log:%n%s", log).isNotEmpty();
    JsonNode report = JSON.readTree(output.substring(output.lastIndexOf('\n') + 1));

    assertThat(report.get("outcome").asText()).isEqualTo("failure");
    assertThat(report.get("flow_state").asText()).isEqualTo("REVERTED");
    JsonNode failure = report.get("failures").get(0);
    assertThat(strings(failure.get("types"))).containsExactly(
        "java.lang.IllegalArgumentException", "java.lang.RuntimeException", "java.lang.Exception", "Exception");
    assertThat(failure.get("message").asText()).isEqualTo("boom at 5");
    assertThat(strings(failure.get("args"))).containsExactly("boom at 5");
    // The reference's engine adds 0.0 and 1.0 around every task; the steps between came from Java.
    List<Double> progress = new ArrayList<>();
    report.get("progress").forEach(p -> {
      if (p.get("task").asText().equals("progress")) {
        progress.add(p.get("progress").asDouble());
      }
    });
    assertThat(progress).containsSubsequence(0.0, 0.25, 0.5, 1.0);

    assertThat(reverts).extracting(r -> r[0]).containsExactly("boom", "progress", "add");
    Outcome boomOutcome = (Outcome) reverts.get(0)[1];
    assertThat(boomOutcome).isInstanceOf(Outcome.Failed.class);
    Failure boomFailure = ((Outcome.Failed) boomOutcome).failure();
    assertThat(boomFailure.typeName()).isEqualTo("java.lang.IllegalArgumentException");
    assertThat(boomFailure.message()).isEqualTo("boom at 5");
    assertThat(reverts.get(0)[2]).isEqualTo(java.util.Set.of("boom"));
    assertThat(reverts.get(1)[1]).isEqualTo(Outcome.success(Map.of("total", 5, "steps", 3)));
    assertThat(reverts.get(2)[1]).isEqualTo(Outcome.success(5));
  }

  private static List<String> strings(JsonNode array) {
    List<String> values = new ArrayList<>();
    array.forEach(node -> values.add(node.asText()));
    return values;
  }
}
