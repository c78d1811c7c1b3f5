package io.taskflow4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.taskflow4j.remote.RemoteTaskExecutor;
import io.taskflow4j.transport.amqp.testing.TestBroker;
import io.taskflow4j.transport.amqp.testing.TestBrokers;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A worker process killed with SIGKILL while it runs a long task ({@code Nap}, not idempotent) of a
 * {@code taskflow run}: real processes (the packaged jar) on RabbitMQ, or the embedded Qpid broker
 * when RabbitMQ does not answer ({@code TASKFLOW4J_REQUIRE_RABBITMQ=true} makes RabbitMQ mandatory).
 */
class WorkerKilledMidTaskIT {

  private static final Logger LOG = LoggerFactory.getLogger(WorkerKilledMidTaskIT.class);
  private static final String TOPIC = "nappers";
  private static final Duration HEARTBEAT = Duration.ofSeconds(1);
  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(5);

  @TempDir Path dir;

  private TaskflowProcesses processes;
  private TestBroker broker;
  private String exchange;
  private Path log;
  private String flow;

  @BeforeEach
  void setUp() {
    assertThat(TaskflowProcesses.jar()).as("the packaged jar, which failsafe runs after package").exists();
    processes = new TaskflowProcesses(dir);
    broker = TestBrokers.any();
    exchange = "tf4j-midtask-" + UUID.randomUUID().toString().substring(0, 8);
    log = dir.resolve("work.log");
    flow = Cli.write(dir, "nap.yaml",
        "flow:\n  name: nap\n  pattern: linear\n  elements:\n"
            + "    - {task: io.taskflow4j.cli.testtasks.Nap, name: short, inject: {ms: 10}}\n"
            + "    - {task: io.taskflow4j.cli.testtasks.Nap, name: long, inject: {ms: 120000}}\n");
  }

  @AfterEach
  void killLeftovers() {
    processes.killLeftovers();
  }

  @Test
  void withASecondWorkerAliveTheRunRevertsOnItAtOnce() throws Exception {
    List<Process> workers = List.of(startWorker("w1"), startWorker("w2"));
    TaskflowProcesses.Launched run = startRun();

    long victimPid = awaitLine("execute long").pid;
    Instant killed = kill(withPid(workers, victimPid));

    awaitEnd(run, killed);
    Line firstRevert = assertRevertedElsewhere(run, "RedeliveredRequestException", victimPid, "reverted on the live worker");
    Duration toRevert = Duration.between(killed, firstRevert.seen);
    LOG.info("second worker alive: the first revert ran {} ms after the kill", toRevert.toMillis());
    // The redelivered request is refused at once, long before heartbeats could be missed.
    assertThat(toRevert).isLessThan(HEARTBEAT.multipliedBy(3));
  }

  @Test
  void aloneOnItsTopicWithAWorkerOfAnotherTopicServingTheTasksTheRunEndsRevertedAfterThreeMissedHeartbeats()
      throws Exception {
    List<Process> workers = List.of(startWorker("w1", "nappers-1"), startWorker("w2", "nappers-2"));
    TaskflowProcesses.Launched run = startRun("nappers-1", "nappers-2");
    long victimPid = awaitMidTask().pid;

    Instant killed = kill(withPid(workers, victimPid));

    Duration toEnd = awaitEnd(run, killed);
    assertRevertedElsewhere(run, "WorkerLostException", victimPid, "reverted on the other topic's worker");
    LOG.info("alone on its topic, another topic serving the tasks: the run ended reverted {} ms after the"
        + " kill (heartbeat {})", toEnd.toMillis(), HEARTBEAT);
    // Three missed heartbeats, a moment for the topic to answer the NOTIFY sent then, the reverts,
    // and the time a JVM takes to print and exit.
    assertThat(toEnd).isLessThan(HEARTBEAT.multipliedBy(3).plusSeconds(2));
  }

  @Test
  void aloneOnItsTopicAndNotRestartedTheRunEndsOneRequestTimeoutAfterTheLossSayingWhatWasNotReverted()
      throws Exception {
    Process worker = startWorker("alone");
    TaskflowProcesses.Launched run = startRun();
    awaitMidTask();

    Instant killed = kill(worker);

    Duration toEnd = awaitEnd(run, killed);
    String err = TaskflowProcesses.text(run.err());
    // The loss is known after three missed heartbeats; its reverts need a worker of the topic and
    // wait one request timeout for one to come back. None does: they fail (exit 3), and nothing
    // is claimed reverted.
    assertThat(run.process().exitValue()).as(err).isEqualTo(ExitCodes.REVERT_FAILED);
    assertThat(err).contains("WorkerLostException", "no worker left", "none came back within 5s",
        "could not be fully reverted", "revert failed: long", "revert failed: short", "reverted: nothing");
    assertThat(TaskflowProcesses.text(log)).doesNotContain("revert ");
    LOG.info("alone on its topic: the run ended {} ms after the kill (heartbeat {}, request timeout {})",
        toEnd.toMillis(), HEARTBEAT, REQUEST_TIMEOUT);
    // Three missed heartbeats, a moment for the topic to answer the NOTIFY sent then, the wait for
    // a worker, and the time a JVM takes to print and exit.
    assertThat(toEnd).isLessThan(HEARTBEAT.multipliedBy(3).plus(REQUEST_TIMEOUT).plusSeconds(2));
  }

  @Test
  void aloneOnItsTopicAndRestartedAsBySupervisorTheRunEndsRevertedOnTheNewWorker() throws Exception {
    Process worker = startWorker("alone");
    TaskflowProcesses.Launched run = startRun();
    long victimPid = awaitMidTask().pid;

    Instant killed = kill(worker);
    startWorker("restarted");

    Duration toEnd = awaitEnd(run, killed);
    assertRevertedElsewhere(run, "WorkerLostException", victimPid, "reverted on the restarted worker");
    LOG.info("alone on its topic, restarted: the run ended reverted {} ms after the kill (heartbeat {},"
        + " request timeout {})", toEnd.toMillis(), HEARTBEAT, REQUEST_TIMEOUT);
    // The killed worker's queue went with it, request included: the task fails once no worker of
    // the topic has taken it over within a request timeout of the loss, then reverts at once.
    assertThat(toEnd).isLessThan(HEARTBEAT.multipliedBy(3).plus(REQUEST_TIMEOUT).plusSeconds(3));
  }

  /** Waits for the run to end; returns how long after the kill it did. */
  private static Duration awaitEnd(TaskflowProcesses.Launched run, Instant killed) throws InterruptedException {
    assertThat(run.process().waitFor(60, TimeUnit.SECONDS)).as("the run ends").isTrue();
    return Duration.between(killed, Instant.now());
  }

  /**
   * Asserts that the run ended reverted (exit 1) after the given failure, with its first revert on
   * another worker than the killed one; returns that revert's log line.
   */
  private Line assertRevertedElsewhere(TaskflowProcesses.Launched run, String failure, long victimPid, String where)
      throws IOException {
    String err = TaskflowProcesses.text(run.err());
    assertThat(run.process().exitValue()).as(err).isEqualTo(ExitCodes.FLOW_REVERTED);
    assertThat(err).contains(failure, "reverted: long, short");
    Line firstRevert = awaitLine("revert ");
    assertThat(firstRevert.pid).as(where).isNotEqualTo(victimPid);
    return firstRevert;
  }

  private static Process withPid(List<Process> processes, long pid) {
    return processes.stream().filter(p -> p.pid() == pid).findFirst().orElseThrow();
  }

  /**
   * Waits until the long task runs and its worker said RUNNING, which a worker of ours does for a
   * task of a taskflow4j engine once it has run for the engine's notice delay. Killed sooner, the
   * task counts as not started (docs/guide.md, "RUNNING only for tasks that last").
   */
  private Line awaitMidTask() throws InterruptedException {
    Line started = awaitLine("execute long");
    Thread.sleep(RemoteTaskExecutor.DEFAULT_RUNNING_NOTICE_DELAY.multipliedBy(4).toMillis());
    return started;
  }

  private record Line(long pid, Instant seen) {}

  private Line awaitLine(String prefix) {
    return Awaitility.await(prefix + " in the log")
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(20))
        .until(() -> line(prefix), Optional::isPresent)
        .orElseThrow();
  }

  private Optional<Line> line(String prefix) throws IOException {
    if (!Files.exists(log)) {
      return Optional.empty();
    }
    return Files.readAllLines(log, StandardCharsets.UTF_8).stream()
        .filter(line -> line.startsWith(prefix))
        .findFirst()
        .map(line -> line.split(" "))
        .map(parts -> new Line(Long.parseLong(parts[3]), Instant.ofEpochMilli(Long.parseLong(parts[2]))));
  }

  private static Instant kill(Process worker) throws InterruptedException {
    Instant at = Instant.now();
    worker.destroyForcibly(); // SIGKILL
    assertThat(worker.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(worker.exitValue()).as("killed by SIGKILL").isEqualTo(137);
    return at;
  }

  private Process startWorker(String name) throws IOException {
    return startWorker(name, TOPIC);
  }

  private Process startWorker(String name, String topic) throws IOException {
    return processes.launch(name, List.of(
        "worker", "--url", broker.url(), "--exchange", exchange, "--topic", topic,
        "--tasks", "io.taskflow4j.cli.testtasks.Nap", "--threads", "2",
        "--heartbeat", HEARTBEAT.toMillis() + "ms",
        "--classpath", TaskflowProcesses.testClasses())).process();
  }

  private TaskflowProcesses.Launched startRun(String... topics) throws IOException {
    List<String> command = new ArrayList<>(List.of(
        "run", flow, "--url", broker.url(), "--exchange", exchange,
        "--wait", "60s", "--request-timeout", REQUEST_TIMEOUT.toSeconds() + "s",
        "--set", "log=" + log,
        "--classpath", TaskflowProcesses.testClasses()));
    for (String topic : topics.length == 0 ? new String[] {TOPIC} : topics) {
      command.add("--topic");
      command.add(topic);
    }
    return processes.launch("run", command);
  }
}
