package io.taskflow4j.interop;

import static org.assertj.core.api.Assertions.assertThat;

import io.taskflow4j.engine.Engine;
import io.taskflow4j.engine.FlowFailedException;
import io.taskflow4j.flow.Flow;
import io.taskflow4j.remote.RemoteTaskExecutor;
import io.taskflow4j.remote.WorkerLostException;
import io.taskflow4j.state.FlowState;
import io.taskflow4j.task.Task;
import io.taskflow4j.task.TaskSpec;
import io.taskflow4j.transport.amqp.AmqpTransport;
import io.taskflow4j.transport.amqp.testing.TestBroker;
import io.taskflow4j.transport.amqp.testing.TestBrokers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A reference (Python TaskFlow) worker process, alone on its topic, killed with SIGKILL while it
 * runs a task of a taskflow4j engine, with and without a worker of another topic serving the tasks. It sends no heartbeats and acknowledges on delivery, so the
 * engine learns of its death only from its silence to NOTIFYs.
 */
class PythonWorkerKilledMidTaskTest {

  private static final Logger LOG = LoggerFactory.getLogger(PythonWorkerKilledMidTaskTest.class);
  private static final Duration WORKER_EXPIRY = Duration.ofSeconds(3);
  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(5);
  private static final Duration NOTIFY_PERIOD = Duration.ofSeconds(1);

  @TempDir Path directory;
  private Process worker;
  private Process otherWorker;
  private AmqpTransport transport;
  private RemoteTaskExecutor remote;
  private final String exchange = "interop-killed-" + UUID.randomUUID();
  private final String topic = "python-napper";

  @AfterEach
  void stop() {
    if (remote != null) {
      remote.close();
    }
    if (transport != null) {
      transport.close();
    }
    if (worker != null) {
      worker.destroyForcibly();
    }
    if (otherWorker != null) {
      otherWorker.destroyForcibly();
    }
  }

  @Test
  void withAWorkerOfAnotherTopicServingTheTasksTheRunEndsRevertedWithinTheWorkerExpiry() throws Exception {
    ReferencePython.requireReference();
    TestBroker broker = TestBrokers.any();
    Path[] directories = {Files.createDirectories(directory.resolve("a")), Files.createDirectories(directory.resolve("b"))};
    String[] topics = {topic + "-a", topic + "-b"};
    Process[] workers = {
        ReferencePython.startWorker(directories[0], broker.url(), exchange, topics[0]),
        ReferencePython.startWorker(directories[1], broker.url(), exchange, topics[1])};
    worker = workers[0];
    otherWorker = workers[1];
    startExecutor(broker, topics);
    CompletableFuture<FlowFailedException> run = runAddThenNap();
    int victim = Awaitility.await("the nap starts on a Python worker").atMost(Duration.ofSeconds(30))
        .until(() -> napStartedIn(directories), index -> index >= 0);
    Instant killed = Instant.now();
    workers[victim].destroyForcibly(); // SIGKILL
    assertThat(workers[victim].waitFor(30, TimeUnit.SECONDS)).isTrue();

    FlowFailedException failed = run.get(60, TimeUnit.SECONDS);
    Duration toEnd = Duration.between(killed, Instant.now());

    assertThat(failed).as("the run failed").isNotNull();
    assertThat(failed.state()).isEqualTo(FlowState.REVERTED);
    assertThat(failed.failures().get("nap").matches(WorkerLostException.class)).isTrue();
    assertThat(failed.revertFailures()).isEmpty();
    List<String> survivorReverts = Files.readAllLines(directories[1 - victim].resolve("reverts.jsonl")).stream()
        .filter(line -> line.contains("\"action\": \"revert\""))
        .map(line -> line.replaceAll(".*\"task\": \"([a-z]+)\".*", "$1"))
        .toList();
    assertThat(survivorReverts).as("reverted by the live worker").containsExactly("nap", "add");
    LOG.info("a Python worker alone on its topic killed mid-task, another topic serving the tasks: the run"
        + " ended reverted {} ms after the kill (worker expiry {})", toEnd.toMillis(), WORKER_EXPIRY);
    assertThat(toEnd).isLessThan(WORKER_EXPIRY.plusSeconds(2));
  }

  /** Connects and starts the executor on the given worker topics, once each answers. */
  private void startExecutor(TestBroker broker, String... topics) throws InterruptedException {
    transport = AmqpTransport.connect(broker.url());
    remote = RemoteTaskExecutor.builder(transport).exchange(exchange).topics(topics)
        .requestTimeout(REQUEST_TIMEOUT).notifyPeriod(NOTIFY_PERIOD).workerExpiry(WORKER_EXPIRY)
        .build();
    remote.start();
    remote.waitForWorkers(topics.length, Duration.ofSeconds(30));
  }

  /** The index of the directory whose worker started the nap, or -1. */
  private static int napStartedIn(Path[] directories) throws java.io.IOException {
    for (int i = 0; i < directories.length; i++) {
      Path log = directories[i].resolve("reverts.jsonl");
      if (Files.exists(log) && Files.readString(log).contains("\"action\": \"execute\"")) {
        return i;
      }
    }
    return -1;
  }

  private CompletableFuture<FlowFailedException> runAddThenNap() {
    Task add = Task.remote("interop_tasks.Add",
        TaskSpec.builder("add").requires("a", "b").provides("sum").inject("a", 2).inject("b", 3).build());
    Task nap = Task.remote("interop_tasks.Nap",
        TaskSpec.builder("nap").requires("seconds").inject("seconds", 120).build());
    Engine engine = Engine.builder(Flow.linear("killed").add(add, nap)).taskExecutor(remote).build();
    return CompletableFuture.supplyAsync(() -> {
      try {
        engine.run();
        return null;
      } catch (FlowFailedException e) {
        return e;
      }
    });
  }

  @Test
  void theRunEndsOneRequestTimeoutAfterTheWorkerExpirySayingNothingCouldBeReverted() throws Exception {
    ReferencePython.requireReference();
    TestBroker broker = TestBrokers.any();
    worker = ReferencePython.startWorker(directory, broker.url(), exchange, topic);
    startExecutor(broker, topic);
    CompletableFuture<FlowFailedException> run = runAddThenNap();
    Path log = directory.resolve("reverts.jsonl");
    Awaitility.await("the nap starts on the Python worker").atMost(Duration.ofSeconds(30))
        .until(() -> Files.exists(log) && Files.readString(log).contains("\"action\": \"execute\""));
    Instant killed = Instant.now();
    worker.destroyForcibly(); // SIGKILL
    assertThat(worker.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(worker.exitValue()).as("killed by SIGKILL").isEqualTo(137);

    FlowFailedException failed = run.get(60, TimeUnit.SECONDS);
    Duration toEnd = Duration.between(killed, Instant.now());

    assertThat(failed).as("the run failed").isNotNull();
    // Nothing is left to run the reverts: the run says so rather than claiming them done.
    assertThat(failed.state()).isEqualTo(FlowState.FAILURE);
    assertThat(failed.failures().get("nap").matches(WorkerLostException.class)).isTrue();
    assertThat(failed.failures().get("nap").message()).contains("stopped answering", "task 'nap'");
    assertThat(failed.revertFailures()).containsOnlyKeys("nap", "add");
    assertThat(failed.revertFailures().get("add").message()).contains("no worker left", "none came back within 5s");
    assertThat(Files.readString(log)).doesNotContain("\"action\": \"revert\"");
    LOG.info("a Python worker killed mid-task: the run ended {} ms after the kill (worker expiry {}, "
        + "NOTIFY period {}, request timeout {})", toEnd.toMillis(), WORKER_EXPIRY, NOTIFY_PERIOD, REQUEST_TIMEOUT);
    // The worker answered its last NOTIFY at most a NOTIFY period before the kill; then the expiry,
    // a tick, a moment for the NOTIFY sent at the expiry to be answered, and the reverts' wait for
    // a worker to come back.
    assertThat(toEnd).isLessThan(WORKER_EXPIRY.plus(REQUEST_TIMEOUT).plusSeconds(2));
  }
}
