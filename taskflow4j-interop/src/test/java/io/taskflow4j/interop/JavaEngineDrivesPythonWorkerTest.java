package io.taskflow4j.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.taskflow4j.engine.Engine;
import io.taskflow4j.engine.FlowFailedException;
import io.taskflow4j.failure.Failure;
import io.taskflow4j.flow.Flow;
import io.taskflow4j.listener.FlowListener;
import io.taskflow4j.listener.TaskEvent;
import io.taskflow4j.remote.RemoteTaskExecutor;
import io.taskflow4j.state.FlowState;
import io.taskflow4j.task.Task;
import io.taskflow4j.task.TaskSpec;
import io.taskflow4j.transport.amqp.AmqpTransport;
import io.taskflow4j.transport.amqp.testing.TestBroker;
import io.taskflow4j.transport.amqp.testing.TestBrokers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
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

/** A taskflow4j engine runs a flow whose tasks a reference (Python TaskFlow) worker serves. */
class JavaEngineDrivesPythonWorkerTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Map<String, String> TRACE_CONTEXT = Map.of(
      "traceparent", "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01",
      "tracestate", "taskflow4j=interop");

  @TempDir Path directory;
  private Process worker;
  private AmqpTransport transport;
  private RemoteTaskExecutor remote;
  private final String exchange = "interop-" + UUID.randomUUID();
  private final String topic = "python-worker";
  private final List<TaskEvent> events = Collections.synchronizedList(new ArrayList<>());

  @BeforeEach
  void startPythonWorker() throws Exception {
    ReferencePython.requireReference();
    TestBroker broker = TestBrokers.any();
    worker = ReferencePython.startWorker(directory, broker.url(), exchange, topic);
    transport = AmqpTransport.connect(broker.url());
    // Every request carries a W3C trace context in its AMQP headers, as with taskflow4j-tracing: a
    // reference worker ignores headers, so every test here also shows that they do not disturb it.
    remote = RemoteTaskExecutor.builder(transport).exchange(exchange).topics(topic)
        .requestHeaders(invocation -> TRACE_CONTEXT)
        .requestTimeout(Duration.ofSeconds(30)).build();
    remote.start();
    remote.waitForWorkers(1, Duration.ofSeconds(30));
  }

  @AfterEach
  void stop() throws Exception {
    if (remote != null) {
      remote.close();
    }
    if (transport != null) {
      transport.close();
    }
    if (worker != null) {
      worker.getOutputStream().close();
      if (!worker.waitFor(20, TimeUnit.SECONDS)) {
        worker.destroyForcibly();
      }
    }
  }

  private static Task add() {
    return Task.remote("interop_tasks.Add",
        TaskSpec.builder("add").requires("a", "b").provides("sum").inject("a", 2).inject("b", 3).build());
  }

  private static Task progress() {
    return Task.remote("interop_tasks.Progress",
        TaskSpec.builder("progress").requires("sum").provides("progressed").build());
  }

  private Engine engine(Flow flow) {
    return Engine.builder(flow).taskExecutor(remote).listener(new FlowListener() {
      @Override
      public void onTaskEvent(TaskEvent event) {
        events.add(event);
      }
    }).build();
  }

  @Test
  void resultsOfPythonTasksReachTheJavaEngineWithProgress() {
    Engine engine = engine(Flow.linear("interop").add(add(), progress()));

    assertThat(engine.run()).isEqualTo(FlowState.SUCCESS);

    assertThat(engine.result("sum")).contains(5);
    assertThat(engine.result("progressed")).contains(Map.of("total", 5, "steps", 3));
    assertThat(events).filteredOn(e -> e.taskName().equals("progress"))
        .extracting(e -> e.progress().orElse(-1.0))
        .contains(0.25, 0.5, 1.0);
  }

  @Test
  void pythonFailureRevertsEveryPythonTaskInReverseOrder() throws Exception {
    Task boom = Task.remote("interop_tasks.Boom", TaskSpec.builder("boom").requires("progressed").build());
    Engine engine = engine(Flow.linear("interop").add(add(), progress(), boom));

    FlowFailedException failed = catchThrowableOfType(FlowFailedException.class, engine::run);

    assertThat(failed.state()).isEqualTo(FlowState.REVERTED);
    Failure failure = failed.failures().get("boom");
    assertThat(failure.typeNames()).containsExactly("ValueError", "Exception");
    assertThat(failure.message()).isEqualTo("('boom at 5', 7)");
    assertThat(failure.arguments()).containsExactly("boom at 5", 7);
    assertThat(failure.traceback()).contains("interop_tasks.py");

    List<JsonNode> reverts = new ArrayList<>();
    for (String line : Files.readAllLines(directory.resolve("reverts.jsonl"))) {
      reverts.add(JSON.readTree(line));
    }
    assertThat(reverts).extracting(r -> r.get("task").asText()).containsExactly("boom", "progress", "add");
    JsonNode boomRevert = reverts.get(0);
    assertThat(boomRevert.get("outcome").get("failure").get(0).asText()).isEqualTo("ValueError");
    assertThat(boomRevert.get("flow_failures").get(0).asText()).isEqualTo("boom");
    assertThat(reverts.get(1).get("outcome").get("result").get("total").asInt()).isEqualTo(5);
    assertThat(reverts.get(2).get("outcome").get("result").asInt()).isEqualTo(5);
    assertThat(reverts.get(2).get("args").get("a").asInt()).isEqualTo(2);
  }
}
