package io.taskflow4j.remote.internal;

import io.taskflow4j.TaskflowException;
import io.taskflow4j.failure.Failure;
import io.taskflow4j.protocol.InvalidMessageException;
import io.taskflow4j.protocol.NotifyResponse;
import io.taskflow4j.protocol.ProtocolCodec;
import io.taskflow4j.protocol.ProtocolMessage;
import io.taskflow4j.protocol.internal.RemoteRequest;
import io.taskflow4j.protocol.RequestState;
import io.taskflow4j.protocol.RequestTimeoutException;
import io.taskflow4j.protocol.ResponseData;
import io.taskflow4j.protocol.Role;
import io.taskflow4j.protocol.TaskRequest;
import io.taskflow4j.protocol.TaskResponse;
import io.taskflow4j.remote.ExecutionTimeoutException;
import io.taskflow4j.remote.KnownWorker;
import io.taskflow4j.remote.RemoteExecutorListener;
import io.taskflow4j.remote.RequestHeaders;
import io.taskflow4j.remote.WorkerLostException;
import io.taskflow4j.remote.WorkersUnavailableException;
import io.taskflow4j.spi.TaskInvocation;
import io.taskflow4j.state.InvalidStateTransitionException;
import io.taskflow4j.task.Outcome;
import io.taskflow4j.task.Task;
import io.taskflow4j.transport.Delivery;
import io.taskflow4j.transport.Message;
import io.taskflow4j.transport.MessageProperties;
import io.taskflow4j.transport.Subscription;
import io.taskflow4j.transport.Transport;
import io.taskflow4j.value.ValueConversionException;
import io.taskflow4j.value.ValueConverter;
import io.taskflow4j.protocol.internal.Dispatcher;
import io.taskflow4j.internal.Durations;
import io.taskflow4j.protocol.internal.ExtraHeaders;
import io.taskflow4j.protocol.internal.Heartbeats;
import io.taskflow4j.protocol.internal.RateLimitedLog;
import io.taskflow4j.protocol.internal.RunningNotice;
import io.taskflow4j.internal.Futures;
import io.taskflow4j.internal.Threads;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Queue;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The remote executor's machinery (contract sections 5 to 7): discovers workers with NOTIFYs,
 * publishes requests to workers serving their task, applies the workers' responses, and on every
 * tick expires requests and workers, publishes requests that waited for a worker, and fails running
 * requests whose worker fell silent or whose execution timeout passed.
 *
 * <p>Thread-safety: thread-safe. Requests are submitted from the engine's threads, responses are
 * applied on the transport's consumer thread, ticks run on the scheduler; each request's state
 * machine is atomic, so whichever thread ends a request does so exactly once.
 */
public final class ExecutorCore implements Dispatcher.Receiver {

  private static final Logger LOG = LoggerFactory.getLogger(ExecutorCore.class);
  /** Warnings about extra headers: at most one a minute, since every request may have them. */
  private static final RateLimitedLog HEADER_WARNINGS = new RateLimitedLog(Duration.ofMinutes(1), System::nanoTime);

  /**
   * How long a topic whose worker fell silent mid-task has to answer the NOTIFY sent then, or to
   * answer anything, before the executor takes it for dead.
   */
  static final Duration LOSS_ANSWER_WAIT = Duration.ofMillis(250);
  /** How many times per heartbeat interval running requests are looked at, at least. */
  private static final int HEARTBEAT_CHECKS = 4;
  /** How many times per worker expiry workers are looked at, at least. */
  private static final int EXPIRY_CHECKS = 8;
  /** The fastest the executor ticks for heartbeats or a worker expiry. */
  private static final Duration MIN_TICK_PERIOD = Duration.ofMillis(10);

  /** What the executor knows of a topic where a worker fell silent mid-task. */
  private static final class Loss {
    final Instant since;
    /** The tasks the silent worker served, as it last announced them. */
    final List<String> tasks;
    /** When the topic was last heard after {@link #since}: another worker of it lives; or null. */
    volatile Instant heardAfter;

    Loss(Instant since, List<String> tasks) {
      this.since = since;
      this.tasks = tasks;
    }
  }

  /** How a task's last worker was lost, and when the executor found it out. */
  private record Abandoned(String how, Instant since) {}

  /** A topic forgotten for silence: since when, and the tasks its worker served. */
  private record Silent(Instant since, List<String> tasks) {}

  /**
   * What an executor is configured with; validated by the public builder.
   *
   * @param transport the broker connection, not owned
   * @param exchange the exchange
   * @param topics the worker topics to send NOTIFYs to
   * @param requestTimeout how long a request may wait for a worker to start it
   * @param notifyPeriod how often NOTIFYs go out
   * @param workerExpiry how long a silent worker is kept; zero or negative for ever
   * @param tickPeriod how often timeouts are checked
   * @param missedHeartbeats after how many missed heartbeat intervals a worker is lost; 0 for never
   * @param executionTimeout the execution timeout of tasks without their own
   * @param executionTimeouts task name to its own execution timeout
   * @param clock the clock every timeout is measured with
   * @param scheduler the caller's scheduler for ticks, never shut down
   * @param codec the codec
   * @param converter turns arguments and execute results into JSON before they are sent
   * @param inFlight the most requests published and not yet ended per worker topic
   * @param listeners told of started requests and lost workers
   * @param requestHeaders give extra headers for each request
   * @param runningNoticeDelay how long a taskflow4j worker may run a task before saying RUNNING;
   *     zero to have it said at once
   */
  public record Settings(
      Transport transport,
      String exchange,
      List<String> topics,
      Duration requestTimeout,
      Duration notifyPeriod,
      Duration workerExpiry,
      Duration tickPeriod,
      int missedHeartbeats,
      Optional<Duration> executionTimeout,
      Map<String, Duration> executionTimeouts,
      Clock clock,
      Optional<ScheduledExecutorService> scheduler,
      ProtocolCodec codec,
      ValueConverter converter,
      int inFlight,
      List<RemoteExecutorListener> listeners,
      List<RequestHeaders> requestHeaders,
      Duration runningNoticeDelay) {

    /**
     * Copies the collections.
     *
     * @param transport the broker connection, not owned
     * @param exchange the exchange
     * @param topics the worker topics to send NOTIFYs to
     * @param requestTimeout how long a request may wait for a worker to start it
     * @param notifyPeriod how often NOTIFYs go out
     * @param workerExpiry how long a silent worker is kept; zero or negative for ever
     * @param tickPeriod how often timeouts are checked
     * @param missedHeartbeats after how many missed heartbeat intervals a worker is lost; 0 for never
     * @param executionTimeout the execution timeout of tasks without their own
     * @param executionTimeouts task name to its own execution timeout
     * @param clock the clock every timeout is measured with
     * @param scheduler the caller's scheduler for ticks, never shut down
     * @param codec the codec
     * @param converter turns arguments and execute results into JSON before they are sent
     * @param inFlight the most requests published and not yet ended per worker topic
     * @param listeners told of started requests and lost workers
     * @param requestHeaders give extra headers for each request
     * @param runningNoticeDelay how long a taskflow4j worker may run a task before saying RUNNING;
     *     zero to have it said at once
     */
    public Settings {
      Objects.requireNonNull(transport, "transport");
      Objects.requireNonNull(exchange, "exchange");
      topics = List.copyOf(topics);
      Objects.requireNonNull(requestTimeout, "requestTimeout");
      Objects.requireNonNull(notifyPeriod, "notifyPeriod");
      Objects.requireNonNull(workerExpiry, "workerExpiry");
      Objects.requireNonNull(tickPeriod, "tickPeriod");
      Objects.requireNonNull(executionTimeout, "executionTimeout");
      executionTimeouts = Map.copyOf(executionTimeouts);
      listeners = List.copyOf(listeners);
      requestHeaders = List.copyOf(requestHeaders);
      Objects.requireNonNull(clock, "clock");
      Objects.requireNonNull(scheduler, "scheduler");
      Objects.requireNonNull(codec, "codec");
      Objects.requireNonNull(converter, "converter");
      if (inFlight < 1) {
        throw new IllegalArgumentException("inFlight must be at least 1, got " + inFlight);
      }
      Objects.requireNonNull(runningNoticeDelay, "runningNoticeDelay");
    }
  }

  private enum State {
    NEW,
    STARTED,
    CLOSED
  }

  private final Settings settings;
  private final Transport transport;
  private final String exchange;
  private final String topic = UUID.randomUUID().toString();
  private final String owner = "remote executor " + topic;
  private final Clock clock;
  private final ProtocolCodec codec;
  private final Message notify;
  /** The header asking our workers for RUNNING only from tasks that run long; empty for never. */
  private final Map<String, Object> runningNotice;
  private final Dispatcher dispatcher;
  private final WorkerTable workers = new WorkerTable();
  private final TaskVersions versions = new TaskVersions();
  private final Map<String, OpenRequest> requests = new ConcurrentHashMap<>();
  /**
   * Worker topic to the heartbeat interval heard from it. A taskflow4j worker sends a heartbeat
   * before RUNNING only for its first request from this executor, so a RUNNING request of a topic
   * found here is watched for heartbeats from the start. (A worker without heartbeats sharing a
   * topic with one that sends them would then be taken as lost once a task of it runs long.)
   */
  private final Map<String, Duration> heartbeating = new ConcurrentHashMap<>();

  /**
   * Worker topics forgotten for silence, with when: a topic that still does not answer a NOTIFY
   * round later is taken for dead, with the tasks running there.
   */
  private final Map<String, Silent> silentSince = new ConcurrentHashMap<>();
  /** Worker topics where a worker fell silent mid-task, while the requests it ran are undecided. */
  private final Map<String, Loss> losses = new ConcurrentHashMap<>();
  /**
   * Task class to when a request for it first found no worker serving it, until one does: every
   * request waiting for such a worker times out together, one request timeout after the first, so
   * a run with no worker left ends within one request timeout rather than one per revert.
   */
  private final Map<String, Instant> unservedSince = new ConcurrentHashMap<>();
  /**
   * Task class to how its last worker was lost, until a worker serving it answers: its requests
   * (reverts above all) wait together for a worker to come back, as one restarted by a supervisor
   * does, and fail naming the loss one request timeout after it: reverts of all its tasks wait
   * together, so a run with no worker left ends within one request timeout of the loss.
   */
  private final Map<String, Abandoned> abandoned = new ConcurrentHashMap<>();
  /** Worker topic to its requests published and not yet ended. */
  private final Map<String, AtomicInteger> inFlight = new ConcurrentHashMap<>();
  /** Worker topic to requests waiting, in order, for room in its window. */
  private final Map<String, Queue<OpenRequest>> backlog = new ConcurrentHashMap<>();
  private volatile ScheduledExecutorService scheduler;
  private final Object lifecycle = new Object();

  private volatile State state = State.NEW;
  private ScheduledExecutorService ownedScheduler;
  private ScheduledFuture<?> ticks;
  /** The period {@link #ticks} runs at; guarded by {@link #lifecycle}. */
  private Duration tickPeriod;
  private Subscription subscription;
  /** When NOTIFYs last went out; written on start and by ticks. */
  private volatile Instant lastNotify;

  /**
   * Creates a stopped executor with a random topic of its own.
   *
   * @param settings its settings
   */
  public ExecutorCore(Settings settings) {
    this.settings = Objects.requireNonNull(settings, "settings");
    this.transport = settings.transport();
    this.exchange = settings.exchange();
    this.clock = settings.clock();
    this.codec = settings.codec();
    this.notify = codec.encodeNotifyRequest(topic);
    this.runningNotice = settings.runningNoticeDelay().isZero()
        ? Map.of()
        : RunningNotice.header(settings.runningNoticeDelay());
    this.dispatcher =
        new Dispatcher(owner, Role.EXECUTOR, codec, () -> state == State.STARTED, this);
  }

  /**
   * The executor's own topic, where workers send their answers.
   *
   * @return a random UUID
   */
  public String topic() {
    return topic;
  }

  /**
   * Starts consuming answers, sends the first NOTIFYs and starts ticking.
   *
   * @throws IllegalStateException when started before
   * @throws io.taskflow4j.transport.TransportException when the reply queue cannot be consumed
   */
  public void start() {
    synchronized (lifecycle) {
      if (state != State.NEW) {
        throw new IllegalStateException(owner + " was already started; an executor starts once");
      }
      state = State.STARTED;
      try {
        subscription = transport.consume(exchange, topic, dispatcher);
      } catch (RuntimeException e) {
        state = State.CLOSED;
        throw e;
      }
      ScheduledExecutorService scheduler;
      if (settings.scheduler().isPresent()) {
        scheduler = settings.scheduler().get();
      } else {
        ScheduledThreadPoolExecutor own =
            new ScheduledThreadPoolExecutor(1, Threads.daemon("taskflow4j-remote-" + topic));
        own.setRemoveOnCancelPolicy(true);
        ownedScheduler = own;
        scheduler = own;
      }
      lastNotify = clock.instant();
      this.scheduler = scheduler;
      tickPeriod = initialTickPeriod(settings);
      long period = tickPeriod.toNanos();
      try {
        ticks = scheduler.scheduleAtFixedRate(this::tick, period, period, TimeUnit.NANOSECONDS);
      } catch (RuntimeException e) {
        // A caller's scheduler that is shut down: leave nothing half-started behind.
        state = State.CLOSED;
        subscription.close();
        throw e;
      }
      publishNotify(lastNotify);
    }
    LOG.info(
        "{} started: exchange {}, worker topics {}, transport {}",
        owner, exchange, settings.topics(), transport.describe());
  }

  /**
   * Sends a task's execute or revert to a worker, or keeps it until a worker serving it is known.
   *
   * @param invocation the call
   * @return completes with the outcome; never exceptionally
   * @throws IllegalStateException when the executor was not started
   */
  public CompletableFuture<Outcome> submit(TaskInvocation invocation) {
    Objects.requireNonNull(invocation, "invocation");
    State now = state;
    if (now == State.NEW) {
      throw new IllegalStateException(owner + " is not started; call start() first");
    }
    Task task = invocation.task();
    if (now == State.CLOSED) {
      return CompletableFuture.completedFuture(Outcome.failure(Failure.of(new RequestTimeoutException(
          "task '" + task.name() + "' was not sent: the remote executor is closed"))));
    }
    TaskRequest message;
    try {
      message = message(invocation);
    } catch (ValueConversionException | IllegalArgumentException e) {
      return CompletableFuture.completedFuture(Outcome.failure(Failure.of(new TaskflowException(
          "task '" + task.name() + "' cannot be sent to a worker: " + e.getMessage(), e))));
    }
    RemoteRequest request =
        RemoteRequest.create(
            UUID.randomUUID(), message, Optional.of(settings.requestTimeout()), clock);
    OpenRequest open =
        new OpenRequest(request, invocation, executionTimeout(task.name()), extraHeaders(invocation));
    requests.put(open.id, open);
    if (state == State.CLOSED) {
      // close() may have swept the table before this request was in it.
      if (request.abandon()) {
        finish(open);
      }
      return open.result;
    }
    dispatch(open);
    return open.result;
  }

  /**
   * Withdraws those of the given invocations whose requests were never sent.
   *
   * @param invocations invocations submitted here, compared by identity
   */
  public void withdraw(Collection<TaskInvocation> invocations) {
    if (invocations.isEmpty() || requests.isEmpty()) {
      return;
    }
    Set<TaskInvocation> asked = Collections.newSetFromMap(new IdentityHashMap<>());
    asked.addAll(invocations);
    int withdrawn = 0;
    for (OpenRequest open : requests.values()) {
      if (asked.contains(open.invocation) && open.request.withdraw()) {
        finish(open);
        withdrawn++;
      }
    }
    if (withdrawn > 0) {
      LOG.info("{} withdrew {} requests that no worker had yet", owner, withdrawn);
    }
  }

  /**
   * The extra headers the request of an invocation carries: what the configured {@link
   * RequestHeaders} give, within the limits. Nothing here fails the task: a header that breaks the
   * limits is dropped, and a source that throws gives none.
   */
  private Map<String, Object> extraHeaders(TaskInvocation invocation) {
    List<RequestHeaders> sources = settings.requestHeaders();
    if (sources.isEmpty()) {
      return Map.of();
    }
    Map<String, Object> headers = new LinkedHashMap<>();
    for (RequestHeaders source : sources) {
      Map<String, String> given;
      try {
        given = source.headers(invocation);
      } catch (RuntimeException e) {
        HEADER_WARNINGS.warn(LOG, "{}: request headers {} failed for task '{}'; it is sent without them: {}",
            owner, source, invocation.task().name(), e.toString());
        continue;
      }
      if (given == null) {
        continue;
      }
      given.forEach((name, value) -> {
        if (headers.size() >= RequestHeaders.MAX_HEADERS && !headers.containsKey(name)) {
          HEADER_WARNINGS.warn(LOG, "{}: task '{}' would carry more than {} extra headers; '{}' is left out",
              owner, invocation.task().name(), RequestHeaders.MAX_HEADERS, name);
        } else if (!ExtraHeaders.validName(name) || !ExtraHeaders.validValue(value)) {
          HEADER_WARNINGS.warn(LOG, "{}: header '{}' for task '{}' is left out: names are 1 to {} printable "
                  + "ASCII characters without spaces, values at most {} characters", owner, name,
              invocation.task().name(), RequestHeaders.MAX_NAME_LENGTH, RequestHeaders.MAX_VALUE_LENGTH);
        } else {
          headers.put(name, value);
        }
      });
    }
    return headers.isEmpty() ? Map.of() : Collections.unmodifiableMap(headers);
  }

  private TaskRequest message(TaskInvocation invocation) {
    Task task = invocation.task();
    Map<String, ?> arguments = jsonArguments(invocation.arguments().asMap());
    if (invocation.executeOutcome().isEmpty()) {
      return TaskRequest.execute(
          task.remoteName(), task.name(), versions.of(task.spec().version()), arguments);
    }
    Outcome outcome = invocation.executeOutcome().get();
    if (outcome instanceof Outcome.Succeeded succeeded) {
      Object json = settings.converter().toJson(succeeded.value());
      if (json != succeeded.value()) {
        outcome = Outcome.success(json);
      }
    }
    return TaskRequest.revert(
        task.remoteName(),
        task.name(),
        versions.of(task.spec().version()),
        arguments,
        outcome,
        SentFailures.of(task.name(), invocation.flowFailures()));
  }

  /** The arguments as a JSON object: as they are when already JSON, the common case. */
  private Map<String, ?> jsonArguments(Map<String, Object> arguments) {
    Object json = settings.converter().toJson(arguments);
    if (json instanceof Map<?, ?> map) {
      // Keys are checked to be strings when the request freezes the map.
      @SuppressWarnings("unchecked")
      Map<String, ?> object = (Map<String, ?>) map;
      return object;
    }
    throw new ValueConversionException(
        "the converter turned the arguments into a "
            + (json == null ? "null" : json.getClass().getName()) + ", not a JSON object");
  }

  private Optional<Duration> executionTimeout(String taskName) {
    Duration own = settings.executionTimeouts().get(taskName);
    return own != null ? Optional.of(own) : settings.executionTimeout();
  }

  /**
   * Publishes a WAITING request to a worker serving its task, if one is known and its topic has
   * room in its window of requests in flight; otherwise the request waits (in the topic's backlog
   * when the window is full).
   */
  private void dispatch(OpenRequest open) {
    RemoteRequest request = open.request;
    Optional<String> worker = workers.pick(request.taskClass());
    if (worker.isEmpty()) {
      if (failIfNoWorkerCameBack(open, clock.instant())) {
        return;
      }
      unservedSince.putIfAbsent(request.taskClass(), clock.instant());
      if (LOG.isDebugEnabled()) {
        LOG.debug("{}: no known worker serves '{}' yet; {} waits", owner, request.taskClass(), request);
      }
      return;
    }
    AtomicInteger outstanding =
        inFlight.computeIfAbsent(worker.get(), t -> new AtomicInteger());
    if (!reserve(outstanding)) {
      park(open, worker.get());
      return;
    }
    try {
      if (!request.transition(RequestState.PENDING)) {
        outstanding.decrementAndGet();
        return;
      }
    } catch (InvalidStateTransitionException e) {
      outstanding.decrementAndGet();
      return; // another thread published, expired or abandoned it first
    }
    open.workerTopic = worker.get();
    open.publishedAt = clock.instant();
    open.counted.set(true);
    if (request.state().isTerminal()) {
      release(open); // ended by another thread before it was counted
    }
    Message encoded = codec.encodeRequest(request.message(), topic, open.id);
    // The broker drops the request once the executor no longer waits for it to start.
    Duration left = settings.requestTimeout().minus(request.elapsed());
    MessageProperties properties =
        encoded.properties().withExpiration(left.compareTo(MIN_EXPIRATION) < 0 ? MIN_EXPIRATION : left);
    if (!open.headers.isEmpty()) {
      properties = properties.withHeaders(open.headers);
    }
    // Last, so that no extra header takes its name.
    properties = properties.withHeaders(runningNotice);
    Message expiring = new Message(properties, encoded.body());
    String workerTopic = worker.get();
    CompletableFuture<Void> sent;
    try {
      // Not awaited: with publisher confirms, many requests await theirs at once.
      sent = transport.publishAsync(exchange, workerTopic, expiring);
    } catch (RuntimeException e) {
      sent = CompletableFuture.failedFuture(e);
    }
    sent.whenComplete((ok, error) -> {
      if (error != null) {
        LOG.error("{} failed to send {} to worker '{}'", owner, request, workerTopic, error);
        if (request.complete(Outcome.failure(Failure.of(Futures.unwrap(error))))) {
          finish(open);
        }
      } else if (LOG.isDebugEnabled()) {
        LOG.debug("{} sent {} to worker '{}'", owner, request, workerTopic);
      }
    });
  }


  private static final Duration MIN_EXPIRATION = Duration.ofMillis(1);

  private boolean reserve(AtomicInteger outstanding) {
    int window = settings.inFlight();
    while (true) {
      int now = outstanding.get();
      if (now >= window) {
        return false;
      }
      if (outstanding.compareAndSet(now, now + 1)) {
        return true;
      }
    }
  }

  private void park(OpenRequest open, String workerTopic) {
    if (!open.parked) {
      open.parked = true;
      backlog.computeIfAbsent(workerTopic, t -> new ConcurrentLinkedQueue<>()).add(open);
    }
    // Room may have come between the reservation and the parking.
    pullFromBacklog(workerTopic);
  }

  /** Publishes requests waiting in a topic's backlog while its window has room. */
  private void pullFromBacklog(String workerTopic) {
    Queue<OpenRequest> waiting = backlog.get(workerTopic);
    if (waiting == null) {
      return;
    }
    AtomicInteger outstanding = inFlight.get(workerTopic);
    while (outstanding == null || outstanding.get() < settings.inFlight()) {
      OpenRequest next = waiting.poll();
      if (next == null) {
        return;
      }
      next.parked = false;
      if (next.request.state() == RequestState.WAITING) {
        dispatch(next);
      }
    }
  }

  private void finish(OpenRequest open) {
    if (requests.remove(open.id, open)) {
      release(open);
    }
    open.settle();
  }

  /** Frees the request's place in its topic's window, once, and lets the next one go. */
  private void release(OpenRequest open) {
    if (!open.counted.compareAndSet(true, false)) {
      return;
    }
    String workerTopic = open.workerTopic;
    inFlight.get(workerTopic).decrementAndGet();
    pullFromBacklog(workerTopic);
  }

  /**
   * Waits until at least {@code count} workers are known.
   *
   * @param count how many, at least 1
   * @param timeout how long to wait
   * @throws WorkersUnavailableException when fewer are known when the time runs out
   * @throws InterruptedException when interrupted while waiting
   */
  public void waitForWorkers(int count, Duration timeout) throws InterruptedException {
    if (!workers.awaitAtLeast(count, timeout)) {
      List<KnownWorker> known = workers.snapshot();
      throw new WorkersUnavailableException(
          "waited "
              + Durations.describe(timeout)
              + " for "
              + count
              + (count == 1 ? " worker" : " workers")
              + " but "
              + (known.isEmpty()
                  ? "none answered"
                  : known.size() + " answered: " + known.stream().map(KnownWorker::topic).toList())
              + " (NOTIFYs go to topics "
              + settings.topics()
              + " on exchange '"
              + exchange
              + "')");
    }
  }

  /**
   * The workers known now.
   *
   * @return a snapshot
   */
  public List<KnownWorker> workers() {
    return workers.snapshot();
  }

  /**
   * How many requests are submitted and not ended.
   *
   * @return the count now
   */
  public int openRequests() {
    return requests.size();
  }

  /**
   * Stops consuming and fails every open request with a {@link RequestTimeoutException} saying
   * the executor stopped. Idempotent.
   */
  public void close() {
    Subscription consumer;
    synchronized (lifecycle) {
      if (state == State.CLOSED) {
        return;
      }
      state = State.CLOSED;
      if (ticks != null) {
        ticks.cancel(false);
      }
      consumer = subscription;
      subscription = null;
    }
    if (consumer != null) {
      try {
        consumer.close();
      } catch (RuntimeException e) {
        LOG.warn("{} could not stop consuming cleanly", owner, e);
      }
    }
    int abandoned = 0;
    for (OpenRequest open : requests.values()) {
      if (open.request.abandon()) {
        finish(open);
        abandoned++;
      }
    }
    workers.clear();
    synchronized (lifecycle) {
      if (ownedScheduler != null) {
        ownedScheduler.shutdownNow();
        ownedScheduler = null;
      }
    }
    LOG.info("{} closed; {} open requests failed", owner, abandoned);
  }

  // ---- periodic work

  private void tick() {
    try {
      Instant now = clock.instant();
      if (Duration.between(lastNotify, now).compareTo(settings.notifyPeriod()) >= 0) {
        publishNotify(now);
      }
      for (KnownWorker gone : workers.expire(now, settings.workerExpiry())) {
        LOG.info("{} forgot worker '{}': not heard from for {}", owner, gone.topic(),
            Durations.describe(Duration.between(gone.lastSeen(), now)));
        silentSince.putIfAbsent(gone.topic(), new Silent(now, gone.tasks()));
        tell(listener -> listener.onWorkerLost(gone.topic(), "no answer to NOTIFY for "
            + Durations.describe(Duration.between(gone.lastSeen(), now))));
        publishNotify(now);
        checkAgainIn(LOSS_ANSWER_WAIT);
      }
      failTasksOfSilentTopics(now);
      if (!losses.isEmpty()) {
        Duration keep = settings.requestTimeout().multipliedBy(2);
        losses.values().removeIf(loss -> Duration.between(loss.since, now).compareTo(keep) > 0);
      }
      for (OpenRequest open : requests.values()) {
        check(open, now);
      }
    } catch (RuntimeException e) {
      // A periodic task that throws is never run again.
      LOG.error("{}: periodic check failed", owner, e);
    }
  }

  private void check(OpenRequest open, Instant now) {
    RemoteRequest request = open.request;
    switch (request.state()) {
      case WAITING:
        if (failIfNoWorkerCameBack(open, now)) {
          break;
        }
        if (request.expireIfDue() || expireIfUnserved(open)) {
          expired(open);
        } else if (!open.parked) {
          dispatch(open);
        }
        break;
      case PENDING:
        if (request.expireIfDue()) {
          expired(open);
        }
        break;
      case RUNNING:
        checkRunning(open, now);
        break;
      default:
        break;
    }
  }

  /**
   * Fails a request for a task whose last worker was lost once no worker serving it has come back
   * within a request timeout of the loss, naming the loss.
   *
   * @return true when the request is a lost worker's and was failed
   */
  private boolean failIfNoWorkerCameBack(OpenRequest open, Instant now) {
    Abandoned lost = abandoned.get(open.request.taskClass());
    if (lost == null || Duration.between(lost.since(), now).compareTo(settings.requestTimeout()) < 0) {
      return false;
    }
    failLost(open, "task '" + open.taskName() + "' (request " + open.id + ", "
        + open.request.action().wireName() + ") has no worker left to run it: " + lost.how()
        + "; none came back within " + Durations.describe(settings.requestTimeout()));
    return true;
  }

  private boolean expireIfUnserved(OpenRequest open) {
    Instant since = unservedSince.get(open.request.taskClass());
    return since != null && open.request.expireIfWaitingSince(since);
  }

  private void expired(OpenRequest open) {
    LOG.warn("{}: {} expired after {} without a worker starting it", owner, open.request,
        Durations.describe(settings.requestTimeout()));
    finish(open);
  }

  private void checkRunning(OpenRequest open, Instant now) {
    if (open.orphanedAt != null) {
      checkOrphan(open, now);
      return;
    }
    Duration interval = open.heartbeatInterval;
    Instant heard = open.lastHeard;
    if (interval != null && heard != null && settings.missedHeartbeats() > 0) {
      Duration silence = Duration.between(heard, now);
      if (silence.compareTo(interval.multipliedBy(settings.missedHeartbeats())) > 0) {
        lost(open, silence, interval);
        return;
      }
    }
    Instant since = open.runningSince;
    if (open.executionTimeout.isPresent() && since != null) {
      Duration limit = open.executionTimeout.get();
      if (Duration.between(since, now).compareTo(limit) > 0) {
        ExecutionTimeoutException error = new ExecutionTimeoutException(
            "task '" + open.taskName() + "' ran longer than its execution timeout of "
                + Durations.describe(limit) + " on worker '" + open.workerTopic + "' (request "
                + open.id + ")");
        fail(open, error);
      }
    }
  }

  // A worker without heartbeats (a Python worker) that dies mid-task is seen only through its
  // silence: no NOTIFY answer for the worker expiry, and none to the NOTIFY sent then either.
  private void failTasksOfSilentTopics(Instant now) {
    for (Map.Entry<String, Silent> silent : silentSince.entrySet()) {
      String topic = silent.getKey();
      if (Duration.between(silent.getValue().since(), now).compareTo(LOSS_ANSWER_WAIT) < 0) {
        continue;
      }
      for (OpenRequest open : requests.values()) {
        RequestState state = open.request.state();
        if ((state == RequestState.RUNNING || state == RequestState.PENDING)
            && topic.equals(open.workerTopic)) {
          WorkerLostException error = new WorkerLostException(
              "worker '" + topic + "' stopped answering while "
                  + (state == RequestState.RUNNING ? "running" : "holding")
                  + " task '" + open.taskName()
                  + "' (request " + open.id + "): no answer to NOTIFY for more than "
                  + Durations.describe(settings.workerExpiry()));
          fail(open, error);
        }
      }
      abandon(silent.getValue().tasks(), "its worker '" + topic + "' answered no NOTIFY for more than "
          + Durations.describe(settings.workerExpiry()), now);
    }
  }

  /**
   * Remembers that the given tasks lost their last worker, unless another known worker serves
   * them: their requests wait for one to come back until a request timeout after {@code now}, the
   * time of the tick that found the loss (not read again: a test's clock may move meanwhile).
   */
  private void abandon(List<String> tasks, String how, Instant now) {
    List<String> orphaned = new ArrayList<>();
    for (String task : tasks) {
      if (workers.pick(task).isEmpty() && abandoned.putIfAbsent(task, new Abandoned(how, now)) == null) {
        orphaned.add(task);
      }
    }
    if (orphaned.isEmpty()) {
      return;
    }
    LOG.warn("{}: no worker is left for {}: {}; their requests wait up to {} for a worker serving them "
        + "to answer", owner, orphaned, how, Durations.describe(settings.requestTimeout()));
    for (OpenRequest open : requests.values()) {
      if (open.request.state() == RequestState.WAITING && orphaned.contains(open.request.taskClass())) {
        dispatch(open);
      }
    }
  }

  /**
   * A worker fell silent mid-task. A taskflow4j worker acknowledges a request only once it has
   * answered it, so the broker gives what a dead worker held to another worker of its topic, if one
   * lives: the request is left to that worker (a redelivered RUNNING or outcome ends the wait)
   * unless the topic answers nothing within {@link #LOSS_ANSWER_WAIT} of the NOTIFY sent now.
   */
  private void lost(OpenRequest open, Duration silence, Duration interval) {
    String worker = open.workerTopic;
    Instant now = clock.instant();
    open.silence = "nothing heard for " + Durations.describe(silence)
        + ", though it announced a heartbeat every " + Durations.describe(interval);
    open.orphanedAt = now;
    LOG.warn("{}: worker '{}' fell silent while running task '{}' (request {}): {}; asking whether "
        + "another worker of the topic takes it over", owner, worker, open.taskName(), open.id, open.silence);
    Optional<KnownWorker> forgotten = workers.remove(worker);
    losses.computeIfAbsent(
        worker, t -> new Loss(now, forgotten.map(KnownWorker::tasks).orElse(List.of())));
    if (forgotten.isPresent()) {
      LOG.warn("{} forgot worker '{}': it fell silent mid-task; asking its topic again", owner, worker);
      tell(listener -> listener.onWorkerLost(worker, open.silence));
      // Asked now, not at the next NOTIFY round, so that the reverts the engine may send next find
      // a live worker within moments; looked at again as soon as an answer can be there.
      publishNotify(now);
      checkAgainIn(LOSS_ANSWER_WAIT);
    }
  }

  /**
   * The configured tick period, shortened for a short worker expiry so that a silent worker is
   * noticed within a fraction of the expiry after it.
   */
  private static Duration initialTickPeriod(Settings settings) {
    Duration period = settings.tickPeriod();
    Duration expiry = settings.workerExpiry();
    if (expiry.isZero() || expiry.isNegative()) {
      return period;
    }
    Duration wanted = expiry.dividedBy(EXPIRY_CHECKS);
    if (wanted.compareTo(MIN_TICK_PERIOD) < 0) {
      wanted = MIN_TICK_PERIOD;
    }
    return wanted.compareTo(period) < 0 ? wanted : period;
  }

  /**
   * Ticks faster when a worker's heartbeats call for it, so that missed heartbeats are noticed
   * within a fraction of an interval rather than within the configured tick period.
   */
  private void tickAtLeastEvery(Duration wanted) {
    Duration period = wanted.compareTo(MIN_TICK_PERIOD) < 0 ? MIN_TICK_PERIOD : wanted;
    synchronized (lifecycle) {
      if (state != State.STARTED || ticks == null || period.compareTo(tickPeriod) >= 0) {
        return;
      }
      long nanos = period.toNanos();
      try {
        ScheduledFuture<?> faster =
            scheduler.scheduleAtFixedRate(this::tick, nanos, nanos, TimeUnit.NANOSECONDS);
        ticks.cancel(false);
        ticks = faster;
        tickPeriod = period;
        LOG.debug("{} now ticks every {} for a worker's heartbeats", owner, Durations.describe(period));
      } catch (RuntimeException e) {
        // A caller's scheduler shut down under a running executor: keep the ticks it had.
        LOG.warn("{}: could not tick faster for a worker's heartbeats: {}", owner, e.toString());
      }
    }
  }

  private void checkAgainIn(Duration delay) {
    ScheduledExecutorService ticker = scheduler;
    if (ticker == null) {
      return;
    }
    try {
      ticker.schedule(this::tick, delay.toNanos(), TimeUnit.NANOSECONDS);
    } catch (RuntimeException e) {
      LOG.debug("{}: could not schedule an early check: {}", owner, e.toString());
    }
  }

  private void checkOrphan(OpenRequest open, Instant now) {
    Instant orphaned = open.orphanedAt;
    String worker = open.workerTopic;
    Loss loss = losses.get(worker);
    Instant heard = loss == null ? null : loss.heardAfter;
    Duration waited = Duration.between(orphaned, now);
    if (heard == null || heard.isBefore(orphaned)) {
      if (waited.compareTo(LOSS_ANSWER_WAIT) >= 0) {
        topicLost(worker, "no worker of topic '" + worker + "' answered since");
        if (loss != null) {
          abandon(loss.tasks, "its worker '" + worker + "' fell silent mid-task and no worker of the"
              + " topic answered the NOTIFY sent then", now);
        }
      }
    } else if (waited.compareTo(settings.requestTimeout()) > 0) {
      failLost(open, "worker '" + worker + "' fell silent while running task '" + open.taskName()
          + "' (request " + open.id + "; " + open.silence + ") and no other worker of the topic took it over within "
          + Durations.describe(settings.requestTimeout()));
    }
  }

  /**
   * A topic whose worker fell silent answers nothing: its queue went with its last consumer, so
   * the requests it ran or held never end unless failed here.
   */
  private void topicLost(String worker, String why) {
    for (OpenRequest open : requests.values()) {
      if (!worker.equals(open.workerTopic)) {
        continue;
      }
      RequestState state = open.request.state();
      if (state == RequestState.PENDING || (state == RequestState.RUNNING && open.orphanedAt != null)) {
        failLost(open, "worker '" + worker + "' was lost while "
            + (state == RequestState.RUNNING ? "running" : "holding") + " task '" + open.taskName()
            + "' (request " + open.id + "): " + (open.silence.isEmpty() ? "it fell silent" : open.silence)
            + ", and " + why);
      }
    }
  }

  private void failLost(OpenRequest open, String message) {
    fail(open, new WorkerLostException(message));
  }

  /** Ends a request with a failure the executor found, logged once if this call ended it. */
  private void fail(OpenRequest open, TaskflowException error) {
    if (open.request.complete(Outcome.failure(Failure.of(error)))) {
      LOG.warn("{}: {}", owner, error.getMessage());
      finish(open);
    }
  }

  private void publishNotify(Instant now) {
    lastNotify = now;
    for (String workerTopic : settings.topics()) {
      try {
        transport.publish(exchange, workerTopic, notify);
      } catch (RuntimeException e) {
        LOG.warn("{} failed to send a NOTIFY to '{}'", owner, workerTopic, e);
      }
    }
  }

  // ---- Dispatcher.Receiver

  @Override
  public Optional<String> refusal(String type, MessageProperties properties) {
    if (ProtocolMessage.RESPONSE.equals(type) && properties.correlationId().isEmpty()) {
      return Optional.of("it has no 'correlation_id' property, so it matches no request");
    }
    return Optional.empty();
  }

  @Override
  public void notRunning(Delivery delivery) {
    delivery.requeue();
  }

  @Override
  public void onMessage(ProtocolMessage message, Delivery delivery) {
    delivery.ack();
    MessageProperties properties = delivery.message().properties();
    if (message instanceof TaskResponse response) {
      apply(response, properties.correlationId().orElseThrow());
    } else if (message instanceof NotifyResponse answer) {
      Instant now = clock.instant();
      Optional<KnownWorker> changed = workers.update(answer, now);
      silentSince.remove(answer.topic());
      heard(answer.topic(), now);
      if (changed.isPresent()) {
        LOG.info("{} knows worker '{}', serving {}", owner, answer.topic(), answer.tasks());
        answer.tasks().forEach(task -> {
          unservedSince.remove(task);
          abandoned.remove(task);
        });
        for (OpenRequest open : requests.values()) {
          if (open.request.state() == RequestState.WAITING) {
            dispatch(open);
          }
        }
      }
    }
  }

  /** Notes that a topic where a worker fell silent still has a live worker. */
  private void heard(String workerTopic, Instant now) {
    if (workerTopic == null) {
      return;
    }
    Loss loss = losses.get(workerTopic);
    if (loss != null) {
      loss.heardAfter = now;
    }
  }

  @Override
  public void onUnreadable(InvalidMessageException error, MessageProperties properties) {
    Optional<String> id = properties.correlationId();
    OpenRequest open = id.isPresent() ? requests.get(id.get()) : null;
    if (open == null) {
      return;
    }
    // A reference executor would leave the request open for ever; ending it lets the flow revert.
    TaskflowException failure = new TaskflowException(
        "the worker's response to task '" + open.taskName() + "' could not be read: "
            + error.getMessage(), error);
    if (open.request.complete(Outcome.failure(Failure.of(failure)))) {
      finish(open);
    }
  }

  private void apply(TaskResponse response, String correlationId) {
    OpenRequest open = requests.get(correlationId);
    if (open == null) {
      if (LOG.isDebugEnabled()) {
        LOG.debug("{}: ignoring a {} response for unknown request {}", owner, response.state(),
            correlationId);
      }
      return;
    }
    Instant now = clock.instant();
    open.lastHeard = now;
    if (!losses.isEmpty()) {
      heard(open.workerTopic, now);
    }
    ResponseData data = response.data();
    switch (response.state()) {
      case RUNNING:
        if (open.request.transitionOrLog(RequestState.RUNNING)) {
          started(open, now);
          String worker = open.workerTopic;
          if (open.heartbeatInterval == null && worker != null) {
            open.heartbeatInterval = heartbeating.get(worker);
          }
        } else if (open.request.state() == RequestState.RUNNING) {
          // Started again: the broker gave it to another worker after the first one died.
          open.runningSince = now;
          if (open.orphanedAt != null) {
            open.orphanedAt = null;
            LOG.info("{}: another worker of topic '{}' took over {}", owner, open.workerTopic, open.request);
          }
        }
        break;
      case EVENT:
        if (data instanceof ResponseData.Event event) {
          onEvent(open, event);
        } else {
          LOG.warn("{}: ignoring an EVENT response without an event for {}", owner, open.request);
        }
        break;
      case SUCCESS:
      case FAILURE:
        if (data instanceof ResponseData.Completion completion) {
          // A worker of ours says RUNNING only for tasks that outlast the notice delay.
          if (open.request.state() == RequestState.PENDING && open.request.transitionOrLog(RequestState.RUNNING)) {
            started(open, now);
          }
          if (open.request.complete(completion.outcome())) {
            finish(open);
          }
        } else {
          LOG.warn("{}: ignoring a {} response without a result for {}", owner, response.state(),
              open.request);
        }
        break;
      default:
        LOG.warn("{}: ignoring an unexpected {} response for {}", owner, response.state(),
            open.request);
    }
  }

  /** Notes that a request moved to RUNNING now, and tells the listeners how long it waited. */
  private void started(OpenRequest open, Instant now) {
    open.runningSince = now;
    Instant published = open.publishedAt;
    if (published == null || settings.listeners().isEmpty()) {
      return;
    }
    Duration wait = Duration.between(published, now);
    tell(listener -> listener.onStarted(open.taskName(), open.request.taskClass(), open.workerTopic, wait));
  }

  private void tell(Consumer<RemoteExecutorListener> call) {
    for (RemoteExecutorListener listener : settings.listeners()) {
      try {
        call.accept(listener);
      } catch (RuntimeException e) {
        LOG.warn("{}: a listener failed", owner, e);
      }
    }
  }

  /** Remembers that a worker topic heartbeats; running requests of it are watched from now on. */
  private void learnHeartbeats(String worker, Duration interval) {
    if (worker == null || interval.equals(heartbeating.put(worker, interval))) {
      return;
    }
    tickAtLeastEvery(interval.dividedBy(HEARTBEAT_CHECKS));
    // A RUNNING of another request may have overtaken the heartbeat that announced the interval.
    for (OpenRequest other : requests.values()) {
      if (other.heartbeatInterval == null && worker.equals(other.workerTopic)
          && other.request.state() == RequestState.RUNNING) {
        other.heartbeatInterval = interval;
      }
    }
  }

  private void onEvent(OpenRequest open, ResponseData.Event event) {
    if (Heartbeats.isHeartbeat(event)) {
      // Heartbeats are the executor's business; the engine's listeners never see them.
      open.orphanedAt = null;
      Optional<Duration> interval = Heartbeats.interval(event);
      if (interval.isPresent()) {
        open.heartbeatInterval = interval.get();
        learnHeartbeats(open.workerTopic, interval.get());
      } else {
        LOG.debug("{}: a heartbeat for {} has no usable interval: {}", owner, open.request,
            event.details());
      }
      return;
    }
    try {
      open.invocation.events().onEvent(event.eventType(), event.details());
    } catch (RuntimeException e) {
      LOG.warn("{}: a listener failed on event '{}' of task '{}'", owner, event.eventType(),
          open.taskName(), e);
    }
  }
}
