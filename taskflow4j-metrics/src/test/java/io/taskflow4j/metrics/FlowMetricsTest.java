package io.taskflow4j.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.taskflow4j.engine.Engine;
import io.taskflow4j.engine.FlowFailedException;
import io.taskflow4j.flow.Flow;
import io.taskflow4j.jobs.ConductorEvent;
import io.taskflow4j.jobs.ConductorListener;
import io.taskflow4j.persistence.FlowStore;
import io.taskflow4j.remote.RemoteTaskExecutor;
import io.taskflow4j.retry.Retry;
import io.taskflow4j.state.FlowState;
import io.taskflow4j.task.Task;
import io.taskflow4j.transport.memory.InMemoryBroker;
import io.taskflow4j.worker.Worker;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** What the metrics record for runs that succeed, revert and retry, and for a remote executor. */
class FlowMetricsTest {

  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final FlowMetrics metrics = FlowMetrics.builder(registry).tags("app", "test").build();

  private static Task task(String name) {
    return Task.builder(name).execute(ctx -> name).build();
  }

  private Engine engine(Flow flow) {
    return Engine.builder(flow).listener(metrics.listener()).build();
  }

  private double count(String name, String... tags) {
    return registry.get(name).tags(tags).counter().count();
  }

  private Timer timer(String... tags) {
    return registry.get(FlowMetrics.ATOM_DURATION).tags(tags).timer();
  }

  @Test
  void aSuccessfulRunCountsItsStartAndEndAndTimesEachExecute() {
    try (Engine engine = engine(Flow.linear("ok").add(task("a"), task("b")))) {
      assertThat(engine.run()).isEqualTo(FlowState.SUCCESS);
    }

    assertThat(count(FlowMetrics.FLOWS_STARTED, "flow", "ok", "app", "test")).isEqualTo(1);
    assertThat(count(FlowMetrics.FLOWS_ENDED, "flow", "ok", "state", "SUCCESS")).isEqualTo(1);
    assertThat(registry.get(FlowMetrics.FLOW_DURATION).tags("state", "SUCCESS").timer().count()).isEqualTo(1);
    assertThat(timer("task", "a", "action", "execute", "outcome", "success").count()).isEqualTo(1);
    assertThat(timer("task", "b", "action", "execute", "outcome", "success").count()).isEqualTo(1);
    assertThat(registry.find(FlowMetrics.ATOM_DURATION).tags("action", "revert").timers()).isEmpty();
  }

  @Test
  void aRevertedRunTimesTheFailedExecuteAndEveryRevert() {
    Task boom = Task.builder("boom").execute(ctx -> {
      Thread.sleep(20);
      throw new IllegalStateException("boom");
    }).build();
    try (Engine engine = engine(Flow.linear("bad").add(task("a"), boom))) {
      catchThrowableOfType(FlowFailedException.class, engine::run);
    }

    assertThat(count(FlowMetrics.FLOWS_ENDED, "flow", "bad", "state", "REVERTED")).isEqualTo(1);
    Timer failed = timer("task", "boom", "action", "execute", "outcome", "failure");
    assertThat(failed.count()).isEqualTo(1);
    assertThat(failed.totalTime(TimeUnit.MILLISECONDS)).isGreaterThanOrEqualTo(20);
    assertThat(timer("task", "a", "action", "revert", "outcome", "success").count()).isEqualTo(1);
    assertThat(timer("task", "boom", "action", "revert", "outcome", "success").count()).isEqualTo(1);
  }

  @Test
  void eachRetryOfASubflowIsCounted() {
    AtomicInteger attempts = new AtomicInteger();
    Task flaky = Task.builder("flaky").execute(ctx -> {
      if (attempts.incrementAndGet() < 3) {
        throw new IllegalStateException("not yet");
      }
      return "done";
    }).build();
    Flow flow = Flow.linear("retried").retry(Retry.times(5)).add(flaky);
    try (Engine engine = Engine.builder(flow).listener(metrics.listener()).build()) {
      assertThat(engine.run()).isEqualTo(FlowState.SUCCESS);
    }

    assertThat(registry.get(FlowMetrics.RETRIES).counter().count()).isEqualTo(2);
    assertThat(timer("task", "flaky", "action", "execute", "outcome", "failure").count()).isEqualTo(2);
  }

  @Test
  void namesPastTheLimitAreCountedAsOther() {
    FlowMetrics limited = FlowMetrics.builder(registry).maxNames(2).build();
    Flow flow = Flow.unordered("many");
    for (int i = 0; i < 5; i++) {
      flow.add(task("t" + i));
    }
    try (Engine engine = Engine.builder(flow).listener(limited.listener()).build()) {
      engine.run();
    }

    assertThat(registry.find(FlowMetrics.ATOM_DURATION).timers()).hasSize(3);
    assertThat(timer("task", FlowMetrics.OTHER).count()).isEqualTo(3);
  }

  @Test
  void aBoundRemoteExecutorShowsItsOpenRequestsAndWorkersPerTopic() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    try (InMemoryBroker broker = InMemoryBroker.builder().build();
        Worker worker = Worker.builder(broker.transport()).exchange("ex").topic("w")
            .serve("slow", name -> Task.builder(name).execute(ctx -> {
              release.await();
              return null;
            }).build()).build();
        RemoteTaskExecutor remote = RemoteTaskExecutor.builder(broker.transport()).exchange("ex")
            .topics("w", "nobody").listener(metrics.remoteListener()).build()) {
      worker.start();
      remote.start();
      remote.waitForWorkers(1, Duration.ofSeconds(10));
      metrics.bind(remote);
      Task slow = Task.builder("s").remoteName("slow").execute(ctx -> null).build();
      Engine engine = Engine.builder(Flow.linear("remote").add(slow)).taskExecutor(remote).build();
      CompletableFuture<FlowState> run = engine.runAsync();

      await().until(() -> registry.get(FlowMetrics.REMOTE_IN_FLIGHT).gauge().value() == 1);
      assertThat(registry.get(FlowMetrics.REMOTE_WORKERS).tags("topic", "w").gauge().value()).isEqualTo(1);
      assertThat(registry.get(FlowMetrics.REMOTE_WORKERS).tags("topic", "nobody").gauge().value()).isZero();
      release.countDown();
      assertThat(run.get(10, TimeUnit.SECONDS)).isEqualTo(FlowState.SUCCESS);
      assertThat(registry.get(FlowMetrics.REMOTE_IN_FLIGHT).gauge().value()).isZero();
      assertThat(registry.get(FlowMetrics.REMOTE_QUEUE_WAIT).tags("task", "slow").timer().count()).isEqualTo(1);
      engine.close();
    }
  }

  @Test
  void lostWorkersAndConductorEventsAreCounted() {
    metrics.remoteListener().onWorkerLost("w", "nothing heard for 3s");
    metrics.remoteListener().onWorkerLost("w", "nothing heard for 3s");
    ConductorListener conductor = metrics.conductorListener();
    for (ConductorEvent.Type type : List.of(ConductorEvent.Type.CLAIMED, ConductorEvent.Type.CLAIMED,
        ConductorEvent.Type.LEASE_LOST)) {
      conductor.onEvent(new ConductorEvent(type, "c1", "job-1", "add", Optional.empty(), Optional.empty(),
          Instant.EPOCH));
    }

    assertThat(count(FlowMetrics.REMOTE_WORKERS_LOST, "topic", "w")).isEqualTo(2);
    assertThat(count(FlowMetrics.JOBS, "conductor", "c1", "event", "CLAIMED")).isEqualTo(2);
    assertThat(count(FlowMetrics.JOBS, "conductor", "c1", "event", "LEASE_LOST")).isEqualTo(1);
  }

  @Test
  void aTimedStoreRecordsEachCommitAndItsRows() {
    try (FlowStore store = metrics.timed(FlowStore.inMemory());
        Engine engine = Engine.builder(Flow.linear("kept").add(task("a"), task("b")))
            .store(store).listener(metrics.listener()).build()) {
      assertThat(engine.run()).isEqualTo(FlowState.SUCCESS);
      assertThat(store.logBooks()).hasSize(1);
    }

    Timer commits = registry.get(FlowMetrics.STORE_COMMIT).timer();
    assertThat(commits.count()).isPositive();
    DistributionSummary rows = registry.get(FlowMetrics.STORE_BATCH).summary();
    assertThat(rows.count()).isEqualTo(commits.count());
    assertThat(rows.totalAmount()).isGreaterThanOrEqualTo(3); // the book, the flow and its atoms
  }

  @Test
  void builderRefusesALimitBelowOne() {
    assertThatThrownBy(() -> FlowMetrics.builder(registry).maxNames(0).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("maxNames must be at least 1, got 0");
  }
}
