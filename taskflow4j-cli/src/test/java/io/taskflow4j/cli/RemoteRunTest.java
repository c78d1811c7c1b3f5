package io.taskflow4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.taskflow4j.examples.Add;
import io.taskflow4j.examples.Echo;
import io.taskflow4j.examples.Fail;
import io.taskflow4j.examples.Sleep;
import io.taskflow4j.examples.Undoable;
import io.taskflow4j.task.Task;
import io.taskflow4j.transport.amqp.AmqpTransport;
import io.taskflow4j.transport.amqp.testing.TestBroker;
import io.taskflow4j.transport.amqp.testing.TestBrokers;
import io.taskflow4j.worker.Worker;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code taskflow run --url} against a worker in this JVM, over RabbitMQ when it answers, else
 * over the embedded Qpid broker of the amqp module's test helper ({@code
 * TASKFLOW4J_REQUIRE_RABBITMQ=true} makes RabbitMQ mandatory). Each test class uses its own
 * exchange, so runs on a shared broker do not meet.
 */
class RemoteRunTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String TOPIC = "examples";

  private static TestBroker broker;
  private static String exchange;
  private static AmqpTransport transport;
  private static Worker worker;

  @TempDir Path dir;

  @BeforeAll
  static void startWorker() {
    broker = TestBrokers.any();
    exchange = "taskflow-cli-test-" + UUID.randomUUID();
    transport = AmqpTransport.connect(broker.url());
    worker =
        Worker.builder(transport)
            .exchange(exchange)
            .topic(TOPIC)
            .threads(4)
            .serve(Add.class)
            .serve(Echo.class)
            .serve(Fail.class)
            .serve(Sleep.class)
            .serve(Undoable.class)
            // Stand-ins for the Python worker of examples/python-workers.yaml.
            .serve("pytasks.Add", Add::new)
            .serve(
                "pytasks.Resize",
                name ->
                    Task.builder(name)
                        .execute(ctx -> ctx.arguments().get("image") + "@" + ctx.arguments().get("width") + "px")
                        .build())
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

  private static Cli.Result runRemote(String flowFile, String... more) {
    List<String> args =
        new ArrayList<>(List.of("run", flowFile, "--url", broker.url(), "--exchange", exchange, "--topic", TOPIC));
    args.addAll(List.of(more));
    return Cli.run(args.toArray(String[]::new));
  }

  private static Map<String, Object> json(String text) throws Exception {
    @SuppressWarnings("unchecked")
    Map<String, Object> map = JSON.readValue(text, Map.class);
    return map;
  }

  @Test
  void pipelineRunsOnTheWorkerAndPrintsTheSameJsonAsInProcess() throws Exception {
    Cli.Result remote = runRemote(Cli.example("pipeline.yaml"));
    Cli.Result local = Cli.run("run", Cli.example("pipeline.yaml"));

    assertThat(remote.exitCode()).as(remote.toString()).isEqualTo(ExitCodes.OK);
    assertThat(json(remote.out()))
        .isEqualTo(json(local.out()))
        .containsEntry("sum", 42)
        .containsEntry("reported", 42);
  }

  @Test
  void setInputsTravelToTheWorker() throws Exception {
    Cli.Result result = runRemote(Cli.example("add.yaml"), "--set", "c=10");

    assertThat(result.exitCode()).as(result.toString()).isZero();
    assertThat(json(result.out())).containsEntry("ab", 3).containsEntry("total", 13);
  }

  @Test
  void linkConditionsAndDeciderClassesDecideHereWhileTheTasksRunOnTheWorker() throws Exception {
    String flow = Cli.write(dir, "even.yaml", String.join("\n",
        "inputs: {a: 1, b: 3}",
        "flow:",
        "  name: even",
        "  pattern: graph",
        "  elements:",
        "    - {task: Add, name: sum, provides: sum}",
        "    - {task: Echo, name: report, rebind: {message: sum}, provides: reported}",
        "  links:",
        "    - {from: sum, to: report, decider: " + io.taskflow4j.cli.testtasks.EvenResults.class.getName() + "}",
        ""));

    Cli.Result conditions = runRemote(Cli.example("conditions.yaml"));
    Cli.Result decided = runRemote(flow);

    assertThat(conditions.exitCode()).as(conditions.toString()).isZero();
    assertThat(json(conditions.out())).isEqualTo(Map.of("score", 35, "reviewed", 35));
    assertThat(decided.exitCode()).as(decided.toString()).isZero();
    assertThat(json(decided.out())).isEqualTo(Map.of("sum", 4, "reported", 4));
  }

  @Test
  void failingTaskOnTheWorkerRevertsTheFlowThereAndExitsOne() {
    Cli.Result result = runRemote(Cli.example("fail-and-revert.yaml"));

    assertThat(result.exitCode()).as(result.toString()).isEqualTo(ExitCodes.FLOW_REVERTED);
    assertThat(result.out()).isEmpty();
    assertThat(result.err())
        .contains("taskflow: flow 'order' failed; everything it did was reverted")
        .contains("failed: ship: java.lang.RuntimeException: the truck broke down")
        .containsPattern("reverted: (ship, )?charge, reserve \\(in this order\\)");
  }

  @Test
  void taskNamesWithoutALocalClassAreSentAsWrittenWithTheFilesSpec() throws Exception {
    Cli.Result result = runRemote(Cli.example("python-workers.yaml"));

    assertThat(result.exitCode()).as(result.toString()).isZero();
    assertThat(json(result.out()))
        .containsOnly(Map.entry("total", 42), Map.entry("thumb", "cat.png@64px"));
  }

  @Test
  void taskNoWorkerServesIsReportedAtItsPlaceInTheFileBeforeAnythingRuns() {
    String flow =
        Cli.write(
            dir,
            "typo.yaml",
            String.join(
                "\n",
                "flow:",
                "  name: typo",
                "  pattern: linear",
                "  elements:",
                "    - task: Undoable",
                "      name: first",
                "    - task: Ad",
                "      name: add",
                "      requires: [a, b]",
                "      inject: {a: 1, b: 2}",
                ""));

    Cli.Result result = runRemote(flow);

    assertThat(result.exitCode()).as(result.toString()).isEqualTo(ExitCodes.BAD_INPUT);
    assertThat(result.err())
        .contains(flow + ":7:13: flow.elements[1].task: no worker serves 'Ad'")
        .contains("(did you mean 'io.taskflow4j.examples.Add'?)")
        .contains("serve: io.taskflow4j.examples.Add, ");
    assertThat(result.out()).isEmpty();
  }

  @Test
  void aTaskRunningPastTheExecutionTimeoutFailsAndTheFlowReverts() throws Exception {
    String flow =
        Cli.write(
            dir,
            "sleepy.yaml",
            String.join(
                "\n",
                "flow:",
                "  name: sleepy",
                "  pattern: linear",
                "  elements:",
                "    - task: Sleep",
                "      name: nap",
                "      inject: {seconds: 30}",
                ""));

    Cli.Result result = runRemote(flow, "--execution-timeout", "1s");

    assertThat(result.exitCode()).as(result.toString()).isEqualTo(ExitCodes.FLOW_REVERTED);
    assertThat(result.err()).contains("nap").contains("execution timeout of 1s");
  }

  @Test
  void aZeroExecutionTimeoutIsRefused() {
    Cli.Result result = runRemote(Cli.example("add.yaml"), "--execution-timeout", "0s");

    assertThat(result.exitCode()).as(result.toString()).isEqualTo(ExitCodes.BAD_INPUT);
    assertThat(result.err()).contains("--execution-timeout must be longer than zero");
  }

  @Test
  void aWorkerExpiryShorterThanTwoNotifyPeriodsIsRefused() {
    Cli.Result result = runRemote(Cli.example("add.yaml"), "--notify-period", "2s", "--worker-expiry", "3s");

    assertThat(result.exitCode()).as(result.toString()).isEqualTo(ExitCodes.BAD_INPUT);
    assertThat(result.err()).contains("--worker-expiry (3s) must be at least twice --notify-period (2s)");
  }

  @Test
  void aRunningNoticeNotWellBelowTheRequestTimeoutIsRefused() {
    Cli.Result result = runRemote(Cli.example("add.yaml"), "--request-timeout", "5s", "--running-notice", "3s");

    assertThat(result.exitCode()).as(result.toString()).isEqualTo(ExitCodes.BAD_INPUT);
    assertThat(result.err()).contains("--running-notice (3s) must be less than half of --request-timeout (5s)");
  }

  @Test
  void aZeroRunningNoticeHasEveryTaskSayRunningAndTheRunSucceeds() {
    Cli.Result result = runRemote(Cli.example("add.yaml"), "--running-notice", "0s");

    assertThat(result.exitCode()).as(result.toString()).isEqualTo(ExitCodes.OK);
  }

  @Test
  void topicWithoutWorkersExitsTwoAfterWaitingSayingNothingRan() {
    Cli.Result result =
        runRemote(Cli.example("add.yaml"), "--topic", "nobody-listens", "--wait", "300ms");

    assertThat(result.exitCode()).as(result.toString()).isEqualTo(ExitCodes.BAD_INPUT);
    assertThat(result.err())
        .contains("no worker answered on topic 'nobody-listens' within 300ms")
        .contains("so nothing ran")
        .contains("taskflow worker --url ");
    assertThat(result.out()).isEmpty();
  }

  @Test
  void flowFileErrorsAreReportedBeforeTheBrokerIsContacted() {
    String flow =
        Cli.write(dir, "bad.yaml", "flow: {name: x, pattern: linear, elements: [{task: Add}]}\n");

    Cli.Result result =
        Cli.run("run", flow, "--url", "amqp://guest:guest@127.0.0.1:1/", "--topic", "t");

    assertThat(result.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
    assertThat(result.err()).contains("--set a=VALUE").doesNotContain("cannot reach the broker");
  }

  @Test
  void unreachableBrokerExitsTwo() {
    Cli.Result result =
        Cli.run("run", Cli.example("add.yaml"), "--url", "amqp://guest:s3cret@127.0.0.1:1/", "--topic", "t");

    assertThat(result.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
    assertThat(result.err())
        .contains("taskflow: cannot reach the broker at amqp://guest@127.0.0.1:1/")
        .doesNotContain("s3cret");
  }

  @Test
  void memoryAndNonAmqpUrlsAreRefused() {
    Cli.Result memory = Cli.run("run", Cli.example("add.yaml"), "--url", "memory", "--topic", "t");
    Cli.Result http = Cli.run("run", Cli.example("add.yaml"), "--url", "http://x/", "--topic", "t");

    assertThat(memory.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
    assertThat(memory.err()).contains("--url memory cannot be used here").contains("taskflow demo");
    assertThat(http.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
    assertThat(http.err()).contains("--url: the url must start with amqp:// or amqps://");
  }

  @Test
  void urlWithoutTopicIsAUsageError() {
    Cli.Result result = Cli.run("run", Cli.example("add.yaml"), "--url", "amqp://127.0.0.1/");

    assertThat(result.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
    assertThat(result.err()).contains("--topic");
  }
}
