package io.taskflow4j.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.taskflow4j.testing.MutableClock;
import io.taskflow4j.engine.Engine;
import io.taskflow4j.flow.Flow;
import io.taskflow4j.listener.FlowListener;
import io.taskflow4j.listener.FlowStateChange;
import io.taskflow4j.persistence.Changes;
import io.taskflow4j.persistence.FlowDetail;
import io.taskflow4j.persistence.FlowStore;
import io.taskflow4j.persistence.ForwardingFlowStore;
import io.taskflow4j.persistence.LogBook;
import io.taskflow4j.spi.LocalTaskRunner;
import io.taskflow4j.spi.TaskExecutor;
import io.taskflow4j.state.FlowState;
import io.taskflow4j.task.Task;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The conductor on the in-memory board and store: it runs and consumes jobs, resumes recorded
 * runs, gives jobs back on a stop or when it serves no such factory, trashes jobs that cannot run,
 * stops recording once it loses a lease, and survives a failing board.
 */
class ConductorTest {

  private static final Duration WAIT = Duration.ofSeconds(10);

  private final JobBoard board = JobBoard.inMemory();
  private final FlowStore store = FlowStore.inMemory();
  private final List<String> log = Collections.synchronizedList(new ArrayList<>());
  private final List<ConductorEvent> events = Collections.synchronizedList(new ArrayList<>());
  private final List<Conductor> conductors = new ArrayList<>();

  /** The task ("tag:atom") that waits for {@link #gate} when it runs; null for none. */
  private final Set<String> gated = ConcurrentHashMap.newKeySet();
  private final CountDownLatch gate = new CountDownLatch(1);
  private final Map<String, CountDownLatch> entered = new ConcurrentHashMap<>();

  private final FlowFactories factories = FlowFactories.builder()
      .register("steps", this::steps)
      .alias("myapp.flows.make_steps", "steps")
      .build();

  @AfterEach
  void closeConductors() {
    gate.countDown();
    conductors.forEach(Conductor::close);
  }

  /**
   * Three tasks a, b, c in a line; each logs "tag:atom" when it executes and "revert tag:atom"
   * when it reverts. kwargs.fail names a task that throws, kwargs.failRevert one whose revert throws.
   */
  private Flow steps(FactoryCall call) {
    Object fail = call.kwargs().get("fail");
    Flow flow = Flow.linear("steps");
    for (String atom : List.of("a", "b", "c")) {
      flow.add(Task.builder(atom).requires("tag")
          .execute(ctx -> {
            String key = ctx.argument("tag", String.class) + ":" + atom;
            log.add(key);
            if (gated.contains(key)) {
              entered.computeIfAbsent(key, k -> new CountDownLatch(1)).countDown();
              gate.await();
            }
            if (atom.equals(fail)) {
              throw new IllegalStateException(atom + " broke");
            }
            return null;
          })
          .revert(ctx -> {
            log.add("revert " + ctx.argument("tag", String.class) + ":" + atom);
            if (atom.equals(call.kwargs().get("failRevert"))) {
              throw new IllegalStateException(atom + " cannot be undone");
            }
          })
          .build());
    }
    return flow;
  }

  private void awaitEntered(String key) throws InterruptedException {
    assertThat(entered.computeIfAbsent(key, k -> new CountDownLatch(1)).await(10, TimeUnit.SECONDS))
        .as("task %s started", key).isTrue();
  }

  private Conductor start(String name, JobBoard on, FlowFactories served, Consumer<ConductorBuilder> options) {
    ConductorBuilder builder = Conductor.builder(on, store, served).name(name).listener(events::add);
    options.accept(builder);
    Conductor conductor = builder.build();
    conductors.add(conductor);
    conductor.start();
    return conductor;
  }

  private Conductor start(String name) {
    return start(name, board, factories, options -> {});
  }

  private Job post(String tag, FactoryCall call) {
    return board.post(JobPosting.builder("job-" + tag).factory(call).input("tag", tag).build());
  }

  private List<ConductorEvent.Type> typesOf(String jobId) {
    synchronized (events) {
      return events.stream().filter(e -> e.jobId().equals(jobId)).map(ConductorEvent::type).toList();
    }
  }

  private Optional<ConductorEvent> event(String jobId, ConductorEvent.Type type) {
    synchronized (events) {
      return events.stream().filter(e -> e.jobId().equals(jobId) && e.type() == type).findFirst();
    }
  }

  private List<String> executed(String tag) {
    synchronized (log) {
      return log.stream().filter(entry -> entry.startsWith(tag + ":")).toList();
    }
  }

  @Test
  void runsPostedJobsToSuccessAndConsumesThemWithEventsInOrder() {
    Job one = post("one", FactoryCall.of("steps"));
    Job two = post("two", FactoryCall.of("myapp.flows.make_steps"));
    start("c1");

    await().atMost(WAIT).until(() -> board.jobs().isEmpty());
    await().atMost(WAIT).until(() -> event(two.id(), ConductorEvent.Type.CONSUMED).isPresent());

    assertThat(executed("one")).containsExactly("one:a", "one:b", "one:c");
    assertThat(executed("two")).containsExactly("two:a", "two:b", "two:c");
    for (Job job : List.of(one, two)) {
      assertThat(typesOf(job.id()))
          .containsExactly(ConductorEvent.Type.CLAIMED, ConductorEvent.Type.STARTED, ConductorEvent.Type.CONSUMED);
      ConductorEvent consumed = event(job.id(), ConductorEvent.Type.CONSUMED).orElseThrow();
      assertThat(consumed.conductor()).isEqualTo("c1");
      FlowDetail flow = store.flow(consumed.flowId().orElseThrow()).orElseThrow();
      assertThat(flow.state()).isEqualTo(FlowState.SUCCESS);
      assertThat(flow.logBookUuid()).isEqualTo(job.id());
      assertThat(FactoryCall.fromMeta(flow.meta().get(FactoryCall.META_KEY))).contains(job.factory().orElseThrow());
    }
    assertThat(board.trashed()).isEmpty();
  }

  @Test
  void aNewJobsFlowIsCreatedAndStartedWithOneReadOfTheStore() {
    AtomicInteger reads = new AtomicInteger();
    FlowStore counting = new ForwardingFlowStore(store) {
      @Override
      public Optional<FlowDetail> flow(String uuid) {
        reads.incrementAndGet();
        return super.flow(uuid);
      }

      @Override
      public List<io.taskflow4j.persistence.AtomDetail> atoms(String flowUuid) {
        reads.incrementAndGet();
        return super.atoms(flowUuid);
      }

      @Override
      public Optional<io.taskflow4j.persistence.LogBook> logBook(String uuid) {
        reads.incrementAndGet();
        return super.logBook(uuid);
      }
    };
    Job job = post("fresh", FactoryCall.of("steps"));
    Conductor conductor = Conductor.builder(board, counting, factories).name("c1").listener(events::add).build();
    conductors.add(conductor);
    conductor.start();

    await().atMost(WAIT).until(() -> event(job.id(), ConductorEvent.Type.CONSUMED).isPresent());

    assertThat(executed("fresh")).containsExactly("fresh:a", "fresh:b", "fresh:c");
    assertThat(reads).as("reads of the store: whether the flow exists; the rest it just wrote").hasValue(1);
    assertThat(store.flow(event(job.id(), ConductorEvent.Type.CONSUMED).orElseThrow().flowId().orElseThrow())
        .orElseThrow().state()).isEqualTo(FlowState.SUCCESS);
    assertThat(store.logBook(job.id())).isPresent();
  }

  @Test
  void aFailingFlowIsRevertedAndItsJobConsumed() {
    Job job = post("bad", FactoryCall.of("steps", Map.of("fail", "b")));
    start("c1");

    await().atMost(WAIT).until(() -> event(job.id(), ConductorEvent.Type.CONSUMED).isPresent());

    assertThat(board.jobs()).isEmpty();
    assertThat(log).containsExactly("bad:a", "bad:b", "revert bad:b", "revert bad:a");
    ConductorEvent consumed = event(job.id(), ConductorEvent.Type.CONSUMED).orElseThrow();
    assertThat(consumed.detail().orElseThrow()).startsWith("reverted: ").contains("b broke");
    assertThat(store.flow(consumed.flowId().orElseThrow()).orElseThrow().state()).isEqualTo(FlowState.REVERTED);
  }

  @Test
  void aFlowThatCouldNotBeFullyRevertedIsTrashedNamingItsFlowDetail() {
    Job job = post("worse", FactoryCall.of("steps", Map.of("fail", "b", "failRevert", "a")));
    start("c1");

    await().atMost(WAIT).until(() -> event(job.id(), ConductorEvent.Type.TRASHED).isPresent());

    String flowId = event(job.id(), ConductorEvent.Type.TRASHED).orElseThrow().flowId().orElseThrow();
    assertThat(store.flow(flowId).orElseThrow().state()).isEqualTo(FlowState.FAILURE);
    assertThat(board.trashed()).singleElement().satisfies(trashed -> assertThat(trashed.reason())
        .contains("could not be fully reverted; see flow " + flowId + " in store " + store.describe())
        .contains("a cannot be undone"));
  }

  @Test
  void flowsRunThroughTheTaskExecutorTheEngineCustomizerGives() {
    List<String> submitted = Collections.synchronizedList(new ArrayList<>());
    TaskExecutor remote = invocation -> {
      submitted.add(invocation.task().name());
      return CompletableFuture.supplyAsync(() -> LocalTaskRunner.run(invocation));
    };
    Job job = post("w", FactoryCall.of("steps"));
    start("c1", board, factories, options -> options.engine(engine -> engine.taskExecutor(remote)));

    await().atMost(WAIT).until(() -> event(job.id(), ConductorEvent.Type.CONSUMED).isPresent());
    assertThat(submitted).containsExactly("a", "b", "c");
    assertThat(executed("w")).containsExactly("w:a", "w:b", "w:c");
  }

  @Test
  void aJobTheBoardWouldNotConsumeIsConsumedByItsNextOwnerWithoutRunningAgain() {
    java.util.concurrent.atomic.AtomicBoolean refuseConsume = new java.util.concurrent.atomic.AtomicBoolean(true);
    JobBoard refusing = new ForwardingJobBoard(board) {
      @Override
      public void consume(Claim claim) {
        if (refuseConsume.getAndSet(false)) {
          throw new JobBoardException("board unreachable: connection reset");
        }
        super.consume(claim);
      }
    };
    Job job = post("k", FactoryCall.of("steps"));
    start("c1", refusing, factories, options -> options.lease(Duration.ofMillis(600))
        .renewInterval(Duration.ofMillis(100)).pollInterval(Duration.ofMillis(50)));

    await().atMost(WAIT).until(() -> event(job.id(), ConductorEvent.Type.CONSUMED).isPresent());

    assertThat(executed("k")).containsExactly("k:a", "k:b", "k:c");
    assertThat(typesOf(job.id())).containsExactly(ConductorEvent.Type.CLAIMED, ConductorEvent.Type.STARTED,
        ConductorEvent.Type.FAILED, ConductorEvent.Type.CLAIMED, ConductorEvent.Type.CONSUMED);
    assertThat(event(job.id(), ConductorEvent.Type.FAILED).orElseThrow().detail().orElseThrow())
        .contains("could not be consumed").contains("connection reset");
    assertThat(board.jobs()).isEmpty();
  }

  /** A run recorded by an engine elsewhere, suspended after a and b, under the Python-style name. */
  private FlowDetail recordedRunSuspendedAfterB() throws Exception {
    FactoryCall call = FactoryCall.of("myapp.flows.make_steps");
    gated.add("pre:b");
    String flowId = "6e0f5a0e-8a3b-4b8e-9a43-3d5d0e2b1c01";
    Engine engine = Engine.builder(steps(call)).store(store).flowId(flowId)
        .flowMeta(FactoryCall.META_KEY, call.toMeta()).input("tag", "pre").build();
    CompletableFuture<FlowState> run = engine.runAsync();
    awaitEntered("pre:b");
    engine.suspend();
    gate.countDown();
    assertThat(run.get(10, TimeUnit.SECONDS)).isEqualTo(FlowState.SUSPENDED);
    engine.close();
    return store.flow(flowId).orElseThrow();
  }

  @Test
  void resumesAJobWhoseFlowDetailHasProgressWithoutRunningDoneAtomsAgain() throws Exception {
    FlowDetail recorded = recordedRunSuspendedAfterB();
    assertThat(log).containsExactly("pre:a", "pre:b");
    // As the reference posts it: the logbook only, its one flow detail found in it.
    Job job = board.post(JobPosting.builder("resume-me").book(new JobBook(recorded.logBookUuid(), "book"), null).build());
    start("c1");

    await().atMost(WAIT).until(() -> event(job.id(), ConductorEvent.Type.CONSUMED).isPresent());

    assertThat(log).containsExactly("pre:a", "pre:b", "pre:c");
    assertThat(event(job.id(), ConductorEvent.Type.STARTED).orElseThrow().detail()).contains("resuming from state SUSPENDED");
    assertThat(store.flow(recorded.uuid()).orElseThrow().state()).isEqualTo(FlowState.SUCCESS);
  }

  @Test
  void aJobWhoseFlowHadAlreadyEndedIsConsumedWithoutRunning() {
    FactoryCall call = FactoryCall.of("steps");
    String flowId = "0b7a4f43-1f55-4a8e-8c53-0f3e7e8e4d11";
    try (Engine engine = Engine.builder(steps(call)).store(store).flowId(flowId)
        .flowMeta(FactoryCall.META_KEY, call.toMeta()).input("tag", "done").build()) {
      assertThat(engine.run()).isEqualTo(FlowState.SUCCESS);
    }
    String book = store.flow(flowId).orElseThrow().logBookUuid();
    Job job = board.post(JobPosting.builder("ended").book(new JobBook(book, "book"), flowId).build());
    start("c1");

    await().atMost(WAIT).until(() -> event(job.id(), ConductorEvent.Type.CONSUMED).isPresent());

    assertThat(log).containsExactly("done:a", "done:b", "done:c");
    assertThat(typesOf(job.id())).containsExactly(ConductorEvent.Type.CLAIMED, ConductorEvent.Type.CONSUMED);
    assertThat(event(job.id(), ConductorEvent.Type.CONSUMED).orElseThrow().detail().orElseThrow())
        .contains("had already ended SUCCESS");
  }

  @Test
  void runsNoMoreThanTheConfiguredNumberOfFlowsAtOnce() {
    AtomicInteger running = new AtomicInteger();
    AtomicInteger most = new AtomicInteger();
    FlowFactories slow = FlowFactories.builder().register("slow", call -> Flow.linear("slow").add(
        Task.builder("sleep").execute(ctx -> {
          most.accumulateAndGet(running.incrementAndGet(), Math::max);
          Thread.sleep(300);
          running.decrementAndGet();
          return null;
        }).build())).build();
    for (int i = 0; i < 8; i++) {
      board.post(JobPosting.builder("slow-" + i).factory(FactoryCall.of("slow")).build());
    }
    Conductor conductor = start("c1", board, slow, options -> options.maxConcurrentJobs(3));

    await().atMost(WAIT).untilAsserted(() -> {
      assertThat(conductor.heldJobs()).hasSizeLessThanOrEqualTo(3);
      assertThat(board.jobs()).isEmpty();
    });

    assertThat(most.get()).isEqualTo(3);
    assertThat(events.stream().filter(e -> e.type() == ConductorEvent.Type.CONSUMED)).hasSize(8);
  }

  @Test
  void aGracefulStopAbandonsHeldJobsAndAnotherConductorFinishesThemWithoutRepeatingDoneAtoms() throws Exception {
    Job first = post("x", FactoryCall.of("steps"));
    Job second = post("y", FactoryCall.of("steps"));
    gated.addAll(List.of("x:a", "y:a"));
    CountDownLatch suspending = new CountDownLatch(2);
    FlowListener onSuspending = new FlowListener() {
      @Override
      public void onFlowStateChange(FlowStateChange change) {
        if (change.to() == FlowState.SUSPENDING) {
          suspending.countDown();
        }
      }
    };
    Conductor c1 = start("c1", board, factories,
        options -> options.maxConcurrentJobs(2).engine(engine -> engine.listener(onSuspending)));
    awaitEntered("x:a");
    awaitEntered("y:a");

    CompletableFuture<Boolean> stopped = CompletableFuture.supplyAsync(() -> c1.stop(Duration.ofSeconds(10)));
    assertThat(suspending.await(10, TimeUnit.SECONDS)).as("both flows asked to suspend").isTrue();
    gate.countDown();

    assertThat(stopped.get(10, TimeUnit.SECONDS)).isTrue();
    for (Job job : List.of(first, second)) {
      assertThat(event(job.id(), ConductorEvent.Type.ABANDONED).orElseThrow().detail().orElseThrow())
          .contains("c1 is stopping");
      assertThat(board.job(job.id()).orElseThrow().owner()).isEmpty();
    }

    start("c2");
    await().atMost(WAIT).until(() -> board.jobs().isEmpty());

    assertThat(executed("x")).containsExactly("x:a", "x:b", "x:c");
    assertThat(executed("y")).containsExactly("y:a", "y:b", "y:c");
    for (Job job : List.of(first, second)) {
      assertThat(event(job.id(), ConductorEvent.Type.CONSUMED).orElseThrow().conductor()).isEqualTo("c2");
    }
  }

  @Test
  void aJobWithAnUnservedFactoryIsGivenBackSkippedAndRunByAConductorServingIt() {
    FlowFactories other = FlowFactories.builder().register("other", call -> Flow.linear("other")).build();
    Job job = post("u", FactoryCall.of("steps"));
    start("c1", board, other, options -> options.pollInterval(Duration.ofMillis(50)));

    await().atMost(WAIT).until(() -> event(job.id(), ConductorEvent.Type.ABANDONED).isPresent());
    assertThat(event(job.id(), ConductorEvent.Type.ABANDONED).orElseThrow().detail().orElseThrow())
        .contains("no factory named 'steps'").contains("[other]");
    // Wake-ups and polls do not make c1 claim it again.
    board.post(JobPosting.builder("wake").factory(FactoryCall.of("other")).build());
    await().during(Duration.ofMillis(300)).atMost(WAIT).until(() -> board.job(job.id()).orElseThrow().owner().isEmpty());
    assertThat(typesOf(job.id())).containsExactly(ConductorEvent.Type.CLAIMED, ConductorEvent.Type.ABANDONED);

    start("c2");
    await().atMost(WAIT).until(() -> event(job.id(), ConductorEvent.Type.CONSUMED).isPresent());
    assertThat(event(job.id(), ConductorEvent.Type.CONSUMED).orElseThrow().conductor()).isEqualTo("c2");
    assertThat(executed("u")).containsExactly("u:a", "u:b", "u:c");
  }

  @Test
  void aJobWhoseLogbookIsMissingIsTrashedAndTheConductorGoesOn() {
    Job job = board.post(JobPosting.builder("lost-book")
        .book(new JobBook("3f6c9d8e-0000-4000-8000-000000000001", "gone"), null).build());
    start("c1");

    await().atMost(WAIT).until(() -> !board.trashed().isEmpty());
    TrashedJob trashed = board.trashed().get(0);
    assertThat(trashed.id()).isEqualTo(job.id());
    assertThat(trashed.reason()).contains("logbook 3f6c9d8e-0000-4000-8000-000000000001")
        .contains("is not in store " + store.describe());
    assertThat(event(job.id(), ConductorEvent.Type.TRASHED).orElseThrow().detail()).contains(trashed.reason());

    Job next = post("after", FactoryCall.of("steps"));
    await().atMost(WAIT).until(() -> event(next.id(), ConductorEvent.Type.CONSUMED).isPresent());
  }

  @Test
  void aJobWhoseFactoryRejectsItsArgumentsIsTrashedWithTheFactorysMessage() {
    FlowFactories picky = FlowFactories.builder().register("picky", call -> {
      throw new IllegalArgumentException("size must be positive, got -1");
    }).build();
    Job job = board.post(JobPosting.builder("picky").factory(FactoryCall.of("picky", Map.of("size", -1))).build());
    start("c1", board, picky, options -> {});

    await().atMost(WAIT).until(() -> !board.trashed().isEmpty());
    assertThat(board.trashed().get(0).reason())
        .contains("factory 'picky' rejected the arguments of job 'picky' (" + job.id() + ")")
        .contains("size must be positive, got -1");
    assertThat(board.jobs()).isEmpty();
  }

  @Test
  void aJobWhoseFlowIsInvalidIsTrashed() {
    FlowFactories invalid = FlowFactories.builder().register("needy", call -> Flow.linear("needy")
        .add(Task.builder("t").requires("missing").execute(ctx -> null).build())).build();
    Job job = board.post(JobPosting.builder("needy").factory(FactoryCall.of("needy")).build());
    start("c1", board, invalid, options -> {});

    await().atMost(WAIT).until(() -> event(job.id(), ConductorEvent.Type.TRASHED).isPresent());
    assertThat(board.trashed().get(0).reason()).contains("is invalid").contains("missing");
  }

  @Test
  void aJobWhoseFlowDetailNamesNoUsableFactoryIsTrashed() throws Exception {
    FactoryCall call = FactoryCall.of("steps");
    String flowId = "7c1f0d2a-5b6e-4f70-9a81-b2c3d4e5f601";
    Engine engine = Engine.builder(steps(call)).store(store).flowId(flowId).flowMeta(FactoryCall.META_KEY, "not-a-map")
        .input("tag", "m").build();
    gated.add("m:a");
    CompletableFuture<FlowState> run = engine.runAsync();
    awaitEntered("m:a");
    engine.suspend();
    gate.countDown();
    assertThat(run.get(10, TimeUnit.SECONDS)).isEqualTo(FlowState.SUSPENDED);
    log.clear();
    engine.close();
    String book = store.flow(flowId).orElseThrow().logBookUuid();
    Job job = board.post(JobPosting.builder("meta").book(new JobBook(book, "b"), flowId).build());
    start("c1");

    await().atMost(WAIT).until(() -> event(job.id(), ConductorEvent.Type.TRASHED).isPresent());
    assertThat(board.trashed().get(0).reason()).contains("flow detail " + flowId).contains("names no factory")
        .contains("not-a-map");
    assertThat(log).isEmpty();
  }

  /** Saves a logbook with one flow detail not yet run, as the reference does before posting its job. */
  private JobBook pendingFlow(String flowId, Map<String, Object> meta) {
    Instant now = Instant.now();
    String book = "book-" + flowId;
    store.save(new Changes(List.of(LogBook.of(book, book, now)),
        List.of(new FlowDetail(flowId, book, "steps", FlowState.PENDING, meta, now, now)), List.of()));
    return new JobBook(book, book);
  }

  @Test
  void runsAFlowWithItsFlowDetailsMetaStoreUnderTheJobsDetailsStoreAsTheReferenceDoes() {
    Map<String, Object> factory = FactoryCall.of("myapp.flows.make_steps").toMeta();
    Job fromMeta = board.post(JobPosting.builder("from-meta")
        .book(pendingFlow("f-meta", Map.of(FactoryCall.META_KEY, factory, Job.STORE_KEY, Map.of("tag", "meta"))), null)
        .build());
    Job overridden = board.post(JobPosting.builder("overridden")
        .book(pendingFlow("f-both", Map.of(FactoryCall.META_KEY, factory, Job.STORE_KEY, Map.of("tag", "meta-b"))), null)
        .input("tag", "job-b")
        .build());
    Job malformed = board.post(JobPosting.builder("malformed")
        .book(pendingFlow("f-bad", Map.of(FactoryCall.META_KEY, factory, Job.STORE_KEY, "tag=x")), null)
        .build());
    start("c1");

    await().atMost(WAIT).until(() -> event(fromMeta.id(), ConductorEvent.Type.CONSUMED).isPresent()
        && event(overridden.id(), ConductorEvent.Type.CONSUMED).isPresent()
        && event(malformed.id(), ConductorEvent.Type.TRASHED).isPresent());
    assertThat(executed("meta")).containsExactly("meta:a", "meta:b", "meta:c");
    assertThat(executed("job-b")).containsExactly("job-b:a", "job-b:b", "job-b:c");
    assertThat(executed("meta-b")).isEmpty();
    assertThat(board.trashed()).singleElement().satisfies(t -> assertThat(t.reason())
        .contains("meta.store of flow detail f-bad").contains("should map input names to values").contains("tag=x"));
  }

  @Test
  void malformedDetailsLeftByAnotherProgramAreTrashedNamingTheField() {
    JobBoard tampering = new ForwardingJobBoard(board) {
      @Override
      public Optional<Claim> claimNext(String owner, Duration lease, Set<String> skip) {
        return super.claimNext(owner, lease, skip).map(claim -> {
          Job job = claim.job();
          Map<String, Object> details = new java.util.LinkedHashMap<>(job.details());
          if (job.name().equals("job-bad-store")) {
            details.put(Job.STORE_KEY, List.of("not", "a", "map"));
          } else {
            details.put(FactoryCall.META_KEY, Map.of("args", 3));
          }
          Job changed = new Job(job.id(), job.name(), job.sequence(), job.priority(), job.createdAt(), job.book(), details,
              job.owner(), job.leaseExpiresAt());
          return new Claim(changed, claim.owner(), claim.expiresAt());
        });
      }
    };
    Job badStore = post("bad-store", FactoryCall.of("steps"));
    board.post(JobPosting.builder("bad-factory").factory(FactoryCall.of("steps")).build());
    start("c1", tampering, factories, options -> {});

    await().atMost(WAIT).until(() -> board.trashed().size() == 2);
    assertThat(board.trashed()).anySatisfy(t -> {
      assertThat(t.id()).isEqualTo(badStore.id());
      assertThat(t.reason()).contains("details.store").contains("should map input names to values");
    });
    assertThat(board.trashed()).anySatisfy(t -> assertThat(t.reason()).contains("details.factory of job 'bad-factory'"));
    assertThat(log).isEmpty();
  }

  @Test
  void aConductorWhoseLeaseLapsedStopsBeforeTheNextAtomAndLeavesTheJobToItsNewOwner() throws Exception {
    MutableClock clock = new MutableClock(Instant.parse("2026-12-03T10:00:00Z"));
    JobBoard timed = JobBoard.inMemory(clock);
    Job job = timed.post(JobPosting.builder("slow").factory(FactoryCall.of("steps")).input("tag", "l").build());
    gated.add("l:a");
    Conductor c1 = start("c1", timed, factories, options -> options.clock(clock).lease(Duration.ofSeconds(30)));
    awaitEntered("l:a");

    clock.advance(Duration.ofSeconds(31)); // c1 could not renew in time: its lease has lapsed
    Claim taken = timed.claimNext("c2", Duration.ofSeconds(30), Set.of()).orElseThrow();
    assertThat(taken.jobId()).isEqualTo(job.id());
    gate.countDown();

    await().atMost(WAIT).until(() -> event(job.id(), ConductorEvent.Type.LEASE_LOST).isPresent());
    await().atMost(WAIT).until(() -> c1.heldJobs().isEmpty());
    assertThat(log).containsExactly("l:a");
    assertThat(typesOf(job.id()))
        .containsExactly(ConductorEvent.Type.CLAIMED, ConductorEvent.Type.STARTED, ConductorEvent.Type.LEASE_LOST);
    assertThat(timed.job(job.id()).orElseThrow().owner()).contains("c2");
    // The record stops at a's start: c2 resumes from there.
    String flowId = event(job.id(), ConductorEvent.Type.STARTED).orElseThrow().flowId().orElseThrow();
    assertThat(store.flow(flowId).orElseThrow().state()).isEqualTo(FlowState.RUNNING);
  }

  @Test
  void aConductorToldItsLeaseIsLostSuspendsTheFlowAndNeitherConsumesNorAbandons() throws Exception {
    AtomicInteger handedBack = new AtomicInteger();
    CountDownLatch renewRefused = new CountDownLatch(1);
    JobBoard losing = new ForwardingJobBoard(board) {
      @Override
      public Claim renew(Claim claim, Duration lease) {
        renewRefused.countDown();
        throw new LeaseLostException("job " + claim.jobId() + " is now held by c9");
      }

      @Override
      public void consume(Claim claim) {
        handedBack.incrementAndGet();
        super.consume(claim);
      }

      @Override
      public void abandon(Claim claim) {
        handedBack.incrementAndGet();
        super.abandon(claim);
      }
    };
    Job job = post("r", FactoryCall.of("steps"));
    gated.add("r:a");
    Conductor c1 = start("c1", losing, factories,
        options -> options.lease(Duration.ofSeconds(2)).renewInterval(Duration.ofMillis(100)));
    awaitEntered("r:a");
    assertThat(renewRefused.await(5, TimeUnit.SECONDS)).isTrue();
    await().atMost(WAIT).until(() -> event(job.id(), ConductorEvent.Type.LEASE_LOST).isPresent());
    gate.countDown();

    await().atMost(WAIT).until(() -> c1.heldJobs().isEmpty());
    assertThat(log).containsExactly("r:a");
    assertThat(handedBack).hasValue(0);
    assertThat(event(job.id(), ConductorEvent.Type.LEASE_LOST).orElseThrow().detail().orElseThrow())
        .contains("is now held by c9");
  }

  @Test
  void aBoardThatFailsForAWhileDoesNotStopTheConductor() throws Exception {
    java.util.concurrent.atomic.AtomicBoolean down = new java.util.concurrent.atomic.AtomicBoolean(true);
    AtomicInteger refused = new AtomicInteger();
    JobBoard flaky = new ForwardingJobBoard(board) {
      private void check() {
        if (down.get()) {
          refused.incrementAndGet();
          throw new JobBoardException("board unreachable: connection refused");
        }
      }

      @Override
      public Optional<Claim> claimNext(String owner, Duration lease, Set<String> skip) {
        check();
        return super.claimNext(owner, lease, skip);
      }

      @Override
      public Claim renew(Claim claim, Duration lease) {
        check();
        return super.renew(claim, lease);
      }

      @Override
      public void consume(Claim claim) {
        check();
        super.consume(claim);
      }
    };
    Conductor c1 = start("c1", flaky, factories, options -> options.lease(Duration.ofSeconds(3))
        .renewInterval(Duration.ofMillis(100)).pollInterval(Duration.ofMillis(50)));
    Job first = post("f", FactoryCall.of("steps"));
    await().atMost(WAIT).until(() -> refused.get() >= 3);
    down.set(false);
    await().atMost(WAIT).until(() -> event(first.id(), ConductorEvent.Type.CONSUMED).isPresent());

    // Down again while a job runs: renewals fail for less than the lease, and the job still ends.
    Job second = post("s", FactoryCall.of("steps"));
    gated.add("s:a");
    awaitEntered("s:a");
    int before = refused.get();
    down.set(true);
    await().atMost(WAIT).until(() -> refused.get() >= before + 3);
    down.set(false);
    gate.countDown();

    await().atMost(WAIT).until(() -> event(second.id(), ConductorEvent.Type.CONSUMED).isPresent());
    assertThat(executed("s")).containsExactly("s:a", "s:b", "s:c");
    assertThat(typesOf(second.id())).doesNotContain(ConductorEvent.Type.LEASE_LOST);
    assertThat(c1.heldJobs()).isEmpty();
  }

  @Test
  void aBoardGoneLongerThanTheLeaseStopsTheFlowAndTheJobRunsAgainWhenTheBoardIsBack() throws Exception {
    java.util.concurrent.atomic.AtomicBoolean down = new java.util.concurrent.atomic.AtomicBoolean();
    JobBoard vanishing = new ForwardingJobBoard(board) {
      private void check() {
        if (down.get()) {
          throw new JobBoardException("board unreachable: connection refused");
        }
      }

      @Override
      public Optional<Claim> claimNext(String owner, Duration lease, Set<String> skip) {
        check();
        return super.claimNext(owner, lease, skip);
      }

      @Override
      public Claim renew(Claim claim, Duration lease) {
        check();
        return super.renew(claim, lease);
      }
    };
    Job job = post("g", FactoryCall.of("steps"));
    gated.add("g:a");
    Conductor c1 = start("c1", vanishing, factories, options -> options.lease(Duration.ofSeconds(1))
        .renewInterval(Duration.ofMillis(100)).pollInterval(Duration.ofMillis(50)));
    awaitEntered("g:a");
    down.set(true);

    await().atMost(WAIT).until(() -> event(job.id(), ConductorEvent.Type.LEASE_LOST).isPresent());
    assertThat(event(job.id(), ConductorEvent.Type.LEASE_LOST).orElseThrow().detail().orElseThrow())
        .contains("could not be renewed before it ran out").contains("connection refused");
    gated.remove("g:a");
    gate.countDown();
    await().atMost(WAIT).until(() -> c1.heldJobs().isEmpty());
    assertThat(executed("g")).containsExactly("g:a");

    down.set(false);
    await().atMost(WAIT).until(() -> event(job.id(), ConductorEvent.Type.CONSUMED).isPresent());
    // a's end was never recorded, so the next run does it again; b and c run once.
    assertThat(executed("g")).containsExactly("g:a", "g:a", "g:b", "g:c");
    assertThat(typesOf(job.id())).containsExactly(ConductorEvent.Type.CLAIMED, ConductorEvent.Type.STARTED,
        ConductorEvent.Type.LEASE_LOST, ConductorEvent.Type.CLAIMED, ConductorEvent.Type.STARTED,
        ConductorEvent.Type.CONSUMED);
  }

  @Test
  void theJobOfAnOwnerThatDiedIsTakenOverWithinOnePollIntervalOfItsLeaseLapsing() {
    MutableClock clock = new MutableClock(Instant.parse("2026-12-03T10:00:00Z"));
    JobBoard timed = JobBoard.inMemory(clock);
    Job job = timed.post(JobPosting.builder("orphan").factory(FactoryCall.of("steps")).input("tag", "o").build());
    timed.claim(job.id(), "dead", Duration.ofSeconds(30)).orElseThrow();
    Duration poll = Duration.ofMillis(200);
    AtomicLong claimedAt = new AtomicLong();
    start("c1", timed, factories, options -> options.clock(clock).pollInterval(poll).listener(event -> {
      if (event.type() == ConductorEvent.Type.CLAIMED) {
        claimedAt.compareAndSet(0, System.nanoTime());
      }
    }));

    await().during(Duration.ofMillis(400)).atMost(WAIT).until(() -> typesOf(job.id()).isEmpty());
    clock.advance(Duration.ofSeconds(30));
    long lapsed = System.nanoTime();
    await().atMost(WAIT).until(() -> claimedAt.get() != 0);
    Duration late = Duration.ofNanos(claimedAt.get() - lapsed);

    assertThat(late).isLessThan(poll.plusMillis(150));
    await().atMost(WAIT).until(() -> event(job.id(), ConductorEvent.Type.CONSUMED).isPresent());
    assertThat(executed("o")).containsExactly("o:a", "o:b", "o:c");
  }

  @Test
  void theBuilderRejectsARenewalIntervalThatLeavesNoTimeToRetry() {
    assertThatThrownBy(() -> Conductor.builder(board, store, factories).lease(Duration.ofSeconds(10))
        .renewInterval(Duration.ofSeconds(6)).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("renewInterval PT6S must be at most half the lease PT10S");
    assertThatThrownBy(() -> Conductor.builder(board, store, factories).maxConcurrentJobs(0))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aConductorRunsOnce() {
    Conductor conductor = start("c1");
    assertThatThrownBy(conductor::start).isInstanceOf(IllegalStateException.class).hasMessageContaining("already started");
    assertThat(conductor.stop(Duration.ofSeconds(1))).isTrue();
  }
}
