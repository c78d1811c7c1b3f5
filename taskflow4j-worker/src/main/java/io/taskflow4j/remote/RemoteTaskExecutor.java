package io.taskflow4j.remote;

import io.taskflow4j.protocol.ProtocolCodec;
import io.taskflow4j.protocol.ProtocolDefaults;
import io.taskflow4j.protocol.ProtocolLimits;
import io.taskflow4j.protocol.internal.RunningNotice;
import io.taskflow4j.remote.internal.ExecutorCore;
import io.taskflow4j.spi.TaskExecutor;
import io.taskflow4j.spi.TaskInvocation;
import io.taskflow4j.task.Outcome;
import io.taskflow4j.transport.Transport;
import io.taskflow4j.value.ValueConverter;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Function;

/**
 * Runs an engine's tasks on remote workers, speaking the reference's worker protocol, so it can use
 * Python workers as well as taskflow4j's {@code Worker}.
 *
 * <pre>{@code
 * try (RemoteTaskExecutor remote = RemoteTaskExecutor.builder(transport)
 *         .exchange("orders")
 *         .topics("resize-workers", "billing-workers")
 *         .build()) {
 *   remote.start();
 *   remote.waitForWorkers(2, Duration.ofSeconds(10));
 *   try (Engine engine = Engine.builder(flow).taskExecutor(remote).build()) {
 *     engine.run();
 *   }
 * }
 * }</pre>
 *
 * <p>It consumes its own queue {@code <exchange>_<topic>}, where {@link #topic()} is a random UUID.
 * It sends a NOTIFY to each worker topic when it starts and every notify period, and keeps the
 * workers that answer, forgetting those silent for the worker expiry. Each task is sent, as {@code
 * task_cls} = {@link io.taskflow4j.task.Task#remoteName()}, to a worker serving it (at random among
 * several); with none known yet the request waits for one. A request no worker started within the
 * request timeout fails with a {@link io.taskflow4j.protocol.RequestTimeoutException}. Events the
 * task emits on the worker (such as progress) reach the engine's listeners.
 *
 * <p>Beyond the reference, a worker that dies mid-task does not hang the engine: a request whose
 * worker announced heartbeats and then fell silent for the configured number of intervals fails
 * with a {@link WorkerLostException} (and the worker is forgotten, so reverts go to a live one), and
 * a task with an execution timeout that runs longer fails with an {@link
 * ExecutionTimeoutException}. Without either, a running request waits for its worker for ever, as
 * in the reference.
 *
 * <p>Thread-safety: thread-safe. It starts once; {@link #close()} ends it.
 */
public final class RemoteTaskExecutor implements TaskExecutor, AutoCloseable {

  /** After how many heartbeat intervals of silence a worker is lost, unless set otherwise. */
  public static final int DEFAULT_MISSED_HEARTBEATS = 3;

  /** The most requests in flight per worker topic unless set otherwise. */
  public static final int DEFAULT_IN_FLIGHT = 512;
  /**
   * How long a taskflow4j worker may run a task before telling the executor it started, unless
   * {@link Builder#runningNoticeDelay(Duration)} says otherwise.
   */
  public static final Duration DEFAULT_RUNNING_NOTICE_DELAY = Duration.ofMillis(50);

  private final ExecutorCore core;
  private final Optional<Executor> completions;
  private final String exchange;
  private final List<String> topics;

  private RemoteTaskExecutor(ExecutorCore.Settings settings, Optional<Executor> completions) {
    this.core = new ExecutorCore(settings);
    this.completions = completions;
    this.exchange = settings.exchange();
    this.topics = settings.topics();
  }

  /**
   * Starts configuring an executor.
   *
   * @param transport the broker connection; the executor uses it and never closes it
   * @return a builder
   */
  public static Builder builder(Transport transport) {
    return new Builder(transport);
  }

  /**
   * Starts consuming workers' answers and sends the first NOTIFYs.
   *
   * @throws IllegalStateException when started before
   * @throws io.taskflow4j.transport.TransportException when its queue cannot be consumed
   */
  public void start() {
    core.start();
  }

  /**
   * Sends a task's execute or revert to a worker serving it.
   *
   * @param invocation the call
   * @return completes with the task's outcome; never exceptionally. After {@link #close()} it is a
   *     failure at once.
   * @throws IllegalStateException when the executor was not started
   */
  @Override
  public CompletableFuture<Outcome> submit(TaskInvocation invocation) {
    CompletableFuture<Outcome> outcome = core.submit(invocation);
    return completions.isEmpty() ? outcome : outcome.thenApplyAsync(Function.identity(), completions.get());
  }

  /**
   * Withdraws those of the given invocations whose requests were never sent to a worker: they wait
   * for room in their topic's window ({@link Builder#inFlight(int)}) or for a worker serving their
   * task. A request already sent runs on.
   *
   * @param invocations invocations submitted here, compared by identity
   */
  @Override
  public void withdraw(Collection<TaskInvocation> invocations) {
    core.withdraw(invocations);
  }

  /**
   * Waits until at least {@code count} workers have answered a NOTIFY (and are not yet forgotten).
   *
   * @param count how many workers, at least 1
   * @param timeout how long to wait at most
   * @throws WorkersUnavailableException when fewer are known when the time runs out; the message
   *     says which answered
   * @throws InterruptedException when interrupted while waiting
   */
  public void waitForWorkers(int count, Duration timeout) throws InterruptedException {
    if (count < 1) {
      throw new IllegalArgumentException("count must be at least 1, got " + count);
    }
    Objects.requireNonNull(timeout, "timeout");
    if (timeout.isNegative()) {
      throw new IllegalArgumentException("timeout must not be negative, got " + timeout);
    }
    core.waitForWorkers(count, timeout);
  }

  /**
   * The workers known now.
   *
   * @return a snapshot, in the order they became known
   */
  public List<KnownWorker> workers() {
    return core.workers();
  }

  /**
   * How many requests have been submitted and not yet ended: waiting for a worker or room in a
   * window, sent, or running.
   *
   * @return the count now
   */
  public int openRequests() {
    return core.openRequests();
  }

  /**
   * The executor's own topic, where workers send their answers: a random UUID.
   *
   * @return the topic
   */
  public String topic() {
    return core.topic();
  }

  /**
   * The exchange it uses.
   *
   * @return the exchange name
   */
  public String exchange() {
    return exchange;
  }

  /**
   * The worker topics it sends NOTIFYs to.
   *
   * @return the topics
   */
  public List<String> topics() {
    return topics;
  }

  /**
   * Stops consuming and fails every open request with a {@link
   * io.taskflow4j.protocol.RequestTimeoutException} saying the executor stopped. Idempotent.
   */
  @Override
  public void close() {
    core.close();
  }

  @Override
  public String toString() {
    return "RemoteTaskExecutor[" + exchange + "/" + core.topic() + ", workers " + topics + "]";
  }

  /** Configures a {@link RemoteTaskExecutor}. Not thread-safe; {@link #build()} validates. */
  public static final class Builder {
    private final Transport transport;
    private String exchange = ProtocolDefaults.EXCHANGE;
    private final List<String> topics = new ArrayList<>();
    private Duration requestTimeout = ProtocolDefaults.REQUEST_TIMEOUT;
    private Duration notifyPeriod = ProtocolDefaults.NOTIFY_PERIOD;
    private Duration workerExpiry = ProtocolDefaults.WORKER_EXPIRY;
    private Duration tickPeriod = ProtocolDefaults.DRAIN_PERIOD;
    private int missedHeartbeats = DEFAULT_MISSED_HEARTBEATS;
    private Duration executionTimeout;
    private final Map<String, Duration> executionTimeouts = new LinkedHashMap<>();
    private Clock clock = Clock.systemUTC();
    private ScheduledExecutorService scheduler;
    private Executor completions;
    private final List<RemoteExecutorListener> listeners = new ArrayList<>();
    private final List<RequestHeaders> requestHeaders = new ArrayList<>();
    private ProtocolLimits limits = ProtocolLimits.DEFAULTS;
    private ValueConverter converter = ValueConverter.jackson();
    private int inFlight = DEFAULT_IN_FLIGHT;
    private Duration runningNoticeDelay;

    private Builder(Transport transport) {
      this.transport = Objects.requireNonNull(transport, "transport");
    }

    /**
     * Sets the exchange (default {@value ProtocolDefaults#EXCHANGE}, as the reference's engine).
     *
     * @param exchange the exchange the workers consume from
     * @return this builder
     */
    public Builder exchange(String exchange) {
      this.exchange = Objects.requireNonNull(exchange, "exchange");
      return this;
    }

    /**
     * Adds worker topics to discover workers on (at least one is required).
     *
     * @param topics the workers' topics
     * @return this builder
     */
    public Builder topics(String... topics) {
      return topics(Arrays.asList(topics));
    }

    /**
     * Adds worker topics to discover workers on (at least one is required).
     *
     * @param topics the workers' topics
     * @return this builder
     */
    public Builder topics(Collection<String> topics) {
      for (String each : topics) {
        this.topics.add(Objects.requireNonNull(each, "a topic"));
      }
      return this;
    }

    /**
     * Sets how long a request may wait for a worker to start it (default 60 s).
     *
     * @param timeout positive
     * @return this builder
     */
    public Builder requestTimeout(Duration timeout) {
      this.requestTimeout = Objects.requireNonNull(timeout, "timeout");
      return this;
    }

    /**
     * Sets how often NOTIFYs go to the worker topics (default 5 s).
     *
     * @param period positive
     * @return this builder
     */
    public Builder notifyPeriod(Duration period) {
      this.notifyPeriod = Objects.requireNonNull(period, "period");
      return this;
    }

    /**
     * Sets how long a worker that stopped answering NOTIFYs is kept (default 60 s).
     *
     * @param expiry the time; zero or negative keeps workers for ever
     * @return this builder
     */
    public Builder workerExpiry(Duration expiry) {
      this.workerExpiry = Objects.requireNonNull(expiry, "expiry");
      return this;
    }

    /**
     * Sets how often timeouts and expiries are checked (default 1 s); it bounds how late they are
     * noticed. The executor checks more often when the worker expiry or a worker's heartbeats call
     * for it: at least eight times per worker expiry and four times per heartbeat interval.
     *
     * @param period positive
     * @return this builder
     */
    public Builder tickPeriod(Duration period) {
      this.tickPeriod = Objects.requireNonNull(period, "period");
      return this;
    }

    /**
     * Sets after how many heartbeat intervals of silence the worker running a request is taken
     * for dead (default 3). Applies only to workers that send heartbeats.
     *
     * @param intervals at least 1, or 0 to never take a worker for dead
     * @return this builder
     */
    public Builder missedHeartbeats(int intervals) {
      this.missedHeartbeats = intervals;
      return this;
    }

    /**
     * Sets how long a task may run on a worker, for every task without its own timeout (default:
     * no limit). It also covers workers that send no heartbeats, such as reference workers.
     *
     * @param timeout positive
     * @return this builder
     */
    public Builder executionTimeout(Duration timeout) {
      this.executionTimeout = Objects.requireNonNull(timeout, "timeout");
      return this;
    }

    /**
     * Sets how long one task may run on a worker.
     *
     * @param taskName the task's name in its flow
     * @param timeout positive
     * @return this builder
     */
    public Builder executionTimeout(String taskName, Duration timeout) {
      executionTimeouts.put(
          Objects.requireNonNull(taskName, "taskName"), Objects.requireNonNull(timeout, "timeout"));
      return this;
    }

    /**
     * Sets the clock every timeout and expiry is measured with (default: the system clock).
     *
     * @param clock the clock
     * @return this builder
     */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * Completes the futures {@link #submit} returns on the caller's executor, so that what waits on
     * an outcome (such as the engine's loop) never runs on the transport's delivery thread. By
     * default they complete on the thread that received the outcome, which costs no hand-over. The
     * executor is never shut down.
     *
     * @param executor the executor
     * @return this builder
     */
    public Builder executor(Executor executor) {
      this.completions = Objects.requireNonNull(executor, "executor");
      return this;
    }

    /**
     * Sets the limits on the responses this executor reads (default {@link
     * ProtocolLimits#DEFAULTS}); a response over them is dropped and logged.
     *
     * @param limits the limits
     * @return this builder
     */
    public Builder limits(ProtocolLimits limits) {
      this.limits = Objects.requireNonNull(limits, "limits");
      return this;
    }

    /**
     * Runs the periodic checks on the caller's scheduler instead of a thread of the executor's
     * own. The executor never shuts it down.
     *
     * @param scheduler the scheduler
     * @return this builder
     */
    public Builder scheduler(ScheduledExecutorService scheduler) {
      this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
      return this;
    }

    /**
     * Sets the converter (default {@link ValueConverter#jackson()}) that turns arguments and
     * execute results holding records or POJOs into JSON before they are sent. A task whose
     * arguments it cannot convert fails without being sent, naming the task and the value's type.
     *
     * @param converter a thread-safe converter
     * @return this builder
     */
    public Builder valueConverter(ValueConverter converter) {
      this.converter = Objects.requireNonNull(converter, "converter");
      return this;
    }

    /**
     * Sets how long a taskflow4j worker may run a task before it tells this executor the task
     * started (a RUNNING response). A task that ends sooner sends only its outcome: one message in
     * three less for short tasks, and the executor takes the outcome as the start too, so
     * {@link RemoteExecutorListener#onStarted} then comes with it. Requests carry the delay in the
     * {@code taskflow4j-running-after-ms} header; reference workers ignore it and always say
     * RUNNING. Default: {@link RemoteTaskExecutor#DEFAULT_RUNNING_NOTICE_DELAY}, or a quarter of
     * the request timeout if that is shorter.
     *
     * @param delay zero for a RUNNING from every task at once, as reference workers send; else
     *     less than half the request timeout and at most a minute
     * @return this builder
     */
    public Builder runningNoticeDelay(Duration delay) {
      this.runningNoticeDelay = Objects.requireNonNull(delay, "delay");
      return this;
    }

    /**
     * Sets the most requests published to one worker topic and not yet ended (default {@value
     * RemoteTaskExecutor#DEFAULT_IN_FLIGHT}); the others wait, in order, until one ends. Size it to
     * the threads of the topic's workers, with some to spare so that none waits for work: a small
     * window keeps the topic's queue short, so NOTIFYs are answered quickly and a failing flow has
     * little to cancel; requests that never left are withdrawn and never reverted.
     *
     * @param inFlight at least 1
     * @return this builder
     */
    public Builder inFlight(int inFlight) {
      this.inFlight = inFlight;
      return this;
    }

    /**
     * Adds a listener told of started requests and lost workers, such as metrics.
     *
     * @param listener the listener
     * @return this builder
     */
    public Builder listener(RemoteExecutorListener listener) {
      listeners.add(Objects.requireNonNull(listener, "listener"));
      return this;
    }

    /**
     * Adds extra headers to every request message, such as a trace context: {@code headers} is
     * asked once per submitted invocation. Headers given by several sources are merged, a later one
     * replacing an earlier one of the same name; see {@link RequestHeaders} for the limits.
     *
     * @param headers gives the headers of each invocation
     * @return this builder
     */
    public Builder requestHeaders(RequestHeaders headers) {
      requestHeaders.add(Objects.requireNonNull(headers, "headers"));
      return this;
    }

    /**
     * Validates the settings and builds the executor, not yet started.
     *
     * @return the executor
     * @throws IllegalArgumentException naming every setting that is wrong
     */
    public RemoteTaskExecutor build() {
      List<String> errors = new ArrayList<>();
      if (exchange.isBlank()) {
        errors.add("exchange must not be blank");
      }
      if (topics.isEmpty()) {
        errors.add("topics must name at least one worker topic");
      }
      for (String topic : topics) {
        if (topic.isBlank()) {
          errors.add("topics must not contain a blank topic");
          break;
        }
      }
      positive(errors, "requestTimeout", requestTimeout);
      positive(errors, "notifyPeriod", notifyPeriod);
      positive(errors, "tickPeriod", tickPeriod);
      if (inFlight < 1) {
        errors.add("inFlight must be at least 1, got " + inFlight);
      }
      if (missedHeartbeats < 0) {
        errors.add("missedHeartbeats must be at least 1, or 0 for never, got " + missedHeartbeats);
      }
      if (executionTimeout != null) {
        positive(errors, "executionTimeout", executionTimeout);
      }
      executionTimeouts.forEach(
          (task, timeout) -> positive(errors, "executionTimeout of task '" + task + "'", timeout));
      Duration noticeDelay = runningNoticeDelay;
      if (noticeDelay == null) {
        Duration quarter = requestTimeout.dividedBy(4);
        noticeDelay = quarter.compareTo(DEFAULT_RUNNING_NOTICE_DELAY) < 0 ? quarter : DEFAULT_RUNNING_NOTICE_DELAY;
        noticeDelay = noticeDelay.toMillis() < 1 ? Duration.ZERO : noticeDelay;
      } else if (noticeDelay.isNegative()) {
        errors.add("runningNoticeDelay must not be negative, got " + noticeDelay);
      } else if (noticeDelay.compareTo(RunningNotice.MAX_DELAY) > 0) {
        errors.add("runningNoticeDelay must be at most " + RunningNotice.MAX_DELAY + ", got " + noticeDelay);
      } else if (!noticeDelay.isZero() && noticeDelay.multipliedBy(2).compareTo(requestTimeout) >= 0) {
        errors.add("runningNoticeDelay (" + noticeDelay + ") must be less than half the requestTimeout ("
            + requestTimeout + "), so that a task's RUNNING arrives before its request times out");
      } else if (!noticeDelay.isZero() && noticeDelay.toMillis() < 1) {
        errors.add("runningNoticeDelay must be zero or at least 1 ms, got " + noticeDelay);
      }
      if (!errors.isEmpty()) {
        throw new IllegalArgumentException(
            "invalid remote executor settings: " + String.join("; ", errors));
      }
      return new RemoteTaskExecutor(
          new ExecutorCore.Settings(
              transport,
              exchange,
              topics.stream().distinct().toList(),
              requestTimeout,
              notifyPeriod,
              workerExpiry,
              tickPeriod,
              missedHeartbeats,
              Optional.ofNullable(executionTimeout),
              executionTimeouts,
              clock,
              Optional.ofNullable(scheduler),
              ProtocolCodec.create(limits),
              converter,
              inFlight,
              listeners,
              requestHeaders,
              noticeDelay),
          Optional.ofNullable(completions));
    }

    private static void positive(List<String> errors, String name, Duration value) {
      if (value.isZero() || value.isNegative()) {
        errors.add(name + " must be positive, got " + value);
      }
    }
  }
}
