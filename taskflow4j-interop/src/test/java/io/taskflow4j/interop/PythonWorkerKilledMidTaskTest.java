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
 * runs a task of a taskflow4j engine. It sends no heartbeats and acknowledges on delivery, so the
 * engine learns of its death only from its silence to NOTIFYs.
 */
class PythonWorkerKilledMidTaskTest {

  private static final Logger LOG = LoggerFactory.getLogger(PythonWorkerKilledMidTaskTest.class);
  private static final Duration WORKER_EXPIRY = Duration.ofSeconds(3);
  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(5);
  private static final Duration NOTIFY_PERIOD = Duration.ofSeconds(1);

  @TempDir Path directory;
  private Process worker;
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
  }

  @Test
  void theRunEndsOneRequestTimeoutAfterTheWorkerExpirySayingNothingCouldBeReverted() throws Exception {
    ReferencePython.requireReference();
    TestBroker broker = TestBrokers.any();
    worker = ReferencePython.startWorker(directory, broker.url(), exchange, topic);
    transport = AmqpTransport.connect(broker.url());
    remote = RemoteTaskExecutor.builder(transport).exchange(exchange).topics(topic)
        .requestTimeout(REQUEST_TIMEOUT).notifyPeriod(NOTIFY_PERIOD).workerExpiry(WORKER_EXPIRY)
        .build();
    remote.start();
    remote.waitForWorkers(1, Duration.ofSeconds(30));
    Task add = Task.remote("interop_tasks.Add",
        TaskSpec.builder("add").requires("a", "b").provides("sum").inject("a", 2).inject("b", 3).build());
    Task nap = Task.remote("interop_tasks.Nap",
        TaskSpec.builder("nap").requires("seconds").inject("seconds", 120).build());
    Engine engine = Engine.builder(Flow.linear("killed").add(add, nap)).taskExecutor(remote).build();

    CompletableFuture<FlowFailedException> run = CompletableFuture.supplyAsync(() -> {
      try {
        engine.run();
        return null;
      } catch (FlowFailedException e) {
        return e;
      }
    });
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
