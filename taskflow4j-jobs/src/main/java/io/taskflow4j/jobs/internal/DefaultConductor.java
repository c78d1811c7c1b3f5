package io.taskflow4j.jobs.internal;

import io.taskflow4j.internal.Threads;
import io.taskflow4j.engine.Engine;
import io.taskflow4j.engine.EngineBuilder;
import io.taskflow4j.engine.FlowFailedException;
import io.taskflow4j.engine.ResumeException;
import io.taskflow4j.flow.Flow;
import io.taskflow4j.flow.FlowDefinitionException;
import io.taskflow4j.jobs.Claim;
import io.taskflow4j.jobs.Conductor;
import io.taskflow4j.jobs.ConductorEvent;
import io.taskflow4j.jobs.ConductorListener;
import io.taskflow4j.jobs.FactoryCall;
import io.taskflow4j.jobs.FlowFactory;
import io.taskflow4j.jobs.Job;
import io.taskflow4j.jobs.JobBoard;
import io.taskflow4j.jobs.JobBook;
import io.taskflow4j.jobs.LeaseLostException;
import io.taskflow4j.persistence.AtomDetail;
import io.taskflow4j.persistence.Changes;
import io.taskflow4j.persistence.FlowDetail;
import io.taskflow4j.persistence.FlowStore;
import io.taskflow4j.persistence.ForwardingFlowStore;
import io.taskflow4j.persistence.LogBook;
import io.taskflow4j.persistence.StoreException;
import io.taskflow4j.state.FlowState;
import io.taskflow4j.value.ValueConversionException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The conductor {@link io.taskflow4j.jobs.ConductorBuilder} builds.
 *
 * <p>One thread claims jobs; each claimed job runs on a thread of the job executor, where its flow
 * is resolved, built and run; a scheduler renews the leases. Every board and store call of a job
 * happens on its own thread or the scheduler's, so a slow or failing board never stops the claim
 * loop. Thread-safe.
 */
public final class DefaultConductor implements Conductor {

  private static final Logger LOG = LoggerFactory.getLogger(DefaultConductor.class);

  /** How long a job whose factory is not served here is left to other conductors. */
  private static final Duration UNSERVED_SKIP = Duration.ofMinutes(10);
  /** The most jobs claimed in one call: a few round trips fewer, without hoarding a board's jobs. */
  private static final int CLAIM_BATCH = 16;
  /** How many jobs with unserved factories are remembered so each is warned about once. */
  private static final int WARNED_LIMIT = 10_000;
  /** The prefix of the name a job's flow detail id is derived from, when the job has no logbook. */
  private static final String FLOW_ID_SEED = "taskflow4j job ";


  private final ConductorSettings settings;
  private final JobBoard board;
  private final FlowStore store;
  private final Batcher<Claim> consumer = new Batcher<>(this::consumeTogether);
  private final Clock clock;
  private final String name;
  /** Taken off each lease locally, for clock skew and the time a store write takes. */
  private final Duration margin;
  private final ExecutorService ownedJobs;
  private final Executor jobs;
  /** Runs the tasks of every job, unless the engine customizer gives engines another executor. */
  private final ExecutorService ownedTasks;
  private final ScheduledExecutorService ownedScheduler;
  private final ScheduledExecutorService scheduler;

  private final Map<String, HeldJob> held = new ConcurrentHashMap<>();
  private final Map<String, Instant> skip = new ConcurrentHashMap<>();
  private final Set<String> warnedUnserved = Collections.newSetFromMap(Collections.synchronizedMap(
      new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
          return size() > WARNED_LIMIT;
        }
      }));

  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();
  private final Condition released = lock.newCondition();
  private boolean signalled;

  private final AtomicBoolean started = new AtomicBoolean();
  private volatile boolean stopping;
  private volatile Thread loopThread;
  private volatile JobBoard.Subscription subscription;
  private boolean boardDown;
  private boolean subscribeWarned;

  /**
   * Creates a conductor; {@link #start()} starts it.
   *
   * @param settings the validated options
   */
  public DefaultConductor(ConductorSettings settings) {
    this.settings = settings;
    this.board = settings.board();
    // Not closed by the conductor: the caller owns the store it wraps.
    this.store = new GroupCommitStore(settings.store());
    this.clock = settings.clock();
    this.name = settings.name();
    this.margin = settings.lease().dividedBy(10);
    this.ownedJobs = settings.executor().isPresent() ? null : Executors.newCachedThreadPool(threads("job"));
    this.jobs = settings.executor().orElse(ownedJobs);
    this.ownedTasks = Executors.newCachedThreadPool(threads("task"));
    if (settings.scheduler().isPresent()) {
      this.ownedScheduler = null;
      this.scheduler = settings.scheduler().get();
    } else {
      ScheduledThreadPoolExecutor owned = new ScheduledThreadPoolExecutor(1, threads("lease"));
      owned.setRemoveOnCancelPolicy(true);
      this.ownedScheduler = owned;
      this.scheduler = owned;
    }
  }

  private ThreadFactory threads(String role) {
    return Threads.daemon("conductor-" + name + "-" + role);
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public void start() {
    if (!started.compareAndSet(false, true)) {
      throw new IllegalStateException("conductor " + name + " was already started; a conductor runs once");
    }
    if (stopping) {
      throw new IllegalStateException("conductor " + name + " was stopped; a conductor runs once");
    }
    Thread thread = new Thread(this::loop, "conductor-" + name);
    loopThread = thread;
    thread.start();
    LOG.info("conductor {} claims jobs from {} (at most {} at once, lease {}), records flows in {}, serves {}",
        name, board.describe(), settings.maxConcurrentJobs(), settings.lease(), store.describe(),
        settings.factories().names());
  }

  @Override
  public Set<String> heldJobs() {
    return Set.copyOf(held.keySet());
  }

  @Override
  public boolean stop(Duration grace) {
    long end = System.nanoTime() + grace.toNanos();
    stopping = true;
    signal();
    for (HeldJob job : held.values()) {
      Engine engine = job.engine;
      if (engine != null) {
        engine.suspend();
      }
    }
    Thread thread = loopThread;
    if (thread != null && thread != Thread.currentThread()) {
      try {
        thread.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(end - System.nanoTime())));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    lock.lock();
    try {
      long left = end - System.nanoTime();
      while (!held.isEmpty() && left > 0) {
        left = released.awaitNanos(left);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      lock.unlock();
    }
    JobBoard.Subscription current = subscription;
    if (current != null) {
      current.close();
    }
    boolean handedBack = held.isEmpty();
    if (!handedBack) {
      LOG.warn("conductor {} stopped with flows still running after {}: jobs {}", name, grace, held.keySet());
    }
    return handedBack;
  }

  @Override
  public void close() {
    if (!stop(settings.lease())) {
      for (HeldJob job : held.values()) {
        job.lostReason = "conductor " + name + " was closed while the flow still ran";
        cancelRenewal(job);
      }
    }
    if (ownedScheduler != null) {
      ownedScheduler.shutdownNow();
    }
    if (ownedJobs != null) {
      ownedJobs.shutdown();
    }
    ownedTasks.shutdown();
  }

  // ---- claiming (loop thread)

  private void loop() {
    while (!stopping && !Thread.currentThread().isInterrupted()) {
      try {
        ensureSubscribed();
        if (held.size() >= settings.maxConcurrentJobs()) {
          await(settings.pollInterval());
          continue;
        }
        Instant before = clock.instant();
        List<Claim> claims;
        try {
          int room = Math.min(CLAIM_BATCH, settings.maxConcurrentJobs() - held.size());
          claims = board.claimNext(name, settings.lease(), skipped(before), room);
          if (boardDown) {
            boardDown = false;
            LOG.info("conductor {} reaches board {} again", name, board.describe());
          }
        } catch (RuntimeException e) {
          if (!boardDown) {
            boardDown = true;
            LOG.warn("conductor {} cannot claim jobs from board {}: {}; trying again every {}",
                name, board.describe(), e.getMessage(), settings.pollInterval(), e);
          } else {
            LOG.debug("board {} still fails: {}", board.describe(), e.getMessage());
          }
          await(settings.pollInterval());
          continue;
        }
        if (!claims.isEmpty()) {
          claims.forEach(claim -> dispatch(claim, before));
        } else {
          await(settings.pollInterval());
        }
      } catch (RuntimeException e) {
        LOG.error("conductor {} hit an unexpected error while claiming; it goes on", name, e);
        await(settings.pollInterval());
      }
    }
    LOG.info("conductor {} claims no more jobs", name);
  }

  private void ensureSubscribed() {
    if (subscription != null) {
      return;
    }
    try {
      subscription = board.subscribe(this::signal);
      subscribeWarned = false;
    } catch (RuntimeException e) {
      if (!subscribeWarned) {
        subscribeWarned = true;
        LOG.warn("conductor {} cannot subscribe to board {}: {}; it looks for jobs every {} until it can",
            name, board.describe(), e.getMessage(), settings.pollInterval());
      }
    }
  }

  private Set<String> skipped(Instant now) {
    skip.values().removeIf(until -> !until.isAfter(now));
    return Set.copyOf(skip.keySet());
  }

  private void signal() {
    lock.lock();
    try {
      signalled = true;
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  private void await(Duration timeout) {
    lock.lock();
    try {
      if (!signalled && !stopping) {
        changed.awaitNanos(timeout.toNanos());
      }
      signalled = false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      lock.unlock();
    }
  }

  private void dispatch(Claim claim, Instant claimedFrom) {
    HeldJob job = new HeldJob(claim, claimedFrom.plus(settings.lease()).minus(margin));
    held.put(job.id, job);
    emit(ConductorEvent.Type.CLAIMED, job, null);
    try {
      job.renewal = scheduler.scheduleWithFixedDelay(
          () -> renew(job), settings.renewInterval().toNanos(), settings.renewInterval().toNanos(), TimeUnit.NANOSECONDS);
      jobs.execute(() -> work(job));
    } catch (RejectedExecutionException e) {
      giveBack(job, "conductor " + name + " could not run it: its executor refused the job (" + e.getMessage() + ")",
          settings.pollInterval());
      release(job);
    }
  }

  // ---- leases (scheduler thread, and the fence on the engine's thread)

  private void renew(HeldJob job) {
    if (job.finishing || job.lostReason != null) {
      return;
    }
    Instant before = clock.instant();
    try {
      Claim renewed = settings.board().renew(job.claim, settings.lease());
      job.claim = renewed;
      job.deadline = before.plus(settings.lease()).minus(margin);
      if (job.renewFailing) {
        job.renewFailing = false;
        LOG.info("conductor {} renewed its lease on job '{}' ({}) again", name, job.jobName, job.id);
      }
    } catch (LeaseLostException e) {
      if (!job.finishing) {
        lost(job, e.getMessage());
      }
    } catch (RuntimeException e) {
      if (!clock.instant().isBefore(job.deadline)) {
        lost(job, "its lease could not be renewed before it ran out at " + job.deadline + ": " + e.getMessage());
      } else if (!job.renewFailing) {
        job.renewFailing = true;
        LOG.warn("conductor {} could not renew its lease on job '{}' ({}) on board {}: {}; trying again every {} until {}",
            name, job.jobName, job.id, board.describe(), e.getMessage(), settings.renewInterval(), job.deadline);
      }
    }
  }

  /** Marks a job lost: nothing more of its flow is recorded, and it is not consumed or abandoned. */
  private void lost(HeldJob job, String reason) {
    synchronized (job) {
      if (job.lostReason != null) {
        return;
      }
      job.lostReason = reason;
    }
    cancelRenewal(job);
    LOG.warn("conductor {} lost job '{}' ({}): {}; it stops working on its flow{}", name, job.jobName, job.id, reason,
        job.flowId == null ? "" : " " + job.flowId);
    emit(ConductorEvent.Type.LEASE_LOST, job, reason);
    Engine engine = job.engine;
    if (engine != null) {
      engine.suspend();
    }
  }

  private void checkHeld(HeldJob job) {
    if (job.lostReason == null && !clock.instant().isBefore(job.deadline)) {
      lost(job, "its lease ran out at " + job.deadline + " (by this conductor's clock, less a margin of " + margin
          + ") without a renewal");
    }
    String reason = job.lostReason;
    if (reason != null) {
      throw new StoreException("conductor " + name + " no longer holds job '" + job.jobName + "' (" + job.id + "): "
          + reason + "; nothing more of its flow is recorded by this conductor");
    }
  }

  private static void cancelRenewal(HeldJob job) {
    ScheduledFuture<?> renewal = job.renewal;
    if (renewal != null) {
      renewal.cancel(false);
    }
  }

  // ---- running a job (job thread)

  private void work(HeldJob job) {
    try {
      if (stopping) {
        giveBack(job, "conductor " + name + " is stopping", Duration.ZERO);
        return;
      }
      run(job);
    } catch (Refusal refusal) {
      if (refusal.trash) {
        trash(job, refusal.getMessage());
      } else {
        giveBack(job, refusal.getMessage(), refusal.skipFor);
      }
    } catch (RuntimeException e) {
      if (job.lostReason != null) {
        return; // the fence refused a write: the job is another owner's now
      }
      LOG.error("conductor {} failed on job '{}' ({})", name, job.jobName, job.id, e);
      giveBack(job, "conductor " + name + " failed on it: " + e, settings.pollInterval());
    } finally {
      release(job);
    }
  }

  private void run(HeldJob job) {
    Job posted = job.claim.job();
    Object inputs = posted.details().get(Job.STORE_KEY);
    if (inputs != null && !(inputs instanceof Map<?, ?>)) {
      throw Refusal.trash("details.store of job " + describe(job) + " should map input names to values but is "
          + inputs.getClass().getSimpleName() + " " + inputs);
    }
    Resolved resolved = storeRead(job, () -> resolve(job, posted));
    job.flowId = resolved.flowId;
    FlowFactory factory = settings.factories().find(resolved.call.name()).orElseThrow(() -> unserved(job, resolved.call));
    Optional<FlowDetail> recorded = resolved.recorded;
    if (recorded.isPresent()) {
      FlowState state = recorded.get().state();
      if (state == FlowState.SUCCESS || state == FlowState.REVERTED) {
        consume(job, "flow " + resolved.flowId + " had already ended " + state
            + " (a previous owner stopped before consuming the job)");
        return;
      }
      if (state == FlowState.FAILURE) {
        throw Refusal.trash(failedRevert(recorded.get().name(), resolved.flowId));
      }
    }
    Map<String, Object> flowInputs = inputs(job, posted, recorded);
    Flow flow = build(job, factory, resolved.call);
    FencedStore fenced = new FencedStore(store, job);
    if (recorded.isEmpty()) {
      storeRead(job, () -> {
        createFlowDetail(fenced, posted, resolved, flow);
        return null;
      });
    }
    Engine engine = engine(job, flow, fenced, flowInputs);
    try {
      execute(job, engine, recorded);
    } finally {
      engine.close();
    }
  }

  /** Runs a store call; a store failure gives the job back (another try may find the store well). */
  private <T> T storeRead(HeldJob job, java.util.function.Supplier<T> call) {
    try {
      return call.get();
    } catch (StoreException e) {
      if (job.lostReason != null) {
        throw e;
      }
      throw Refusal.giveBack("store " + store.describe() + " failed: " + e.getMessage(), settings.pollInterval());
    }
  }

  private Resolved resolve(HeldJob job, Job posted) {
    Optional<JobBook> book = posted.book();
    if (book.isEmpty()) {
      FactoryCall call = posted.factory().orElseThrow(() -> Refusal.trash(
          posted.details().containsKey(FactoryCall.META_KEY)
              ? "details.factory of job " + describe(job) + " is not {name, args, kwargs} with a non-blank name: "
                  + posted.details().get(FactoryCall.META_KEY)
              : "job " + describe(job) + " names neither a logbook nor a factory (details.factory)"));
      String flowId = UUID.nameUUIDFromBytes((FLOW_ID_SEED + posted.id()).getBytes(StandardCharsets.UTF_8)).toString();
      Optional<FlowDetail> recorded = store.flow(flowId);
      if (recorded.isPresent() && !recorded.get().logBookUuid().equals(posted.id())) {
        throw Refusal.trash("flow detail " + flowId + " of job " + describe(job) + " belongs to logbook "
            + recorded.get().logBookUuid() + " in store " + store.describe() + ", not to the job's own logbook " + posted.id());
      }
      return new Resolved(flowId, call, recorded);
    }
    JobBook named = book.get();
    if (store.logBook(named.uuid()).isEmpty()) {
      throw Refusal.trash("logbook " + named.uuid() + " ('" + named.name() + "') named by job " + describe(job)
          + " is not in store " + store.describe());
    }
    String flowId;
    if (posted.flowId().isPresent()) {
      flowId = posted.flowId().get();
    } else {
      List<FlowDetail> flows = store.flowsOf(named.uuid());
      if (flows.size() != 1) {
        throw Refusal.trash("logbook " + named.uuid() + " of job " + describe(job) + " holds " + flows.size()
            + " flow details in store " + store.describe() + " and the job names none of them (details.flow_uuid)");
      }
      flowId = flows.get(0).uuid();
    }
    FlowDetail detail = store.flow(flowId).orElseThrow(() -> Refusal.trash(
        "flow detail " + flowId + " named by job " + describe(job) + " is not in store " + store.describe()));
    if (!detail.logBookUuid().equals(named.uuid())) {
      throw Refusal.trash("flow detail " + flowId + " named by job " + describe(job) + " belongs to logbook "
          + detail.logBookUuid() + ", not to the job's logbook " + named.uuid());
    }
    Object meta = detail.meta().get(FactoryCall.META_KEY);
    FactoryCall call = FactoryCall.fromMeta(meta).or(posted::factory).orElseThrow(() -> Refusal.trash(
        "flow detail " + flowId + " of job " + describe(job) + " names no factory: its meta.factory should be"
            + " {name, args, kwargs} with a non-blank name, found " + meta));
    return new Resolved(flowId, call, Optional.of(detail));
  }

  private Refusal unserved(HeldJob job, FactoryCall call) {
    String reason = "conductor " + name + " serves no factory named '" + call.name() + "' (it serves "
        + settings.factories().names() + "); the job is left for another conductor";
    if (warnedUnserved.add(job.id)) {
      LOG.warn("job {}: {}", describe(job), reason);
    }
    return Refusal.giveBack(reason, UNSERVED_SKIP);
  }

  private Flow build(HeldJob job, FlowFactory factory, FactoryCall call) {
    Flow flow;
    try {
      flow = factory.create(call);
    } catch (IllegalArgumentException e) {
      throw Refusal.trash("factory '" + call.name() + "' rejected the arguments of job " + describe(job) + ": "
          + e.getMessage());
    } catch (RuntimeException e) {
      throw Refusal.trash("factory '" + call.name() + "' failed to build the flow of job " + describe(job) + ": " + e);
    }
    if (flow == null) {
      throw Refusal.trash("factory '" + call.name() + "' built no flow for job " + describe(job));
    }
    return flow;
  }

  /**
   * The inputs to run a job's flow with, as the reference's conductors take them: its flow
   * detail's {@code meta.store}, then the job's {@code details.store}, which wins.
   */
  private Map<String, Object> inputs(HeldJob job, Job posted, Optional<FlowDetail> recorded) {
    Map<String, Object> inputs = new LinkedHashMap<>();
    Object meta = recorded.map(flow -> flow.meta().get(Job.STORE_KEY)).orElse(null);
    if (meta != null && !(meta instanceof Map<?, ?>)) {
      throw Refusal.trash("meta.store of flow detail " + job.flowId + " of job " + describe(job)
          + " should map input names to values but is " + meta.getClass().getSimpleName() + " " + meta);
    }
    if (meta instanceof Map<?, ?> values) {
      values.forEach((key, value) -> inputs.put(String.valueOf(key), value));
    }
    inputs.putAll(posted.inputs());
    return inputs;
  }

  /** Records the flow detail of a job without a logbook, so that whoever runs it next resumes it. */
  private void createFlowDetail(FencedStore fenced, Job posted, Resolved resolved, Flow flow) {
    Instant now = clock.instant();
    // Written with the flow detail in one transaction, so when the detail is missing so is the
    // logbook, unless someone deleted the flow; writing it again then only restores it.
    LogBook book = LogBook.of(posted.id(), posted.name(), now);
    Map<String, Object> meta = Map.of(FactoryCall.META_KEY, resolved.call.toMeta());
    FlowDetail detail = new FlowDetail(resolved.flowId, posted.id(), flow.name(), FlowState.PENDING, meta, now, now);
    fenced.save(new Changes(List.of(book), List.of(detail), List.of()));
    fenced.remember(book, detail);
  }

  private Engine engine(HeldJob job, Flow flow, FlowStore fenced, Map<String, Object> inputs) {
    try {
      EngineBuilder builder = Engine.builder(flow);
      settings.engine().ifPresent(customizer -> customizer.accept(builder));
      // One pool for every job's tasks saves each engine from starting threads of its own, unless
      // the customizer chose how tasks run, such as a task executor for remote workers.
      if (!builder.choosesHowTasksRun()) {
        builder.executor(ownedTasks);
      }
      return builder.resume(fenced, job.flowId).inputs(inputs).build();
    } catch (FlowDefinitionException e) {
      throw Refusal.trash("the flow of job " + describe(job) + " is invalid: " + e.getMessage());
    } catch (ResumeException | ValueConversionException e) {
      throw Refusal.trash(e.getMessage());
    } catch (StoreException e) {
      if (job.lostReason != null) {
        throw e;
      }
      throw Refusal.giveBack("store " + store.describe() + " failed: " + e.getMessage(), settings.pollInterval());
    } catch (IllegalStateException e) {
      LOG.error("conductor {} cannot build an engine: {}; check its engine(...) customizer", name, e.getMessage());
      throw Refusal.giveBack("conductor " + name + " cannot build an engine: " + e.getMessage(), settings.pollInterval());
    }
  }

  private void execute(HeldJob job, Engine engine, Optional<FlowDetail> recorded) {
    job.engine = engine;
    emit(ConductorEvent.Type.STARTED, job, recorded.filter(flow -> flow.state() != FlowState.PENDING)
        .map(flow -> "resuming from state " + flow.state()).orElse("starting"));
    FlowState end;
    try {
      var future = engine.runAsync();
      // A stop or a lost lease may have come before the flow ran, when a suspend is ignored.
      if (stopping || job.lostReason != null) {
        engine.suspend();
      }
      end = future.join();
    } catch (CompletionException e) {
      Throwable cause = e.getCause() != null ? e.getCause() : e;
      if (job.lostReason != null) {
        return;
      }
      if (cause instanceof FlowFailedException failed) {
        if (failed.state() == FlowState.REVERTED) {
          consume(job, "reverted: " + failed.getMessage());
        } else {
          trash(job, failedRevert(failed.flowName(), job.flowId) + ": " + failed.getMessage());
        }
      } else if (cause instanceof StoreException) {
        giveBack(job, "store " + store.describe() + " failed: " + cause.getMessage(), settings.pollInterval());
      } else {
        LOG.error("the engine of job {} stopped on an error", describe(job), cause);
        giveBack(job, "its engine stopped on an error: " + cause, settings.pollInterval());
      }
      return;
    }
    if (job.lostReason != null) {
      return;
    }
    if (end == FlowState.SUCCESS) {
      consume(job, "SUCCESS");
    } else {
      giveBack(job, "conductor " + name + " is stopping; flow " + job.flowId + " was " + end, Duration.ZERO);
    }
  }

  private String failedRevert(String flowName, String flowId) {
    return "flow '" + flowName + "' failed and could not be fully reverted; see flow " + flowId + " in store "
        + store.describe();
  }

  // ---- ending a claim (job thread)

  /** Consumes the claims of flows that end together in one call of the board. */
  private void consumeTogether(List<Batcher.Item<Claim>> group) {
    try {
      Set<String> lost = board.consume(group.stream().map(Batcher.Item::value).toList()).stream()
          .map(Claim::jobId).collect(Collectors.toSet());
      for (Batcher.Item<Claim> item : group) {
        if (lost.contains(item.value().jobId())) {
          item.fail(new LeaseLostException("conductor " + name + " no longer held job " + item.value().jobId()
              + " on board " + board.describe() + " when its flow ended"));
        }
      }
    } catch (RuntimeException e) {
      group.forEach(item -> item.fail(e));
    }
  }

  private void consume(HeldJob job, String detail) {
    if (job.lostReason != null) {
      return;
    }
    job.finishing = true;
    cancelRenewal(job);
    try {
      consumer.submit(job.claim);
      LOG.debug("conductor {} consumed job {}: {}", name, describe(job), detail);
      emit(ConductorEvent.Type.CONSUMED, job, detail);
    } catch (LeaseLostException e) {
      lost(job, e.getMessage());
    } catch (RuntimeException e) {
      failed(job, "could not be consumed on board " + board.describe() + " (" + detail + "): " + e.getMessage());
    }
  }

  private void giveBack(HeldJob job, String reason, Duration skipFor) {
    if (job.lostReason != null) {
      return;
    }
    job.finishing = true;
    cancelRenewal(job);
    // Skipped before the abandon, whose wake-up would otherwise let the claim loop take it again.
    if (!skipFor.isZero()) {
      skip.put(job.id, clock.instant().plus(skipFor));
    }
    try {
      board.abandon(job.claim);
      LOG.info("conductor {} abandoned job {}: {}", name, describe(job), reason);
      emit(ConductorEvent.Type.ABANDONED, job, reason);
    } catch (LeaseLostException e) {
      lost(job, e.getMessage());
    } catch (RuntimeException e) {
      failed(job, "could not be abandoned on board " + board.describe() + " (" + reason + "): " + e.getMessage());
    }
  }

  private void trash(HeldJob job, String reason) {
    if (job.lostReason != null) {
      return;
    }
    job.finishing = true;
    cancelRenewal(job);
    try {
      // Trashing does not check the owner: renewing first makes sure the job is still ours.
      job.claim = board.renew(job.claim, settings.lease());
      board.trash(job.id, reason);
      LOG.warn("conductor {} trashed job {}: {}", name, describe(job), reason);
      emit(ConductorEvent.Type.TRASHED, job, reason);
    } catch (LeaseLostException e) {
      lost(job, e.getMessage());
    } catch (RuntimeException e) {
      failed(job, "could not be trashed on board " + board.describe() + " (" + reason + "): " + e.getMessage());
    }
  }

  private void failed(HeldJob job, String detail) {
    LOG.warn("conductor {}: job {} {}; it is left to its lease", name, describe(job), detail);
    emit(ConductorEvent.Type.FAILED, job, detail);
  }

  private void release(HeldJob job) {
    job.finishing = true;
    cancelRenewal(job);
    held.remove(job.id);
    lock.lock();
    try {
      signalled = true;
      changed.signalAll();
      released.signalAll();
    } finally {
      lock.unlock();
    }
  }

  private static String describe(HeldJob job) {
    return "'" + job.jobName + "' (" + job.id + ")";
  }

  private void emit(ConductorEvent.Type type, HeldJob job, String detail) {
    List<ConductorListener> listeners = settings.listeners();
    if (listeners.isEmpty()) {
      return;
    }
    ConductorEvent event = new ConductorEvent(type, name, job.id, job.jobName, Optional.ofNullable(job.flowId),
        Optional.ofNullable(detail), clock.instant());
    for (ConductorListener listener : listeners) {
      try {
        listener.onEvent(event);
      } catch (RuntimeException e) {
        LOG.warn("a listener of conductor {} failed on {}", name, event, e);
      }
    }
  }

  /** A job this conductor holds, shared by its job thread, the scheduler and the fence. */
  private static final class HeldJob {
    final String id;
    final String jobName;
    volatile Claim claim;
    /** When the lease may have lapsed by this conductor's reckoning: nothing is recorded after it. */
    volatile Instant deadline;
    /** Why the job is no longer held; null while it is. */
    volatile String lostReason;
    volatile boolean finishing;
    volatile boolean renewFailing;
    volatile String flowId;
    volatile Engine engine;
    volatile ScheduledFuture<?> renewal;

    HeldJob(Claim claim, Instant deadline) {
      this.id = claim.jobId();
      this.jobName = claim.job().name();
      this.claim = claim;
      this.deadline = deadline;
    }
  }

  /** Where a job's flow is recorded and what builds it. */
  private record Resolved(String flowId, FactoryCall call, Optional<FlowDetail> recorded) {}

  /** Why a job is not run: it is trashed, or given back for another conductor or a later try. */
  private static final class Refusal extends RuntimeException {
    final boolean trash;
    final Duration skipFor;

    private Refusal(String reason, boolean trash, Duration skipFor) {
      super(reason, null, false, false);
      this.trash = trash;
      this.skipFor = skipFor;
    }

    static Refusal trash(String reason) {
      return new Refusal(reason, true, Duration.ZERO);
    }

    static Refusal giveBack(String reason, Duration skipFor) {
      return new Refusal(reason, false, skipFor);
    }
  }

  /** The store a job's engine records in: it refuses every write once the job is no longer held. */
  private final class FencedStore extends ForwardingFlowStore {
    private final HeldJob job;
    /** What this conductor has just written for a new flow: the engine's first reads need no query. */
    private LogBook createdBook;
    private FlowDetail createdFlow;
    private boolean atomsKnown;

    FencedStore(FlowStore delegate, HeldJob job) {
      super(delegate);
      this.job = job;
    }

    /** Remembers a logbook and an empty flow detail just written, for the engine's resume to read. */
    synchronized void remember(LogBook book, FlowDetail flow) {
      createdBook = book;
      createdFlow = flow;
      atomsKnown = true;
    }

    @Override
    public void save(Changes changes) {
      checkHeld(job);
      super.save(changes);
    }

    @Override
    public synchronized Optional<FlowDetail> flow(String uuid) {
      if (createdFlow != null && createdFlow.uuid().equals(uuid)) {
        FlowDetail flow = createdFlow;
        createdFlow = null;
        return Optional.of(flow);
      }
      return super.flow(uuid);
    }

    @Override
    public synchronized List<AtomDetail> atoms(String flowUuid) {
      if (atomsKnown && flowUuid.equals(job.flowId)) {
        atomsKnown = false;
        return List.of();
      }
      return super.atoms(flowUuid);
    }

    @Override
    public synchronized Optional<LogBook> logBook(String uuid) {
      if (createdBook != null && createdBook.uuid().equals(uuid)) {
        LogBook book = createdBook;
        createdBook = null;
        return Optional.of(book);
      }
      return super.logBook(uuid);
    }

    @Override
    public void close() {
      // The conductor's store outlives every job.
    }
  }
}
