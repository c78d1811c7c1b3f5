package io.taskflow4j.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.taskflow4j.failure.Failure;
import io.taskflow4j.protocol.NotifyResponse;
import io.taskflow4j.protocol.ResponseData;
import io.taskflow4j.protocol.ResponseState;
import io.taskflow4j.protocol.TaskRequest;
import io.taskflow4j.protocol.TaskResponse;
import io.taskflow4j.protocol.TaskVersion;
import io.taskflow4j.task.AbstractTask;
import io.taskflow4j.task.Outcome;
import io.taskflow4j.task.Task;
import io.taskflow4j.task.TaskContext;
import io.taskflow4j.task.TaskSpec;
import io.taskflow4j.transport.Message;
import io.taskflow4j.transport.MessageHandler;
import io.taskflow4j.transport.Subscription;
import io.taskflow4j.transport.Transport;
import io.taskflow4j.transport.TransportException;
import io.taskflow4j.transport.memory.InMemoryBroker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What a worker answers, message by message, as a raw engine sees it. */
class WorkerTest {

  private static final String TOPIC = "workers";
  private static final TaskVersion V1 = TaskVersion.of(1, 0);

  private final InMemoryBroker broker = InMemoryBroker.builder().name("worker-test").build();
  private final Probe probe = new Probe(broker);
  private final CountDownLatch release = new CountDownLatch(1);
  private final List<Worker> workers = new ArrayList<>();

  @AfterEach
  void tearDown() {
    release.countDown();
    workers.forEach(Worker::close);
    broker.close();
  }

  private Worker.Builder builder() {
    return Worker.builder(broker.transport()).exchange(Probe.EXCHANGE).topic(TOPIC);
  }

  private Worker started(Worker.Builder builder) {
    Worker worker = builder.build();
    workers.add(worker);
    worker.start();
    return worker;
  }

  private Worker resizeWorker() {
    return started(builder().serve("pkg.Resize", TestTasks.Resize::new));
  }

  private static TaskRequest resize(long height, long width) {
    return TaskRequest.execute("pkg.Resize", "resize-1", V1, Map.of("height", height, "width", width));
  }

  /** A task that waits for the test to release it. */
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
  void answersNotifyWithItsTopicAndServedNames() {
    started(builder().serve("pkg.Resize", TestTasks.Resize::new).serve(TestTasks.NoArg.class));

    probe.notify(TOPIC);

    await().until(() -> !probe.notifyAnswers().isEmpty());
    assertThat(probe.notifyAnswers().get(0))
        .isEqualTo(new NotifyResponse(TOPIC, List.of("pkg.Resize", TestTasks.NoArg.class.getName())));
  }

  @Test
  void answersHeartbeatThenRunningThenEveryEventThenSuccess() {
    resizeWorker();

    String id = probe.send(TOPIC, resize(3, 4));

    List<TaskResponse> responses = probe.awaitEnd(id);
    assertThat(responses).extracting(TaskResponse::state)
        .containsExactly(ResponseState.EVENT, ResponseState.RUNNING, ResponseState.EVENT, ResponseState.SUCCESS);
    ResponseData.Event heartbeat = (ResponseData.Event) responses.get(0).data();
    assertThat(heartbeat.eventType()).isEqualTo(Worker.HEARTBEAT_EVENT);
    assertThat(heartbeat.details()).containsEntry("interval", 5.0).containsEntry("topic", TOPIC);
    assertThat(responses.get(1).data()).isEqualTo(ResponseData.Empty.INSTANCE);
    assertThat(responses.get(2).data())
        .isEqualTo(new ResponseData.Event("update_progress", Map.of("progress", 0.5)));
    assertThat(responses.get(3)).isEqualTo(TaskResponse.success(12));
  }

  @Test
  void sendsAHeartbeatBeforeRunningOnlyForTheFirstRequestOfEachExecutor() {
    resizeWorker();
    probe.awaitEnd(probe.send(TOPIC, resize(3, 4)));

    String id = probe.send(TOPIC, resize(2, 5));

    assertThat(probe.awaitEnd(id)).extracting(TaskResponse::state)
        .containsExactly(ResponseState.RUNNING, ResponseState.EVENT, ResponseState.SUCCESS);
  }

  @Test
  void withoutHeartbeatsAnswersExactlyAsTheReference() {
    started(builder().serve("pkg.Resize", TestTasks.Resize::new).heartbeatInterval(Duration.ZERO));

    String id = probe.send(TOPIC, resize(2, 5));

    assertThat(probe.awaitEnd(id)).extracting(TaskResponse::state)
        .containsExactly(ResponseState.RUNNING, ResponseState.EVENT, ResponseState.SUCCESS);
  }

  @Test
  void sendsHeartbeatsEveryIntervalWhileTheTaskRuns() {
    started(builder().serve("pkg.Slow", this::blocking).heartbeatInterval(Duration.ofMillis(20)));

    String id = probe.send(TOPIC, TaskRequest.execute("pkg.Slow", "slow", V1, Map.of()));

    await().until(() -> heartbeats(id) >= 4);
    release.countDown();
    assertThat(probe.end(id)).isEqualTo(TaskResponse.success("released"));
  }

  @Test
  void aShortTaskWhoseExecutorAsksForRunningLateIsAnsweredWithItsOutcomeOnly() {
    started(builder().serve("pkg.Resize", TestTasks.Resize::new).heartbeatInterval(Duration.ZERO));

    String id = probe.sendAskingRunningAfter(TOPIC, resize(2, 5), "60000");

    assertThat(probe.awaitEnd(id)).extracting(TaskResponse::state)
        .containsExactly(ResponseState.EVENT, ResponseState.SUCCESS);
  }

  @Test
  void aTaskStillRunningAfterTheAskedDelaySaysRunningThenGetsHeartbeats() {
    started(builder().serve("pkg.Slow", this::blocking).heartbeatInterval(Duration.ofMillis(20)));

    String id = probe.sendAskingRunningAfter(TOPIC, TaskRequest.execute("pkg.Slow", "slow", V1, Map.of()), "30");

    await().until(() -> heartbeats(id) >= 3);
    release.countDown();
    List<TaskResponse> responses = probe.awaitEnd(id);
    // The first heartbeat announces the interval to a new executor; the others follow RUNNING.
    assertThat(responses.subList(0, 2)).extracting(TaskResponse::state)
        .containsExactly(ResponseState.EVENT, ResponseState.RUNNING);
    assertThat(responses.get(responses.size() - 1)).isEqualTo(TaskResponse.success("released"));
  }

  @Test
  void aRunningDelayThatIsNotAWholeNumberOfMillisecondsUpToAMinuteIsIgnored() {
    started(builder().serve("pkg.Resize", TestTasks.Resize::new).heartbeatInterval(Duration.ZERO));

    for (Object bad : List.of("abc", "-5", "0", "60001", "1e3", "", 12.5)) {
      String id = probe.sendAskingRunningAfter(TOPIC, resize(2, 5), bad);
      assertThat(probe.awaitEnd(id)).as("delay %s", bad).extracting(TaskResponse::state)
          .containsExactly(ResponseState.RUNNING, ResponseState.EVENT, ResponseState.SUCCESS);
    }
  }

  private long heartbeats(String id) {
    return probe.responses(id).stream()
        .filter(r -> r.data() instanceof ResponseData.Event e && e.eventType().equals(Worker.HEARTBEAT_EVENT))
        .count();
  }

  @Test
  void revertGetsItsArgumentsTheExecuteOutcomeAndTheFlowFailures() {
    TestTasks.Resize.REVERTS.clear();
    resizeWorker();
    Failure boom = Failure.of(new IllegalStateException("boom"));

    String id = probe.send(TOPIC, TaskRequest.revert(
        "pkg.Resize", "resize-1", V1, new TreeMap<>(Map.of("height", 3, "width", 4)), Outcome.success(12),
        Map.of("other", boom)));

    assertThat(probe.end(id)).isEqualTo(TaskResponse.success(null));
    assertThat(TestTasks.Resize.REVERTS)
        .containsExactly("resize-1 {height=3, width=4} Succeeded[value=12] [other]");
  }

  @Test
  void taskFailureIsAnsweredWithTheFailure() {
    started(builder().serve("pkg.Fail", name -> Task.builder(name)
        .execute(ctx -> {
          throw new IllegalArgumentException("bad size");
        })
        .build()));

    String id = probe.send(TOPIC, TaskRequest.execute("pkg.Fail", "fail", V1, Map.of()));

    TaskResponse end = probe.end(id);
    assertThat(end.state()).isEqualTo(ResponseState.FAILURE);
    Failure failure = failureOf(end);
    assertThat(failure.typeNames()).startsWith(IllegalArgumentException.class.getName()).endsWith("Exception");
    assertThat(failure.message()).isEqualTo("bad size");
  }

  @Test
  void requestForATaskItDoesNotServeIsAnsweredWithFailureAndTheWorkerGoesOn() {
    resizeWorker();

    String unknown = probe.send(TOPIC, TaskRequest.execute("pkg.Unknown", "u", V1, Map.of()));
    String next = probe.send(TOPIC, resize(1, 2));

    assertThat(probe.awaitEnd(unknown)).hasSize(1);
    Failure failure = failureOf(probe.end(unknown));
    assertThat(failure.matches(UnknownTaskException.class)).isTrue();
    assertThat(failure.message()).contains("'pkg.Unknown'", "pkg.Resize", TOPIC);
    assertThat(probe.end(next)).isEqualTo(TaskResponse.success(2));
  }

  @Test
  void taskThatCannotBeCreatedIsAnsweredWithFailureNamingIt() {
    started(builder().serve(TestTasks.Unbuildable.class));

    String id = probe.send(TOPIC,
        TaskRequest.execute(TestTasks.Unbuildable.class.getName(), "needy", V1, Map.of()));

    List<TaskResponse> responses = probe.awaitEnd(id);
    assertThat(responses).hasSize(1);
    Failure failure = failureOf(responses.get(0));
    assertThat(failure.matches(WorkerException.class)).isTrue();
    assertThat(failure.message()).contains("'needy'", "no resources for needy");
    assertThat(failure.causes()).extracting(Failure::typeName)
        .containsExactly(IllegalStateException.class.getName());
  }

  @Test
  void classWithoutANameConstructorIsCreatedWithItsConstructorWithoutArguments() {
    started(builder().serve(TestTasks.NoArg.class));

    String id = probe.send(TOPIC, TaskRequest.execute(TestTasks.NoArg.class.getName(), "x", V1, Map.of()));

    assertThat(probe.end(id)).isEqualTo(TaskResponse.success("no-arg"));
  }

  @Test
  void resultThatIsNotJsonIsAnsweredWithFailure() {
    started(builder().serve("pkg.Odd", name -> Task.builder(name).execute(ctx -> new Object()).build()));

    String id = probe.send(TOPIC, TaskRequest.execute("pkg.Odd", "odd", V1, Map.of()));

    Failure failure = failureOf(probe.end(id));
    assertThat(failure.matches(WorkerException.class)).isTrue();
    assertThat(failure.message()).contains("'odd'", "JSON");
  }

  @Test
  void answersNotifyEvenWhenEveryThreadIsBusy() {
    started(builder().serve("pkg.Slow", this::blocking).threads(1));
    String id = probe.send(TOPIC, TaskRequest.execute("pkg.Slow", "slow", V1, Map.of()));
    await().until(() -> probe.responses(id).stream().anyMatch(r -> r.state() == ResponseState.RUNNING));

    probe.notify(TOPIC);

    await().until(() -> !probe.notifyAnswers().isEmpty());
  }

  /**
   * A transport whose asynchronous publishes go out at once but are confirmed only when the test
   * says so, as a broker's publisher confirms come later.
   */
  private static final class HeldConfirms implements Transport {
    private final Transport delegate;
    private final List<CompletableFuture<Void>> held = new CopyOnWriteArrayList<>();

    HeldConfirms(Transport delegate) {
      this.delegate = delegate;
    }

    void confirmAll() {
      held.forEach(confirm -> confirm.complete(null));
    }

    void refuseAll() {
      held.forEach(confirm -> confirm.completeExceptionally(
          new TransportException("the broker refused the message (basic.nack)")));
    }

    @Override
    public void publish(String exchange, String routingKey, Message message) {
      delegate.publish(exchange, routingKey, message);
    }

    @Override
    public CompletableFuture<Void> publishAsync(
        String exchange, String routingKey, Message message) {
      delegate.publish(exchange, routingKey, message);
      CompletableFuture<Void> confirm = new CompletableFuture<>();
      held.add(confirm);
      return confirm;
    }

    @Override
    public Subscription consume(
        String exchange, String topic, MessageHandler handler) {
      return delegate.consume(exchange, topic, handler);
    }

    @Override
    public String describe() {
      return "held-confirms";
    }

    @Override
    public void close() {
      delegate.close();
    }
  }

  @Test
  void aRequestIsAcknowledgedOnlyOnceTheBrokerConfirmsItsOutcome() {
    HeldConfirms confirms = new HeldConfirms(broker.transport());
    RecordingTransport recording = new RecordingTransport(confirms);
    Worker worker = started(Worker.builder(recording).exchange(Probe.EXCHANGE).topic(TOPIC)
        .serve("pkg.Resize", TestTasks.Resize::new));

    String id = probe.send(TOPIC, resize(3, 4));
    assertThat(probe.end(id)).isEqualTo(TaskResponse.success(12));
    assertThat(recording.settlementOf(id)).as("its outcome is not confirmed yet").isEmpty();
    assertThat(worker.stop(Duration.ofMillis(100))).as("a stop waits for the confirm").isFalse();

    confirms.confirmAll();

    await().until(() -> recording.settlementOf(id).isPresent());
    assertThat(recording.settlementOf(id)).contains(RecordingTransport.How.ACK);
  }

  @Test
  void aRequestWhoseOutcomeTheBrokerRefusesGoesBackToTheQueue() {
    HeldConfirms confirms = new HeldConfirms(broker.transport());
    RecordingTransport recording = new RecordingTransport(confirms);
    started(Worker.builder(recording).exchange(Probe.EXCHANGE).topic(TOPIC)
        .serve("pkg.Resize", TestTasks.Resize::new));
    String id = probe.send(TOPIC, resize(3, 4));
    assertThat(probe.end(id)).isEqualTo(TaskResponse.success(12));

    confirms.refuseAll();

    await().until(() -> recording.settlementOf(id).isPresent());
    assertThat(recording.settlementOf(id)).contains(RecordingTransport.How.REQUEUE);
  }

  @Test
  void stopLetsARunningTaskFinishWithinTheGrace() {
    Worker worker = started(builder().serve("pkg.Slow", this::blocking));
    String id = probe.send(TOPIC, TaskRequest.execute("pkg.Slow", "slow", V1, Map.of()));
    await().until(() -> probe.responses(id).stream().anyMatch(r -> r.state() == ResponseState.RUNNING));

    CompletableFuture<Boolean> stopped = CompletableFuture.supplyAsync(() -> worker.stop(Duration.ofSeconds(30)));
    await().until(() -> !worker.isRunning());
    assertThat(stopped).isNotDone();
    release.countDown();

    assertThat(stopped.join()).isTrue();
    assertThat(probe.end(id)).isEqualTo(TaskResponse.success("released"));
  }

  @Test
  void requestsNotStartedWhenTheGraceEndsGoBackToTheQueueForAnotherWorker() {
    Worker worker = started(builder().serve("pkg.Slow", this::blocking).threads(1));
    String running = probe.send(TOPIC, TaskRequest.execute("pkg.Slow", "first", V1, Map.of()));
    String queued = probe.send(TOPIC, TaskRequest.execute("pkg.Slow", "second", V1, Map.of()));
    await().until(() -> probe.responses(running).stream().anyMatch(r -> r.state() == ResponseState.RUNNING));

    assertThat(worker.stop(Duration.ofMillis(50))).isFalse();
    // The running task was interrupted on the worker's own thread; its failure still goes out.
    assertThat(probe.end(running).state()).isEqualTo(ResponseState.FAILURE);
    assertThat(probe.responses(queued)).isEmpty();

    release.countDown();
    started(builder().serve("pkg.Slow", this::blocking));

    // A fresh message, not a redelivery: the next worker runs it though the task is not idempotent.
    assertThat(probe.end(queued)).isEqualTo(TaskResponse.success("released"));
  }

  @Test
  void aRequestHeldByAWorkerThatStopsConsumingIsRedeliveredAndRunWhenItsTaskIsIdempotent() {
    Task idempotent = Task.builder("again").idempotent().execute(ctx -> "ran").build();
    String id = redeliveredRequestFor("pkg.Again", name -> idempotent);

    assertThat(probe.end(id)).isEqualTo(TaskResponse.success("ran"));
  }

  @Test
  void aRedeliveredRequestOfATaskThatIsNotIdempotentIsAnsweredWithFailureAndNotRun() {
    List<String> runs = new CopyOnWriteArrayList<>();
    Task once = Task.builder("once").execute(ctx -> runs.add("ran")).build();
    String id = redeliveredRequestFor("pkg.Once", name -> once);

    Failure failure = failureOf(probe.end(id));
    assertThat(failure.matches(RedeliveredRequestException.class)).isTrue();
    assertThat(failure.message()).contains("task 't'").contains("not declare itself idempotent");
    assertThat(runs).isEmpty();
  }

  /**
   * Sends a request that a raw consumer takes and drops unsettled, as a worker that dies does, then
   * starts a worker serving it: the broker gives it the request flagged as redelivered.
   */
  private String redeliveredRequestFor(String served, io.taskflow4j.task.TaskFactory factory) {
    CountDownLatch taken = new CountDownLatch(1);
    Subscription dying =
        broker.transport().consume(Probe.EXCHANGE, TOPIC, delivery -> taken.countDown());
    String id = probe.send(TOPIC, TaskRequest.execute(served, "t", V1, Map.of()));
    await().until(() -> taken.getCount() == 0);
    started(builder().serve(served, factory));
    dying.close();
    return id;
  }

  @Test
  void neverShutsDownTheCallersExecutor() {
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      Worker worker = started(builder().serve("pkg.Resize", TestTasks.Resize::new).executor(pool));
      String id = probe.send(TOPIC, resize(2, 2));
      assertThat(probe.end(id)).isEqualTo(TaskResponse.success(4));

      worker.stop(Duration.ofSeconds(1));

      assertThat(pool.isShutdown()).isFalse();
    } finally {
      pool.shutdown();
    }
  }

  @Test
  void startsOnceOnly() {
    Worker worker = resizeWorker();

    assertThatThrownBy(worker::start).isInstanceOf(IllegalStateException.class).hasMessageContaining(TOPIC);
  }

  @Test
  void builderNamesEverySettingThatIsWrong() throws InterruptedException {
    ExecutorService pool = Executors.newSingleThreadExecutor();
    try {
      assertThatThrownBy(() -> Worker.builder(broker.transport())
              .exchange(" ")
              .threads(0)
              .executor(pool)
              .heartbeatInterval(Duration.ofSeconds(-1))
              .build())
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("exchange must not be blank")
          .hasMessageContaining("topic must be set")
          .hasMessageContaining("threads must be at least 1")
          .hasMessageContaining("threads and executor exclude each other")
          .hasMessageContaining("heartbeatInterval")
          .hasMessageContaining("serve at least one task");
    } finally {
      pool.shutdown();
      assertThat(pool.awaitTermination(1, TimeUnit.SECONDS)).isTrue();
    }
  }

  @Test
  void builderRefusesTasksItCannotServe() {
    assertThatThrownBy(() -> builder()
            .serve(TestTasks.Abstract.class)
            .serve(TestTasks.NeedsConfig.class)
            .serve("pkg.Twice", TestTasks.Resize::new)
            .serve("pkg.Twice", TestTasks.Resize::new)
            .build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("serve(" + TestTasks.Abstract.class.getName() + "): " + TestTasks.Abstract.class.getName() + " is abstract")
        .hasMessageContaining("serve(" + TestTasks.NeedsConfig.class.getName() + "): " + TestTasks.NeedsConfig.class.getName() + " needs a public constructor")
        .hasMessageContaining("'pkg.Twice' is served twice");
  }

  static Failure failureOf(TaskResponse response) {
    assertThat(response.state()).isEqualTo(ResponseState.FAILURE);
    return ((Outcome.Failed) ((ResponseData.Completion) response.data()).outcome()).failure();
  }
}
