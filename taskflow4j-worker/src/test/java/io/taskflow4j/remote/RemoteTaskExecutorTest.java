package io.taskflow4j.remote;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.taskflow4j.testing.MutableClock;
import com.fasterxml.jackson.databind.JsonNode;
import io.taskflow4j.failure.Failure;
import io.taskflow4j.protocol.Action;
import io.taskflow4j.protocol.ProtocolMessage;
import io.taskflow4j.protocol.RequestTimeoutException;
import io.taskflow4j.protocol.TaskResponse;
import io.taskflow4j.protocol.TaskVersion;
import io.taskflow4j.spi.TaskEventSink;
import io.taskflow4j.spi.TaskInvocation;
import io.taskflow4j.task.Arguments;
import io.taskflow4j.task.Outcome;
import io.taskflow4j.task.Task;
import io.taskflow4j.task.TaskSpec;
import io.taskflow4j.transport.Message;
import io.taskflow4j.transport.MessageProperties;
import io.taskflow4j.transport.memory.InMemoryBroker;
import io.taskflow4j.worker.RecordingTransport;
import io.taskflow4j.worker.ReferenceVectors;
import io.taskflow4j.worker.RecordingTransport.How;
import java.util.Optional;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** What the remote executor sends and how it treats what workers answer, against a fake worker. */
@Timeout(60)
class RemoteTaskExecutorTest {

  private static final String EXCHANGE = "flows";

  private final InMemoryBroker broker = InMemoryBroker.builder().name("executor-test").build();
  private final RecordingTransport transport = new RecordingTransport(broker.transport());
  private final MutableClock clock = new MutableClock();
  private final CountingScheduler scheduler = new CountingScheduler();
  private final List<String> events = new CopyOnWriteArrayList<>();
  private final TaskEventSink sink = (type, details) -> events.add(type + " " + details);
  private RemoteTaskExecutor executor;

  @AfterEach
  void tearDown() {
    if (executor != null) {
      executor.close();
      assertThat(scheduler.isShutdown()).as("the caller's scheduler is left running").isFalse();
    }
    scheduler.shutdownNow();
    broker.close();
  }

  private RemoteTaskExecutor.Builder builder(String... topics) {
    return RemoteTaskExecutor.builder(transport).exchange(EXCHANGE).topics(topics)
        .tickPeriod(Duration.ofMillis(10)).clock(clock).scheduler(scheduler);
  }

  private void awaitTicks(int count) {
    long target = scheduler.runs() + count;
    await().until(() -> scheduler.runs() >= target);
  }

  private RemoteTaskExecutor started(RemoteTaskExecutor.Builder builder) {
    executor = builder.build();
    executor.start();
    return executor;
  }

  private static Task task(String remoteName, String name, String version) {
    return Task.remote(remoteName, TaskSpec.builder(name).version(version).build());
  }

  private CompletableFuture<Outcome> execute(Task task, Map<String, ?> arguments) {
    return executor.submit(TaskInvocation.execute(task, Arguments.of(arguments), sink));
  }

  @Test
  void sendsExecuteAndRevertRequestsAsAReferenceEngineDoes() throws Exception {
    FakeWorker worker = new FakeWorker(broker, EXCHANGE, "w", "pkg.Resize").succeedingAtOnce();
    started(builder("w")).waitForWorkers(1, Duration.ofSeconds(10));
    Task resize = task("pkg.Resize", "resize-1", "1.0");
    Failure boom = Failure.of(new IllegalStateException("boom"));

    assertThat(execute(resize, Map.of("height", 4)).join()).isEqualTo(Outcome.success("ok"));
    assertThat(executor.submit(TaskInvocation.revert(resize, Arguments.of(Map.of("height", 4)),
        Outcome.failure(boom), Map.of("resize-1", boom), sink)).join()).isEqualTo(Outcome.success("ok"));

    FakeWorker.Received execute = worker.requests().get(0);
    assertThat(execute.request().taskClass()).isEqualTo("pkg.Resize");
    assertThat(execute.request().taskName()).isEqualTo("resize-1");
    assertThat(execute.request().taskVersion()).isEqualTo(TaskVersion.of(1, 0));
    assertThat(execute.request().action()).isEqualTo(Action.EXECUTE);
    assertThat(execute.request().arguments()).isEqualTo(Map.of("height", 4));
    assertThat(execute.request().result()).isEmpty();
    assertThat(execute.replyTo()).isEqualTo(executor.topic());
    assertThat(UUID.fromString(execute.correlationId())).isNotNull();
    FakeWorker.Received revert = worker.requests().get(1);
    assertThat(revert.request().action()).isEqualTo(Action.REVERT);
    assertThat(revert.request().result()).hasValueSatisfying(
        outcome -> assertThat(((Outcome.Failed) outcome).failure().message()).isEqualTo("boom"));
    assertThat(revert.request().failures()).hasValueSatisfying(
        failures -> assertThat(failures).containsOnlyKeys("resize-1"));
    assertThat(revert.correlationId()).isNotEqualTo(execute.correlationId());
  }

  @Test
  void sendsAVersionThatIsNotMadeOfNumbersAsText() throws Exception {
    FakeWorker worker = new FakeWorker(broker, EXCHANGE, "w", "pkg.T").succeedingAtOnce();
    started(builder("w")).waitForWorkers(1, Duration.ofSeconds(10));

    execute(task("pkg.T", "t", "2.1-beta"), Map.of()).join();
    execute(task("pkg.T", "t", "3"), Map.of()).join();

    assertThat(worker.requests()).extracting(r -> r.request().taskVersion())
        .containsExactly(TaskVersion.of("2.1-beta"), TaskVersion.parts(List.of(3)));
  }

  @Test
  void aRequestWaitsForAWorkerAndGoesOutAsSoonAsOneAnswers() {
    started(builder("late"));
    CompletableFuture<Outcome> outcome = execute(task("pkg.T", "t", "1.0"), Map.of());
    assertThat(outcome).isNotDone();

    // The NOTIFY sent at start waits in the worker's queue; the worker answers it when it starts.
    FakeWorker worker = new FakeWorker(broker, EXCHANGE, "late", "pkg.T").succeedingAtOnce();

    assertThat(outcome.join()).isEqualTo(Outcome.success("ok"));
    assertThat(worker.requests()).hasSize(1);
  }

  @Test
  void aWorkerWhoseAnswerChangesIsReplaced() throws Exception {
    FakeWorker worker = new FakeWorker(broker, EXCHANGE, "w", "pkg.A");
    started(builder("w").notifyPeriod(Duration.ofSeconds(5))).waitForWorkers(1, Duration.ofSeconds(10));

    worker.serve("pkg.A", "pkg.B");
    clock.advance(Duration.ofSeconds(5));

    await().until(() -> executor.workers().get(0).tasks().size() == 2);
    assertThat(executor.workers()).singleElement().satisfies(known -> {
      assertThat(known.topic()).isEqualTo("w");
      assertThat(known.tasks()).containsExactly("pkg.A", "pkg.B");
      assertThat(known.lastSeen()).isEqualTo(clock.instant());
    });
  }

  @Test
  void eventsReachTheInvocationsSinkButHeartbeatsDoNot() throws Exception {
    FakeWorker worker = new FakeWorker(broker, EXCHANGE, "w", "pkg.T");
    started(builder("w")).waitForWorkers(1, Duration.ofSeconds(10));
    CompletableFuture<Outcome> outcome = execute(task("pkg.T", "t", "1.0"), Map.of());
    await().until(() -> worker.requests().size() == 1);
    FakeWorker.Received request = worker.requests().get(0);

    worker.respond(request, TaskResponse.event("taskflow4j.heartbeat", Map.of("interval", 1.0, "topic", "w")));
    worker.respond(request, TaskResponse.running());
    worker.respond(request, TaskResponse.progress(0.5));
    worker.respond(request, TaskResponse.event("custom", Map.of("k", "v")));
    worker.respond(request, TaskResponse.success(7));

    assertThat(outcome.join()).isEqualTo(Outcome.success(7));
    assertThat(events).containsExactly("update_progress {progress=0.5}", "custom {k=v}");
  }

  @Test
  void responsesForUnknownRequestsOrAfterTheOutcomeAreIgnored() throws Exception {
    FakeWorker worker = new FakeWorker(broker, EXCHANGE, "w", "pkg.T");
    started(builder("w")).waitForWorkers(1, Duration.ofSeconds(10));
    CompletableFuture<Outcome> outcome = execute(task("pkg.T", "t", "1.0"), Map.of());
    await().until(() -> worker.requests().size() == 1);
    FakeWorker.Received request = worker.requests().get(0);
    String stranger = UUID.randomUUID().toString();

    worker.send(executor.topic(), ProtocolCodecs.response(TaskResponse.success(1), Optional.of(stranger)));
    worker.respond(request, TaskResponse.running());
    worker.respond(request, TaskResponse.success(2));
    worker.respond(request, TaskResponse.running());
    worker.respond(request, TaskResponse.success(3));

    assertThat(outcome.join()).isEqualTo(Outcome.success(2));
    assertThat(transport.settlementOf(stranger)).contains(How.ACK);
  }

  @Test
  void requestsAskForRunningLateAndAnOutcomeBeforeRunningCountsAsTheStart() throws Exception {
    FakeWorker worker = new FakeWorker(broker, EXCHANGE, "w", "pkg.T");
    List<String> started = new CopyOnWriteArrayList<>();
    started(builder("w").listener(new RemoteExecutorListener() {
      @Override
      public void onStarted(String taskName, String taskClass, String workerTopic, Duration queueWait) {
        started.add(taskName + "@" + workerTopic);
      }
    })).waitForWorkers(1, Duration.ofSeconds(10));
    CompletableFuture<Outcome> outcome = execute(task("pkg.T", "t", "1.0"), Map.of());
    await().until(() -> worker.requests().size() == 1);
    FakeWorker.Received request = worker.requests().get(0);

    assertThat(request.properties().headers())
        .containsEntry("taskflow4j-running-after-ms", "50");
    worker.respond(request, TaskResponse.success(2));

    assertThat(outcome.join()).isEqualTo(Outcome.success(2));
    assertThat(started).containsExactly("t@w");
  }

  @Test
  void aZeroRunningNoticeDelayAsksForRunningAtOnceAsTheReferenceDoes() throws Exception {
    FakeWorker worker = new FakeWorker(broker, EXCHANGE, "w", "pkg.T");
    started(builder("w").runningNoticeDelay(Duration.ZERO)).waitForWorkers(1, Duration.ofSeconds(10));
    execute(task("pkg.T", "t", "1.0"), Map.of());
    await().until(() -> worker.requests().size() == 1);

    assertThat(worker.requests().get(0).properties().headers())
        .doesNotContainKey("taskflow4j-running-after-ms");
  }

  @Test
  void aRunningNoticeDelayNotWellBelowTheRequestTimeoutIsRefusedNamingBoth() {
    assertThatThrownBy(() -> RemoteTaskExecutor.builder(transport).topics("w")
            .requestTimeout(Duration.ofSeconds(1)).runningNoticeDelay(Duration.ofMillis(500)).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("runningNoticeDelay (PT0.5S) must be less than half the requestTimeout (PT1S)");
    assertThatThrownBy(() -> RemoteTaskExecutor.builder(transport).topics("w")
            .runningNoticeDelay(Duration.ofMillis(-1)).build())
        .hasMessageContaining("runningNoticeDelay must not be negative");
  }

  @Test
  void aFailureResponseThatCannotBeReadEndsTheRequestWithAFailure() throws Exception {
    FakeWorker worker = new FakeWorker(broker, EXCHANGE, "w", "pkg.T");
    started(builder("w")).waitForWorkers(1, Duration.ofSeconds(10));
    CompletableFuture<Outcome> outcome = execute(task("pkg.T", "t", "1.0"), Map.of());
    await().until(() -> worker.requests().size() == 1);
    FakeWorker.Received request = worker.requests().get(0);
    worker.respond(request, TaskResponse.running());
    String failureWithoutVersion = "{\"state\": \"FAILURE\", \"data\": {\"result\": {\"exception_str\": \"x\","
        + " \"traceback_str\": \"\", \"exc_type_names\": [\"Exception\"]}}}";

    worker.send(executor.topic(), new Message(
        MessageProperties.of(ProtocolMessage.RESPONSE, Optional.empty(), Optional.of(request.correlationId())),
        failureWithoutVersion.getBytes(StandardCharsets.UTF_8)));

    Outcome.Failed failed = (Outcome.Failed) outcome.join();
    assertThat(failed.failure().message()).contains("task 't'", "could not be read", "version");
  }

  static Stream<JsonNode> invalidResponseVectors() {
    List<JsonNode> cases = new ArrayList<>();
    for (JsonNode each : ReferenceVectors.read("validation-cases.json")) {
      String kind = each.get("kind").asText();
      if ((kind.equals("response") || kind.equals("notify-response")) && !each.get("valid").asBoolean()) {
        cases.add(each);
      }
    }
    return cases.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("invalidResponseVectors")
  void rejectsEveryInvalidReferenceVectorAndGoesOn(JsonNode vector) throws Exception {
    FakeWorker worker = new FakeWorker(broker, EXCHANGE, "w", "pkg.T").succeedingAtOnce();
    started(builder("w")).waitForWorkers(1, Duration.ofSeconds(10));
    String id = UUID.randomUUID().toString();
    String type = vector.get("kind").asText().equals("response") ? ProtocolMessage.RESPONSE : ProtocolMessage.NOTIFY;

    worker.send(executor.topic(), new Message(MessageProperties.of(type, Optional.empty(), Optional.of(id)), ReferenceVectors.bytes(vector.get("body"))));

    await().until(() -> transport.settlementOf(id).isPresent());
    assertThat(transport.settlementOf(id)).contains(How.REJECT);
    assertThat(execute(task("pkg.T", "t", "1.0"), Map.of()).join()).isEqualTo(Outcome.success("ok"));
    assertThat(executor.workers()).extracting(KnownWorker::topic).containsExactly("w");
  }

  @Test
  void aResponseOverTheExecutorsLimitsFailsTheTaskAtOnceNamingTheLimit() throws Exception {
    FakeWorker worker = new FakeWorker(broker, EXCHANGE, "w", "pkg.T");
    started(builder("w").limits(io.taskflow4j.protocol.ProtocolLimits.DEFAULTS.withMaxStringLength(32)))
        .waitForWorkers(1, Duration.ofSeconds(10));
    CompletableFuture<Outcome> outcome = execute(task("pkg.T", "t", "1.0"), Map.of());
    await().until(() -> worker.requests().size() == 1);

    worker.respond(worker.requests().get(0), TaskResponse.success("x".repeat(100)));

    Outcome ended = outcome.get(10, java.util.concurrent.TimeUnit.SECONDS);
    assertThat(ended).isInstanceOf(Outcome.Failed.class);
    assertThat(((Outcome.Failed) ended).failure().message())
        .contains("task 't'").contains("exceeds a parsing limit");
  }

  @Test
  void outcomesCompleteOnTheCallersExecutorWhichIsNotShutDown() throws Exception {
    new FakeWorker(broker, EXCHANGE, "w", "pkg.T").succeedingAtOnce();
    java.util.concurrent.ExecutorService completions = java.util.concurrent.Executors.newSingleThreadExecutor();
    java.util.concurrent.atomic.AtomicInteger handedOver = new java.util.concurrent.atomic.AtomicInteger();
    java.util.concurrent.Executor counting = command -> {
      handedOver.incrementAndGet();
      completions.execute(command);
    };
    try {
      started(builder("w").executor(counting)).waitForWorkers(1, Duration.ofSeconds(10));

      assertThat(execute(task("pkg.T", "t", "1.0"), Map.of()).get(10, java.util.concurrent.TimeUnit.SECONDS))
          .isEqualTo(Outcome.success("ok"));

      assertThat(handedOver).hasValue(1);
      executor.close();
      assertThat(completions.isShutdown()).isFalse();
    } finally {
      completions.shutdownNow();
    }
  }

  @Test
  void rejectsAResponseWithoutCorrelationIdOrOfAnotherTypeAndGoesOn() throws Exception {
    new FakeWorker(broker, EXCHANGE, "w", "pkg.T").succeedingAtOnce();
    started(builder("w")).waitForWorkers(1, Duration.ofSeconds(10));
    Message noId = ProtocolCodecs.response(TaskResponse.success(1), Optional.empty());
    Message request = new Message(MessageProperties.of(ProtocolMessage.REQUEST, "w", "req-1"),
        ReferenceVectors.bytes(ReferenceVectors.read("wire-request-execute.json").get("body")));
    broker.transport().publish(EXCHANGE, executor.topic(), noId);
    broker.transport().publish(EXCHANGE, executor.topic(), request);

    await().until(() -> transport.settlementOf("req-1").isPresent());
    assertThat(transport.settlementOf(m -> m.properties().correlationId().isEmpty()
        && m.properties().type().orElseThrow().equals(ProtocolMessage.RESPONSE))).contains(How.REJECT);
    assertThat(transport.settlementOf("req-1")).contains(How.REJECT);
    assertThat(execute(task("pkg.T", "t", "1.0"), Map.of()).join()).isEqualTo(Outcome.success("ok"));
  }

  @Test
  void argumentsThatAreNotJsonFailTheTaskWithoutSendingIt() {
    started(builder("w"));

    Outcome outcome = execute(task("pkg.T", "t", "1.0"), Map.of("odd", new Object())).join();

    assertThat(((Outcome.Failed) outcome).failure().message()).contains("task 't' cannot be sent", "odd");
  }

  @Test
  void waitForWorkersSaysWhoAnsweredWhenTooFewDid() {
    new FakeWorker(broker, EXCHANGE, "here", "pkg.T");
    started(builder("here", "absent"));

    assertThatThrownBy(() -> executor.waitForWorkers(2, Duration.ofMillis(300)))
        .isInstanceOf(WorkersUnavailableException.class)
        .hasMessageContaining("for 2 workers")
        .hasMessageContaining("1 answered: [here]")
        .hasMessageContaining("[here, absent]");
  }

  @Test
  void closeFailsEveryOpenRequestSayingTheExecutorStopped() {
    started(builder("w"));
    CompletableFuture<Outcome> waiting = execute(task("pkg.T", "t", "1.0"), Map.of());

    executor.close();

    Failure failure = ((Outcome.Failed) waiting.join()).failure();
    assertThat(failure.matches(RequestTimeoutException.class)).isTrue();
    assertThat(failure.message()).contains("task 't'", "the executor stopped");
    Failure late = ((Outcome.Failed) execute(task("pkg.T", "u", "1.0"), Map.of()).join()).failure();
    assertThat(late.matches(RequestTimeoutException.class)).isTrue();
    assertThat(late.message()).contains("task 'u'", "closed");
  }

  @Test
  void aCallersSchedulerThatIsShutDownFailsStartAndLeavesTheExecutorClosed() {
    CountingScheduler stopped = new CountingScheduler();
    stopped.shutdown();
    executor = builder("w").scheduler(stopped).build();

    assertThatThrownBy(executor::start).isInstanceOf(java.util.concurrent.RejectedExecutionException.class);

    Outcome outcome = execute(task("pkg.T", "t", "1.0"), Map.of()).join();
    assertThat(((Outcome.Failed) outcome).failure().matches(RequestTimeoutException.class)).isTrue();
  }

  @Test
  void submitBeforeStartIsAnError() {
    executor = builder("w").build();

    assertThatThrownBy(() -> execute(task("pkg.T", "t", "1.0"), Map.of()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("start()");
  }

  @Test
  void aRequestStillPendingAfterTheRequestTimeoutFails() throws Exception {
    FakeWorker worker = new FakeWorker(broker, EXCHANGE, "w", "pkg.T");
    started(builder("w").requestTimeout(Duration.ofSeconds(10))).waitForWorkers(1, Duration.ofSeconds(10));
    CompletableFuture<Outcome> outcome = execute(task("pkg.T", "t", "1.0"), Map.of());
    await().until(() -> worker.requests().size() == 1);

    clock.advance(Duration.ofSeconds(10));
    awaitTicks(2);
    assertThat(outcome).isNotDone(); // only once more than the timeout has passed
    clock.advance(Duration.ofMillis(1));

    Failure failure = ((Outcome.Failed) outcome.join()).failure();
    assertThat(failure.matches(RequestTimeoutException.class)).isTrue();
  }

  /** Runs t1 to its end on the worker (announcing heartbeats), then starts t2 and leaves it running. */
  private CompletableFuture<Outcome> secondRequestRunningOnAHeartbeatingWorker(FakeWorker worker) {
    CompletableFuture<Outcome> first = execute(task("pkg.T", "t1", "1.0"), Map.of());
    await().until(() -> worker.requests().size() == 1);
    worker.respond(worker.requests().get(0), TaskResponse.event("taskflow4j.heartbeat", Map.of("interval", 1.0, "topic", "w")));
    worker.respond(worker.requests().get(0), TaskResponse.running());
    worker.respond(worker.requests().get(0), TaskResponse.success(1));
    assertThat(first.join()).isEqualTo(Outcome.success(1));

    // A taskflow4j worker sends no heartbeat before RUNNING to an executor it already told.
    CompletableFuture<Outcome> second = execute(task("pkg.T", "t2", "1.0"), Map.of());
    await().until(() -> worker.requests().size() == 2);
    worker.respond(worker.requests().get(1), TaskResponse.running());
    worker.respond(worker.requests().get(1), TaskResponse.progress(0.1));
    await().until(() -> events.size() == 1);
    return second;
  }

  /** Submits the revert of a task of class pkg.T that failed so. */
  private CompletableFuture<Outcome> revert(String taskName, Failure failure) {
    return executor.submit(TaskInvocation.revert(task("pkg.T", taskName, "1.0"),
        Arguments.of(Map.of()), Outcome.failure(failure), Map.of(), sink));
  }

  /** Runs a second task on a heartbeating worker that then falls silent; returns its failure. */
  private Failure taskLostWithItsOnlyWorker(FakeWorker worker) {
    CompletableFuture<Outcome> second = secondRequestRunningOnAHeartbeatingWorker(worker);
    worker.silence();
    int notifiesBefore = worker.notifies();
    clock.advance(Duration.ofSeconds(4));
    await().until(() -> worker.notifies() > notifiesBefore);
    awaitTicks(2);
    clock.advance(Duration.ofMillis(250));
    Failure lost = ((Outcome.Failed) second.join()).failure();
    return lost;
  }

  @Test
  void aRunningRequestWhoseWorkerFallsSilentFailsWhenNoWorkerOfItsTopicAnswersTheNotifySentThen() throws Exception {
    FakeWorker worker = new FakeWorker(broker, EXCHANGE, "w", "pkg.T");
    List<String> told = new CopyOnWriteArrayList<>();
    RemoteExecutorListener listener = new RemoteExecutorListener() {
      @Override
      public void onStarted(String taskName, String taskClass, String workerTopic, Duration queueWait) {
        told.add("started " + taskName + " " + taskClass + " " + workerTopic);
      }

      @Override
      public void onWorkerLost(String workerTopic, String how) {
        told.add("lost " + workerTopic + ": " + how);
      }
    };
    started(builder("w").workerExpiry(Duration.ZERO).notifyPeriod(Duration.ofHours(1)).listener(listener))
        .waitForWorkers(1, Duration.ofSeconds(10));
    CompletableFuture<Outcome> second = secondRequestRunningOnAHeartbeatingWorker(worker);
    worker.silence();
    int notifiesBefore = worker.notifies();

    clock.advance(Duration.ofSeconds(4));   // three heartbeats missed: a NOTIFY goes out at once
    await().until(() -> worker.notifies() > notifiesBefore);
    awaitTicks(2);
    assertThat(second).as("the topic has a moment to answer").isNotDone();
    clock.advance(Duration.ofMillis(250));

    Failure failure = ((Outcome.Failed) second.join()).failure();
    assertThat(failure.matches(WorkerLostException.class)).isTrue();
    assertThat(failure.message()).contains("worker 'w'", "task 't2'", "no worker of topic 'w' answered");
    assertThat(told).startsWith("started t1 pkg.T w", "started t2 pkg.T w");
    assertThat(told.get(2)).startsWith("lost w: nothing heard for");
  }

  @Test
  void missedHeartbeatsAreNoticedWithinAQuarterIntervalWhateverTheTickPeriod() throws Exception {
    FakeWorker worker = new FakeWorker(broker, EXCHANGE, "w", "pkg.T");
    started(builder("w").tickPeriod(Duration.ofHours(1)).workerExpiry(Duration.ZERO)
        .notifyPeriod(Duration.ofHours(1))).waitForWorkers(1, Duration.ofSeconds(10));
    CompletableFuture<Outcome> second = secondRequestRunningOnAHeartbeatingWorker(worker);
    worker.silence();
    int notifiesBefore = worker.notifies();

    clock.advance(Duration.ofSeconds(4)); // the worker announced a heartbeat every second

    await().atMost(Duration.ofSeconds(5)).until(() -> worker.notifies() > notifiesBefore);
    clock.advance(Duration.ofMillis(250));
    assertThat(((Outcome.Failed) second.join()).failure().matches(WorkerLostException.class)).isTrue();
  }

  @Test
  void afterAHeartbeatLossALiveWorkerOfTheTopicTakesTheRequestOver() throws Exception {
    FakeWorker worker = new FakeWorker(broker, EXCHANGE, "w", "pkg.T");
    started(builder("w").workerExpiry(Duration.ZERO).notifyPeriod(Duration.ofHours(1)))
        .waitForWorkers(1, Duration.ofSeconds(10));
    CompletableFuture<Outcome> second = secondRequestRunningOnAHeartbeatingWorker(worker);
    int notifiesBefore = worker.notifies();

    clock.advance(Duration.ofSeconds(4));   // three heartbeats missed; far less than the NOTIFY period
    await().until(() -> worker.notifies() > notifiesBefore);
    await().until(() -> executor.workers().stream().anyMatch(w -> w.topic().equals("w")));
    clock.advance(Duration.ofSeconds(1));
    awaitTicks(2);
    assertThat(second).as("left to the live worker of the topic").isNotDone();

    // The broker redelivered the request to the other worker, which runs it again.
    worker.respond(worker.requests().get(1), TaskResponse.running());
    worker.respond(worker.requests().get(1), TaskResponse.success(2));
    assertThat(second.join()).isEqualTo(Outcome.success(2));
  }

  @Test
  void aRequestLeftToAnotherWorkerOfItsTopicFailsWhenNoneTakesItOverWithinTheRequestTimeout() throws Exception {
    FakeWorker worker = new FakeWorker(broker, EXCHANGE, "w", "pkg.T");
    started(builder("w").workerExpiry(Duration.ZERO).notifyPeriod(Duration.ofHours(1))
        .requestTimeout(Duration.ofSeconds(30))).waitForWorkers(1, Duration.ofSeconds(10));
    CompletableFuture<Outcome> second = secondRequestRunningOnAHeartbeatingWorker(worker);
    int notifiesBefore = worker.notifies();
    clock.advance(Duration.ofSeconds(4));
    await().until(() -> worker.notifies() > notifiesBefore);
    await().until(() -> executor.workers().stream().anyMatch(w -> w.topic().equals("w")));

    clock.advance(Duration.ofSeconds(31));

    Failure failure = ((Outcome.Failed) second.join()).failure();
    assertThat(failure.matches(WorkerLostException.class)).isTrue();
    assertThat(failure.message()).contains("task 't2'", "no other worker of the topic took it over");
  }

  @Test
  void aTopicGetsNoMoreRequestsInFlightThanItsWindowAndTheRestFollowInOrder() throws Exception {
    FakeWorker worker = new FakeWorker(broker, EXCHANGE, "w", "pkg.T");
    started(builder("w").inFlight(2)).waitForWorkers(1, Duration.ofSeconds(10));
    List<CompletableFuture<Outcome>> outcomes = new ArrayList<>();
    for (int i = 1; i <= 4; i++) {
      outcomes.add(execute(task("pkg.T", "t" + i, "1.0"), Map.of()));
    }
    await().until(() -> worker.requests().size() == 2);
    awaitTicks(3);
    assertThat(worker.requests()).hasSize(2);

    worker.respond(worker.requests().get(0), TaskResponse.running());
    worker.respond(worker.requests().get(0), TaskResponse.success(1));
    assertThat(outcomes.get(0).join()).isEqualTo(Outcome.success(1));
    await().until(() -> worker.requests().size() == 3);
    worker.respond(worker.requests().get(1), TaskResponse.running());
    worker.respond(worker.requests().get(1), TaskResponse.failure(Failure.of(new IllegalStateException("no"))));
    await().until(() -> worker.requests().size() == 4);

    assertThat(worker.requests()).extracting(r -> r.request().taskName()).containsExactly("t1", "t2", "t3", "t4");
  }

  @Test
  void requestsNotYetSentCanBeWithdrawnAndThoseSentRunOn() throws Exception {
    FakeWorker worker = new FakeWorker(broker, EXCHANGE, "w", "pkg.T");
    started(builder("w").inFlight(1)).waitForWorkers(1, Duration.ofSeconds(10));
    TaskInvocation sent = TaskInvocation.execute(task("pkg.T", "sent", "1.0"), Arguments.of(Map.of()), sink);
    TaskInvocation held = TaskInvocation.execute(task("pkg.T", "held", "1.0"), Arguments.of(Map.of()), sink);
    CompletableFuture<Outcome> sentOutcome = executor.submit(sent);
    CompletableFuture<Outcome> heldOutcome = executor.submit(held);
    await().until(() -> worker.requests().size() == 1);

    executor.withdraw(List.of(sent, held));

    Failure failure = ((Outcome.Failed) heldOutcome.join()).failure();
    assertThat(failure.matches(io.taskflow4j.spi.TaskWithdrawnException.class)).isTrue();
    assertThat(failure.message()).contains("task 'held'", "withdrawn before it was sent");
    assertThat(sentOutcome).isNotDone();
    worker.respond(worker.requests().get(0), TaskResponse.running());
    worker.respond(worker.requests().get(0), TaskResponse.success("done"));
    assertThat(sentOutcome.join()).isEqualTo(Outcome.success("done"));
    awaitTicks(3);
    assertThat(worker.requests()).extracting(r -> r.request().taskName()).containsExactly("sent");
  }

  @Test
  void aRequestExpiresInTheBrokerWhenTheExecutorStopsWaitingForIt() throws Exception {
    FakeWorker worker = new FakeWorker(broker, EXCHANGE, "w", "pkg.T");
    started(builder("w").requestTimeout(Duration.ofSeconds(30))).waitForWorkers(1, Duration.ofSeconds(10));

    execute(task("pkg.T", "t", "1.0"), Map.of());

    await().until(() -> worker.requests().size() == 1);
    assertThat(worker.requests().get(0).properties().expiration()).hasValue(Duration.ofSeconds(30));
  }

  @Test
  void requestsWaitingForAWorkerThatNeverComesTimeOutTogether() {
    started(builder("nobody").requestTimeout(Duration.ofSeconds(10)));
    CompletableFuture<Outcome> first = execute(task("pkg.T", "first", "1.0"), Map.of());
    clock.advance(Duration.ofSeconds(8));
    awaitTicks(2);
    CompletableFuture<Outcome> second = execute(task("pkg.T", "second", "1.0"), Map.of());
    awaitTicks(2);
    assertThat(first).isNotDone();

    clock.advance(Duration.ofMillis(2001));

    assertThat(((Outcome.Failed) first.join()).failure().matches(RequestTimeoutException.class)).isTrue();
    Failure late = ((Outcome.Failed) second.join()).failure();
    assertThat(late.matches(RequestTimeoutException.class)).isTrue();
    assertThat(late.message()).contains("no worker has served its task for more than 10s");
  }

  @Test
  void aRevertCarriesItsOwnFailureAndAtMostTenOfTheFlowsFailures() throws Exception {
    FakeWorker worker = new FakeWorker(broker, EXCHANGE, "w", "pkg.T").succeedingAtOnce();
    started(builder("w")).waitForWorkers(1, Duration.ofSeconds(10));
    Map<String, Failure> failures = new java.util.LinkedHashMap<>();
    for (int i = 0; i < 50; i++) {
      failures.put("atom-" + i, Failure.of(new IllegalStateException("failure " + i)));
    }
    Task reverted = task("pkg.T", "atom-42", "1.0");

    executor.submit(TaskInvocation.revert(reverted, Arguments.of(Map.of()),
        Outcome.failure(failures.get("atom-42")), failures, sink)).join();

    Map<String, Failure> sent = worker.requests().get(0).request().failures().orElseThrow();
    assertThat(sent).hasSize(10).containsKey("atom-42");
    assertThat(failures).containsAllEntriesOf(sent);
  }

  @Test
  void aRunningTaskOfAWorkerThatStopsAnsweringFailsWhenTheNotifySentAtTheExpiryGoesUnanswered() throws Exception {
    FakeWorker worker = new FakeWorker(broker, EXCHANGE, "w", "pkg.T");
    started(builder("w").workerExpiry(Duration.ofSeconds(60)).notifyPeriod(Duration.ofSeconds(5)))
        .waitForWorkers(1, Duration.ofSeconds(10));
    CompletableFuture<Outcome> outcome = execute(task("pkg.T", "t", "1.0"), Map.of());
    await().until(() -> worker.requests().size() == 1);
    worker.respond(worker.requests().get(0), TaskResponse.running());
    worker.respond(worker.requests().get(0), TaskResponse.progress(0.1));
    await().until(() -> events.size() == 1);
    worker.silence();

    clock.advance(Duration.ofSeconds(61));
    awaitTicks(2);
    assertThat(outcome).as("the NOTIFY sent at the expiry has a moment to be answered").isNotDone();
    clock.advance(Duration.ofMillis(250));

    Failure failure = ((Outcome.Failed) outcome.get(10, java.util.concurrent.TimeUnit.SECONDS)).failure();
    assertThat(failure.matches(WorkerLostException.class)).isTrue();
    assertThat(failure.message()).contains("worker 'w' stopped answering", "task 't'");
    CompletableFuture<Outcome> reverted = revert("t", failure);
    awaitTicks(2);
    assertThat(reverted).as("the revert waits for a worker to come back").isNotDone();
    clock.advance(Duration.ofSeconds(60));
    Failure revert = ((Outcome.Failed) reverted.get(10, java.util.concurrent.TimeUnit.SECONDS)).failure();
    assertThat(revert.matches(WorkerLostException.class)).isTrue();
    assertThat(revert.message()).contains("task 't'", "no worker left", "'w' answered no NOTIFY",
        "none came back within 1m");
  }

  @Test
  void afterItsOnlyWorkerIsLostARevertWaitsARequestTimeoutForAWorkerServingItToAnswerAgain() throws Exception {
    FakeWorker worker = new FakeWorker(broker, EXCHANGE, "w", "pkg.T");
    started(builder("w").workerExpiry(Duration.ZERO).notifyPeriod(Duration.ofHours(1))
        .requestTimeout(Duration.ofSeconds(30))).waitForWorkers(1, Duration.ofSeconds(10));
    Failure lost = taskLostWithItsOnlyWorker(worker);

    CompletableFuture<Outcome> reverted = revert("t2", lost);
    clock.advance(Duration.ofSeconds(29));
    awaitTicks(2);
    assertThat(reverted).as("still waiting for a worker to come back").isNotDone();
    clock.advance(Duration.ofSeconds(1));
    Failure revert = ((Outcome.Failed) reverted.get(10, java.util.concurrent.TimeUnit.SECONDS)).failure();
    assertThat(revert.matches(WorkerLostException.class)).isTrue();
    assertThat(revert.message()).contains("task 't2'", "revert", "no worker left",
        "'w' fell silent mid-task", "none came back within 30s");
    assertThat(worker.requests()).as("nothing was sent").hasSize(2);

    worker.answerAgain();
    clock.advance(Duration.ofHours(1));
    await().until(() -> !executor.workers().isEmpty());
    CompletableFuture<Outcome> again = execute(task("pkg.T", "t3", "1.0"), Map.of());
    await().until(() -> worker.requests().size() == 3);
    worker.respond(worker.requests().get(2), TaskResponse.running());
    worker.respond(worker.requests().get(2), TaskResponse.success(3));
    assertThat(again.join()).isEqualTo(Outcome.success(3));
  }

  @Test
  void aRevertWaitingForALostWorkerGoesToItOnceItAnswersAgainAsARestartedWorkerDoes() throws Exception {
    FakeWorker worker = new FakeWorker(broker, EXCHANGE, "w", "pkg.T");
    started(builder("w").workerExpiry(Duration.ZERO).notifyPeriod(Duration.ofSeconds(5))
        .requestTimeout(Duration.ofSeconds(30))).waitForWorkers(1, Duration.ofSeconds(10));
    CompletableFuture<Outcome> reverted = revert("t2", taskLostWithItsOnlyWorker(worker));
    awaitTicks(2);

    worker.answerAgain();
    clock.advance(Duration.ofSeconds(5));
    await().until(() -> worker.requests().size() == 3);
    FakeWorker.Received revert = worker.requests().get(2);
    assertThat(revert.request().action()).isEqualTo(Action.REVERT);
    worker.respond(revert, TaskResponse.running());
    worker.respond(revert, TaskResponse.success(null));
    assertThat(reverted.get(10, java.util.concurrent.TimeUnit.SECONDS).isSuccess()).isTrue();
  }

  @Test
  void aRunningTaskOfAWorkerThatStillAnswersNotifyIsNotFailedAfterAClockJump() throws Exception {
    FakeWorker worker = new FakeWorker(broker, EXCHANGE, "w", "pkg.T");
    started(builder("w").workerExpiry(Duration.ofSeconds(60)).notifyPeriod(Duration.ofSeconds(5)))
        .waitForWorkers(1, Duration.ofSeconds(10));
    CompletableFuture<Outcome> outcome = execute(task("pkg.T", "t", "1.0"), Map.of());
    await().until(() -> worker.requests().size() == 1);
    worker.respond(worker.requests().get(0), TaskResponse.running());
    int notifies = worker.notifies();

    clock.advance(Duration.ofSeconds(61));
    await().until(() -> worker.notifies() > notifies);
    await().until(() -> executor.workers().stream().anyMatch(w -> w.topic().equals("w")));
    clock.advance(Duration.ofSeconds(5));
    awaitTicks(2);

    assertThat(outcome).isNotDone();
  }

  @Test
  void aRunningRequestOfAWorkerWithoutHeartbeatsWaitsForEverAsInTheReference() throws Exception {
    FakeWorker worker = new FakeWorker(broker, EXCHANGE, "w", "pkg.T");
    started(builder("w").workerExpiry(Duration.ZERO)).waitForWorkers(1, Duration.ofSeconds(10));
    CompletableFuture<Outcome> outcome = execute(task("pkg.T", "t", "1.0"), Map.of());
    await().until(() -> worker.requests().size() == 1);
    worker.respond(worker.requests().get(0), TaskResponse.running());
    worker.respond(worker.requests().get(0), TaskResponse.progress(0.1));
    await().until(() -> events.size() == 1);

    clock.advance(Duration.ofDays(1));
    awaitTicks(2);

    assertThat(outcome).isNotDone();
    assertThat(executor.workers()).hasSize(1);
  }

  @Test
  void builderNamesEverySettingThatIsWrong() {
    assertThatThrownBy(() -> RemoteTaskExecutor.builder(transport)
            .exchange("")
            .requestTimeout(Duration.ZERO)
            .notifyPeriod(Duration.ofSeconds(-1))
            .tickPeriod(Duration.ZERO)
            .missedHeartbeats(-1)
            .executionTimeout(Duration.ZERO)
            .executionTimeout("slow", Duration.ofSeconds(-2))
            .build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("exchange must not be blank")
        .hasMessageContaining("topics must name at least one worker topic")
        .hasMessageContaining("requestTimeout must be positive")
        .hasMessageContaining("notifyPeriod must be positive")
        .hasMessageContaining("tickPeriod must be positive")
        .hasMessageContaining("missedHeartbeats")
        .hasMessageContaining("executionTimeout must be positive")
        .hasMessageContaining("executionTimeout of task 'slow' must be positive");
  }

  /** Encodes responses with any correlation id, including none. */
  private static final class ProtocolCodecs {
    static Message response(TaskResponse response, Optional<String> correlationId) {
      io.taskflow4j.protocol.ProtocolCodec codec = io.taskflow4j.protocol.ProtocolCodec.create();
      return new Message(MessageProperties.of(ProtocolMessage.RESPONSE, Optional.empty(), correlationId),
          codec.encodeBody(response));
    }
  }
}
