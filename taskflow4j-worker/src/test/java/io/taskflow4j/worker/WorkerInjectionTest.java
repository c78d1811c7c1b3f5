package io.taskflow4j.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.taskflow4j.protocol.ProtocolLimits;
import io.taskflow4j.protocol.ResponseData;
import io.taskflow4j.protocol.ResponseState;
import io.taskflow4j.protocol.TaskRequest;
import io.taskflow4j.protocol.TaskVersion;
import io.taskflow4j.task.AbstractTask;
import io.taskflow4j.task.Task;
import io.taskflow4j.task.TaskContext;
import io.taskflow4j.task.TaskSpec;
import io.taskflow4j.testing.MutableClock;
import io.taskflow4j.transport.memory.InMemoryBroker;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A worker runs on the time, threads and limits it is given, and leaves what it was given alone. */
class WorkerInjectionTest {

  private static final String TOPIC = "injected";
  private static final TaskVersion V1 = TaskVersion.of(1, 0);

  private final ExecutorService deliveries = Executors.newCachedThreadPool();
  private final InMemoryBroker broker =
      InMemoryBroker.builder().name("injection-test").executor(deliveries).build();
  private final Probe probe = new Probe(broker);
  private final CountDownLatch release = new CountDownLatch(1);
  private final ExecutorService tasks = Executors.newFixedThreadPool(2);
  private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();

  @AfterEach
  void tearDown() {
    release.countDown();
    broker.close();
    tasks.shutdownNow();
    scheduler.shutdownNow();
    deliveries.shutdownNow();
  }

  private Task blocking(String name) {
    return new AbstractTask(TaskSpec.builder(name).build()) {
      @Override
      public Object execute(TaskContext context) throws InterruptedException {
        release.await();
        return "released";
      }
    };
  }

  @Test
  void heartbeatsGoOutOnTheCallersSchedulerAndNothingGivenIsShutDown() {
    Worker worker =
        Worker.builder(broker.transport())
            .exchange(Probe.EXCHANGE)
            .topic(TOPIC)
            .executor(tasks)
            .scheduler(scheduler)
            .heartbeatInterval(Duration.ofMillis(20))
            .serve("pkg.Slow", this::blocking)
            .build();
    worker.start();
    String id = probe.send(TOPIC, TaskRequest.execute("pkg.Slow", "slow", V1, Map.of()));

    await().until(() -> probe.responses(id).stream()
        .filter(r -> r.data() instanceof ResponseData.Event e && e.eventType().equals(Worker.HEARTBEAT_EVENT))
        .count() >= 3);
    release.countDown();
    await().until(() -> probe.responses(id).stream().anyMatch(r -> r.state() == ResponseState.SUCCESS));
    worker.close();
    broker.close();

    assertThat(tasks.isShutdown()).isFalse();
    assertThat(scheduler.isShutdown()).isFalse();
    assertThat(deliveries.isShutdown()).isFalse();
  }

  @Test
  void theStopGraceIsMeasuredOnTheWorkersClock() {
    MutableClock clock = new MutableClock();
    Worker worker =
        Worker.builder(broker.transport())
            .exchange(Probe.EXCHANGE)
            .topic(TOPIC)
            .clock(clock)
            .serve("pkg.Slow", this::blocking)
            .build();
    worker.start();
    String id = probe.send(TOPIC, TaskRequest.execute("pkg.Slow", "slow", V1, Map.of()));
    await().until(() -> probe.responses(id).stream().anyMatch(r -> r.state() == ResponseState.RUNNING));

    CompletableFuture<Boolean> stopped = CompletableFuture.supplyAsync(() -> worker.stop(Duration.ofHours(1)));
    await().until(() -> !worker.isRunning());
    assertThat(stopped).isNotDone();
    clock.advance(Duration.ofHours(2));

    assertThat(stopped.join()).isFalse();
  }

  @Test
  void aRequestOverTheWorkersLimitsIsNotRunButAnsweredWithAFailureNamingTheLimit() {
    Worker worker =
        Worker.builder(broker.transport())
            .exchange(Probe.EXCHANGE)
            .topic(TOPIC)
            .limits(ProtocolLimits.DEFAULTS.withMaxStringLength(16))
            .threads(1)
            .serve("pkg.Echo", name -> new AbstractTask(TaskSpec.builder(name).build()) {
              @Override
              public Object execute(TaskContext context) {
                return "ran";
              }
            })
            .build();
    worker.start();

    // One task thread: had the large request been taken, it would have run before the small one.
    String large = probe.send(TOPIC, TaskRequest.execute("pkg.Echo", "echo", V1, Map.of("s", "x".repeat(64))));
    String small = probe.send(TOPIC, TaskRequest.execute("pkg.Echo", "echo", V1, Map.of("s", "short")));

    await().until(() -> probe.responses(small).stream().anyMatch(r -> r.state() == ResponseState.SUCCESS));
    assertThat(probe.responses(large)).singleElement().satisfies(response -> {
      assertThat(response.state()).isEqualTo(ResponseState.FAILURE);
      assertThat(WorkerTest.failureOf(response).message()).contains("exceeds a parsing limit").contains("16");
    });
    worker.close();
  }
}
