package io.taskflow4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.taskflow4j.examples.Echo;
import io.taskflow4j.flow.FanOut;
import io.taskflow4j.transport.amqp.AmqpTransport;
import io.taskflow4j.transport.amqp.testing.TestBroker;
import io.taskflow4j.transport.amqp.testing.TestBrokers;
import io.taskflow4j.worker.Worker;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A flow file's fan-out run with {@code taskflow run --url}: each item's task and the gather task
 * go to a worker in this JVM (over RabbitMQ when it answers, else the embedded broker).
 */
class FanOutRemoteRunTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String TOPIC = "fan-out";

  private static TestBroker broker;
  private static String exchange;
  private static AmqpTransport transport;
  private static Worker worker;

  @TempDir Path dir;

  @BeforeAll
  static void startWorker() {
    broker = TestBrokers.any();
    exchange = "taskflow-cli-fan-out-" + UUID.randomUUID();
    transport = AmqpTransport.connect(broker.url());
    worker = Worker.builder(transport).exchange(exchange).topic(TOPIC)
        .serve(Echo.class)
        .serve(FanOut.GATHER_REMOTE_NAME, FanOut.gatherTasks())
        .build();
    worker.start();
  }

  @AfterAll
  static void stopWorker() {
    if (worker != null) {
      worker.close();
    }
    if (transport != null) {
      transport.close();
    }
  }

  private String echoEach() {
    return Cli.write(dir, "echo.yaml", String.join("\n",
        "inputs: {words: [a, b, c]}",
        "flow:",
        "  name: echoes",
        "  pattern: linear",
        "  elements:",
        "    - fan_out: {name: say, over: words, task: " + Echo.class.getName() + ", argument: message, provides: said}",
        ""));
  }

  @Test
  void aWorkerNotServingTheGatherTaskIsReportedAtTheFanOutBeforeAnythingRuns() {
    try (Worker echoOnly = Worker.builder(transport).exchange(exchange).topic("echo-only").serve(Echo.class).build()) {
      echoOnly.start();

      Cli.Result result = Cli.run("run", echoEach(), "--url", broker.url(), "--exchange", exchange, "--topic", "echo-only");

      assertThat(result.exitCode()).as(result.toString()).isEqualTo(ExitCodes.BAD_INPUT);
      assertThat(result.err())
          .contains("echo.yaml:6:16: flow.elements[0].fan_out:")
          .contains("no worker serves '" + FanOut.GATHER_REMOTE_NAME + "' (task 'say-gather'");
    }
  }

  @Test
  void theItemsAndTheGatherRunOnTheWorker() throws Exception {
    String flow = echoEach();

    Cli.Result result = Cli.run("run", flow, "--url", broker.url(), "--exchange", exchange, "--topic", TOPIC);

    assertThat(result.exitCode()).as(result.toString()).isZero();
    @SuppressWarnings("unchecked")
    Map<String, Object> results = JSON.readValue(result.out(), Map.class);
    assertThat(results).containsEntry("said", List.of("a", "b", "c"));
  }
}
