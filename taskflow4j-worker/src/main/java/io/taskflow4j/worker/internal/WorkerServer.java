package io.taskflow4j.worker.internal;

import io.taskflow4j.protocol.internal.Heartbeats;
import io.taskflow4j.protocol.internal.RunningNotice;
import io.taskflow4j.protocol.internal.Dispatcher;
import io.taskflow4j.protocol.internal.ExtraHeaders;
import io.taskflow4j.internal.Threads;
import io.taskflow4j.internal.Durations;
import io.taskflow4j.failure.Failure;
import io.taskflow4j.protocol.Action;
import io.taskflow4j.protocol.InvalidMessageException;
import io.taskflow4j.protocol.NotifyRequest;
import io.taskflow4j.protocol.NotifyResponse;
import io.taskflow4j.protocol.ProtocolCodec;
import io.taskflow4j.protocol.ProtocolMessage;
import io.taskflow4j.protocol.Role;
import io.taskflow4j.protocol.TaskRequest;
import io.taskflow4j.protocol.TaskResponse;
import io.taskflow4j.spi.LocalTaskRunner;
import io.taskflow4j.spi.TaskEventSink;
import io.taskflow4j.spi.TaskInvocation;
import io.taskflow4j.task.Arguments;
import io.taskflow4j.task.Outcome;
import io.taskflow4j.task.Task;
import io.taskflow4j.transport.Message;
import io.taskflow4j.transport.MessageProperties;
import io.taskflow4j.transport.Subscription;
import io.taskflow4j.transport.Transport;
import io.taskflow4j.value.ValueConversionException;
import io.taskflow4j.value.ValueConverter;
import io.taskflow4j.task.TaskFactory;
import io.taskflow4j.transport.Delivery;
import io.taskflow4j.worker.RedeliveredRequestException;
import io.taskflow4j.worker.UnknownTaskException;
import io.taskflow4j.worker.TaskRun;
import io.taskflow4j.worker.TaskRunInterceptor;
import io.taskflow4j.worker.WorkerException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The worker's machinery (contract sections 5 and 6): answers NOTIFYs on the transport thread,
 * runs REQUESTs on the task executor (RUNNING, every event, then SUCCESS or FAILURE), sends
 * heartbeats while tasks run, and stops gracefully.
 *
 * <p>A request is acknowledged only once its outcome is sent, so the broker gives the requests of a
 * worker that dies, started or not, to another worker of the topic. That worker sees them flagged
 * as redelivered and cannot know whether they ran: it runs them only for a task that declares
 * itself {@link Task#idempotent() idempotent}, and answers the others with a {@link
 * RedeliveredRequestException}. A stopping worker hands the requests it has not started back to
 * its topic's queue as new messages, which are not flagged.
 *
 * <p>A NOTIFY is answered at once rather than queued behind tasks, so a worker whose threads are
 * all busy still answers and is not expired by engines.
 *
 * <p>Thread-safety: thread-safe. {@link #start()} and {@link #stop(Duration)} may be called from
 * any thread; requests run concurrently on the task executor.
 */
public final class WorkerServer implements Dispatcher.Receiver {

  private static final Logger LOG = LoggerFactory.getLogger(WorkerServer.class);
  private static final int MAX_ANNOUNCED = 4096;
  /** How often tasks whose RUNNING was asked for late are looked at; it bounds how late it goes. */
  private static final Duration RUNNING_NOTICE_CHECK = Duration.ofMillis(20);

  /**
   * What a worker is configured with; validated by the public builder.
   *
   * @param transport the broker connection, not owned
   * @param exchange the exchange
   * @param topic the worker's topic
   * @param endpoints served name to factory, in registration order
   * @param threads the size of the pool the worker creates when no executor is given
   * @param executor the caller's executor for tasks, never shut down
   * @param heartbeatInterval how often heartbeats go out; zero for none
   * @param codec the codec
   * @param converter turns results and event details into JSON, and arguments into the types
   *     tasks ask for
   * @param scheduler the caller's scheduler for heartbeats, never shut down; empty for a thread of
   *     the worker's own
   * @param clock the clock the stop grace period is measured with
   * @param interceptors wrap each task run, the first outermost
   */
  public record Settings(
      Transport transport,
      String exchange,
      String topic,
      Map<String, TaskFactory> endpoints,
      int threads,
      Optional<ExecutorService> executor,
      Duration heartbeatInterval,
      ProtocolCodec codec,
      ValueConverter converter,
      Optional<ScheduledExecutorService> scheduler,
      Clock clock,
      List<TaskRunInterceptor> interceptors) {

    /**
     * Settings with the default converter, {@link ValueConverter#jackson()}, the worker's own
     * heartbeat thread and the system clock.
     *
     * @param transport the broker connection, not owned
     * @param exchange the exchange
     * @param topic the worker's topic
     * @param endpoints served name to factory, in registration order
     * @param threads the size of the pool the worker creates when no executor is given
     * @param executor the caller's executor for tasks, never shut down
     * @param heartbeatInterval how often heartbeats go out; zero for none
     * @param codec the codec
     */
    public Settings(
        Transport transport,
        String exchange,
        String topic,
        Map<String, TaskFactory> endpoints,
        int threads,
        Optional<ExecutorService> executor,
        Duration heartbeatInterval,
        ProtocolCodec codec) {
      this(transport, exchange, topic, endpoints, threads, executor, heartbeatInterval, codec,
          ValueConverter.jackson(), Optional.empty(), Clock.systemUTC(), List.of());
    }

    /**
     * Copies the endpoints, keeping their order.
     *
     * @param transport the broker connection, not owned
     * @param exchange the exchange
     * @param topic the worker's topic
     * @param endpoints served name to factory, in registration order
     * @param threads the size of the pool the worker creates when no executor is given
     * @param executor the caller's executor for tasks, never shut down
     * @param heartbeatInterval how often heartbeats go out; zero for none
     * @param codec the codec
     * @param converter turns results and event details into JSON, and arguments into the types tasks ask for
     * @param scheduler the caller's scheduler for heartbeats, never shut down; empty for a thread of
     *     the worker's own
     * @param clock the clock the stop grace period is measured with
     * @param interceptors wrap each task run, the first outermost
     */
    public Settings {
      Objects.requireNonNull(transport, "transport");
      Objects.requireNonNull(exchange, "exchange");
      Objects.requireNonNull(topic, "topic");
      endpoints = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(endpoints));
      Objects.requireNonNull(executor, "executor");
      Objects.requireNonNull(heartbeatInterval, "heartbeatInterval");
      Objects.requireNonNull(codec, "codec");
      Objects.requireNonNull(converter, "converter");
      Objects.requireNonNull(scheduler, "scheduler");
      Objects.requireNonNull(clock, "clock");
      interceptors = List.copyOf(interceptors);
    }
  }

  private enum State {
    NEW,
    RUNNING,
    STOPPING,
    STOPPED
  }

  private final Settings settings;
  private final Transport transport;
  private final String exchange;
  private final String topic;
  private final Map<String, TaskFactory> endpoints;
  private final ProtocolCodec codec;
  private final ValueConverter converter;
  private final String owner;
  private final boolean heartbeats;
  private final byte[] runningBody;
  private final byte[] heartbeatBody;
  private final Message notifyAnswer;
  private final Dispatcher dispatcher;
  /**
   * Reply-to topics (executors) that already had a heartbeat before a RUNNING: an executor learns
   * from it that this worker's topic heartbeats, so later requests need no heartbeat of their own
   * before RUNNING. Bounded: forgetting only costs one more heartbeat.
   */
  private final Set<String> announcedTo = ConcurrentHashMap.newKeySet();
  /** Correlation id to every request whose task runs now. */
  private final Map<String, RunningTask> running = new ConcurrentHashMap<>();
  private final AtomicInteger inFlight = new AtomicInteger();
  private final Object idle = new Object();
  private final Object lifecycle = new Object();

  private volatile State state = State.NEW;
  private ExecutorService tasks;
  private ExecutorService ownedTasks;
  private ScheduledExecutorService ownedTicker;
  private ScheduledFuture<?> beats;
  private ScheduledFuture<?> notices;
  private Subscription subscription;

  /**
   * Creates a stopped worker.
   *
   * @param settings its settings
   */
  public WorkerServer(Settings settings) {
    this.settings = Objects.requireNonNull(settings, "settings");
    this.transport = settings.transport();
    this.exchange = settings.exchange();
    this.topic = settings.topic();
    this.endpoints = settings.endpoints();
    this.codec = settings.codec();
    this.converter = settings.converter();
    this.owner = "worker '" + topic + "'";
    this.heartbeats = !settings.heartbeatInterval().isZero();
    this.runningBody = codec.encodeBody(TaskResponse.running());
    this.heartbeatBody =
        heartbeats ? codec.encodeBody(Heartbeats.response(settings.heartbeatInterval(), topic)) : null;
    this.notifyAnswer =
        codec.encodeNotifyResponse(new NotifyResponse(topic, new ArrayList<>(endpoints.keySet())));
    this.dispatcher =
        new Dispatcher(owner, Role.WORKER, codec, () -> state == State.RUNNING, this);
  }

  /**
   * Starts consuming the worker's queue and logs the banner.
   *
   * @throws IllegalStateException when started before
   * @throws io.taskflow4j.transport.TransportException when the queue cannot be consumed
   */
  public void start() {
    synchronized (lifecycle) {
      if (state != State.NEW) {
        throw new IllegalStateException(owner + " was already started; a worker starts once");
      }
      if (settings.executor().isPresent()) {
        tasks = settings.executor().get();
      } else {
        ownedTasks =
            Executors.newFixedThreadPool(
                settings.threads(), Threads.daemon("taskflow4j-worker-" + topic));
        tasks = ownedTasks;
      }
      state = State.RUNNING;
      try {
        subscription = transport.consume(exchange, topic, dispatcher);
      } catch (RuntimeException e) {
        state = State.STOPPED;
        shutDownOwnedThreads();
        throw e;
      }
      ScheduledExecutorService scheduler = settings.scheduler().orElse(null);
      if (scheduler == null) {
        ScheduledThreadPoolExecutor owned =
            new ScheduledThreadPoolExecutor(1, Threads.daemon("taskflow4j-worker-ticker-" + topic));
        owned.setRemoveOnCancelPolicy(true);
        ownedTicker = owned;
        scheduler = owned;
      }
      if (heartbeats) {
        long nanos = settings.heartbeatInterval().toNanos();
        beats = scheduler.scheduleAtFixedRate(this::beat, nanos, nanos, TimeUnit.NANOSECONDS);
      }
      long check = RUNNING_NOTICE_CHECK.toNanos();
      notices = scheduler.scheduleAtFixedRate(this::sayRunningWhereDue, check, check, TimeUnit.NANOSECONDS);
    }
    LOG.info("{}", Banner.text(settings));
  }

  /**
   * Stops taking requests (those that arrive meanwhile go back to the topic's queue), lets running
   * tasks finish within the grace period, then stops. Requests accepted but not started by then go
   * back to the queue too, for another worker. Idempotent.
   *
   * @param grace how long to wait for running tasks
   * @return true when every accepted request was finished in time
   */
  public boolean stop(Duration grace) {
    Objects.requireNonNull(grace, "grace");
    Subscription consumer;
    synchronized (lifecycle) {
      if (state == State.NEW) {
        state = State.STOPPED;
        return true;
      }
      if (state == State.STOPPED) {
        return inFlight.get() == 0;
      }
      state = State.STOPPING;
      consumer = subscription;
      subscription = null;
    }
    LOG.info("{} stopping: taking no new requests, waiting up to {} for {} accepted ones", owner,
        Durations.describe(grace), inFlight.get());
    if (consumer != null) {
      try {
        // Cancelled, not closed: the requests it holds are still acknowledged as they finish.
        consumer.cancel();
      } catch (RuntimeException e) {
        LOG.warn("{} could not stop consuming cleanly", owner, e);
      }
    }
    boolean drained = awaitIdle(grace);
    synchronized (lifecycle) {
      state = State.STOPPED;
      shutDownOwnedThreads();
    }
    if (consumer != null) {
      try {
        consumer.close();
      } catch (RuntimeException e) {
        LOG.warn("{} could not stop consuming cleanly", owner, e);
      }
    }
    if (drained) {
      LOG.info("{} stopped", owner);
    } else {
      LOG.warn("{} stopped with {} requests unfinished after {}", owner, inFlight.get(),
          Durations.describe(grace));
    }
    return drained;
  }

  /**
   * Tells whether the worker takes requests now.
   *
   * @return true between start and stop
   */
  public boolean isRunning() {
    return state == State.RUNNING;
  }

  private boolean awaitIdle(Duration grace) {
    // Measured on the worker's clock, and waited in short slices, so that a fake clock that a test
    // moves on ends the wait as the system clock would.
    Clock clock = settings.clock();
    long deadline = clock.millis() + Math.max(0, grace.toMillis());
    synchronized (idle) {
      while (inFlight.get() > 0) {
        long left = deadline - clock.millis();
        if (left <= 0) {
          return false;
        }
        try {
          idle.wait(Math.min(left, 50));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return inFlight.get() == 0;
        }
      }
      return true;
    }
  }


  // Under the lifecycle lock.
  private void shutDownOwnedThreads() {
    if (beats != null) {
      beats.cancel(false);
      beats = null;
    }
    if (notices != null) {
      notices.cancel(false);
      notices = null;
    }
    if (ownedTicker != null) {
      ownedTicker.shutdownNow();
      ownedTicker = null;
    }
    if (ownedTasks != null) {
      for (Runnable never : ownedTasks.shutdownNow()) {
        if (never instanceof Job job) {
          job.abandon();
        }
      }
      ownedTasks = null;
    }
  }

  // ---- Dispatcher.Receiver

  @Override
  public Optional<String> refusal(String type, MessageProperties properties) {
    if (properties.replyTo().isEmpty()) {
      return Optional.of("it has no 'reply_to' property, so it cannot be answered");
    }
    if (ProtocolMessage.REQUEST.equals(type) && properties.correlationId().isEmpty()) {
      return Optional.of("it has no 'correlation_id' property, so it cannot be answered");
    }
    return Optional.empty();
  }

  @Override
  public void notRunning(Delivery delivery) {
    if (ProtocolMessage.REQUEST.equals(delivery.message().properties().type().orElse(""))) {
      handBack(delivery);
    } else {
      delivery.requeue();
    }
  }

  /**
   * Puts a request this worker will not start back on its topic's queue as a new message, which
   * another worker runs without taking it for a redelivery, then acknowledges the original.
   */
  private void handBack(Delivery delivery) {
    try {
      transport.publish(exchange, topic, delivery.message());
      delivery.ack();
    } catch (RuntimeException e) {
      LOG.warn("{} could not hand a request back to its queue; requeueing it", owner, e);
      delivery.requeue();
    }
  }

  @Override
  public void onMessage(ProtocolMessage message, Delivery delivery) {
    MessageProperties properties = delivery.message().properties();
    String replyTo = properties.replyTo().orElseThrow();
    if (message instanceof TaskRequest request) {
      accept(request, replyTo, properties.correlationId().orElseThrow(), delivery);
    } else if (message instanceof NotifyRequest) {
      delivery.ack();
      try {
        transport.publish(exchange, replyTo, notifyAnswer);
      } catch (RuntimeException e) {
        LOG.error("{} failed to answer a NOTIFY from '{}'", owner, replyTo, e);
      }
    }
  }

  @Override
  public void onUnreadable(InvalidMessageException error, MessageProperties properties) {
    if (ProtocolMessage.REQUEST.equals(error.messageType())) {
      respond(
          properties.replyTo().orElseThrow(),
          properties.correlationId().orElseThrow(),
          TaskResponse.failure(Failure.of(error)));
    }
  }

  private void accept(TaskRequest request, String replyTo, String correlationId, Delivery delivery) {
    inFlight.incrementAndGet();
    Job job = new Job(request, replyTo, correlationId, delivery);
    try {
      tasks.execute(job);
    } catch (RejectedExecutionException e) {
      LOG.error("{}: the task executor refused request {} for '{}'", owner, correlationId,
          request.taskName(), e);
      job.fail(new WorkerException(
          owner + " could not run task '" + request.taskName() + "': its executor refused it", e))
          .whenComplete((ok, error) -> finished());
    }
  }

  private void finished() {
    if (inFlight.decrementAndGet() == 0 && state != State.RUNNING) {
      synchronized (idle) {
        idle.notifyAll();
      }
    }
  }

  // ---- running a request

  /**
   * Runs a request and settles its delivery: acknowledged once the broker has the outcome (its
   * confirm, where the transport awaits one), requeued when the outcome could not be sent.
   *
   * @return completes once the delivery is settled
   */
  private CompletableFuture<Void> run(TaskRequest request, String replyTo, String correlationId, Delivery delivery) {
    return settleWhenSent(delivery, runAndAnswer(request, replyTo, correlationId, delivery));
  }

  private static CompletableFuture<Void> settleWhenSent(Delivery delivery, CompletableFuture<Boolean> answered) {
    return answered.handle((sent, error) -> {
      settle(delivery, error == null && sent);
      return null;
    });
  }

  /** Acknowledges a request whose outcome went out; requeues one whose outcome could not be sent. */
  private static void settle(Delivery delivery, boolean answered) {
    if (answered) {
      delivery.ack();
    } else {
      delivery.requeue();
    }
  }

  private CompletableFuture<Boolean> runAndAnswer(
      TaskRequest request, String replyTo, String correlationId, Delivery delivery) {
    boolean redelivered = delivery.redelivered();
    TaskFactory factory = endpoints.get(request.taskClass());
    if (factory == null) {
      LOG.warn("{} does not serve '{}' (request {} for task '{}'); answering with a failure",
          owner, request.taskClass(), correlationId, request.taskName());
      return fail(replyTo, correlationId, new UnknownTaskException(
          owner + " does not serve '" + request.taskClass() + "'; it serves " + endpoints.keySet()));
    }
    Task task;
    try {
      task = factory.create(request.taskName());
      if (task == null) {
        throw new WorkerException("the factory returned no task");
      }
    } catch (Exception | LinkageError e) {
      LOG.warn("{} could not create task '{}' served as '{}' (request {})", owner,
          request.taskName(), request.taskClass(), correlationId, e);
      return fail(replyTo, correlationId, new WorkerException(
          "could not create task '" + request.taskName() + "' served as '" + request.taskClass()
              + "': " + e, e));
    }
    if (redelivered && !task.idempotent()) {
      LOG.warn("{}: request {} ({} of task '{}') was delivered again after a worker that held it "
              + "stopped or died; the task is not idempotent, so it is not run", owner,
          correlationId, request.action().wireName(), request.taskName());
      return fail(replyTo, correlationId, new RedeliveredRequestException(
          "request " + correlationId + " (" + request.action().wireName() + " of task '"
              + request.taskName() + "') was delivered again after a worker that held it stopped"
              + " or died, which may have run it; task '" + request.taskName()
              + "' does not declare itself idempotent, so it was not run again"));
    }
    MessageProperties properties = responseProperties(correlationId);
    if (heartbeats && !announcedTo.contains(replyTo)) {
      if (announcedTo.size() >= MAX_ANNOUNCED) {
        announcedTo.clear();
      }
      announcedTo.add(replyTo);
      publish(replyTo, new Message(properties, heartbeatBody));
    }
    OptionalLong runningAfter = RunningNotice.requestedMillis(delivery.message().properties().headers());
    RunningTask runningTask = new RunningTask(replyTo, properties,
        runningAfter.isPresent() ? settings.clock().millis() + runningAfter.getAsLong() : Long.MIN_VALUE);
    Outcome outcome;
    started(correlationId, runningTask);
    try {
      TaskInvocation invocation = invocation(request, task, events(replyTo, correlationId));
      outcome = settings.interceptors().isEmpty()
          ? LocalTaskRunner.run(invocation)
          : intercepted(0, taskRun(request, correlationId, delivery), invocation);
    } finally {
      ended(correlationId, runningTask);
    }
    return respond(replyTo, correlationId, completion(request, outcome));
  }

  private TaskRun taskRun(TaskRequest request, String correlationId, Delivery delivery) {
    return new TaskRun(request.taskName(), request.taskClass(), request.action(), correlationId, topic,
        ExtraHeaders.readable(delivery.message().properties().headers()));
  }

  /**
   * Runs a task inside the interceptors from {@code index} on. The task runs once, whatever they
   * do: one that throws, or returns without running it, is logged and the task runs anyway.
   */
  private Outcome intercepted(int index, TaskRun run, TaskInvocation invocation) {
    if (index == settings.interceptors().size()) {
      return LocalTaskRunner.run(invocation);
    }
    TaskRunInterceptor interceptor = settings.interceptors().get(index);
    Outcome[] ran = new Outcome[1];
    Supplier<Outcome> task = () -> {
      if (ran[0] == null) {
        ran[0] = intercepted(index + 1, run, invocation);
      }
      return ran[0];
    };
    try {
      interceptor.intercept(run, task);
    } catch (RuntimeException e) {
      LOG.warn("{}: interceptor {} failed around request {} for task '{}'", owner, interceptor,
          run.requestId(), run.taskName(), e);
    }
    if (ran[0] == null) {
      LOG.warn("{}: interceptor {} did not run request {} for task '{}'; running it", owner, interceptor,
          run.requestId(), run.taskName());
      return task.get();
    }
    return ran[0];
  }

  private TaskInvocation invocation(TaskRequest request, Task task, TaskEventSink events) {
    Arguments arguments = Arguments.of(request.arguments(), converter);
    if (request.action() == Action.EXECUTE) {
      return TaskInvocation.execute(task, arguments, events);
    }
    // A reference engine always sends the outcome with a revert; without one the task sees none.
    return TaskInvocation.revert(
        task,
        arguments,
        request.result().orElse(Outcome.success(null)),
        request.failures().orElse(Map.of()),
        events);
  }

  private TaskResponse completion(TaskRequest request, Outcome outcome) {
    if (outcome instanceof Outcome.Failed failed) {
      return TaskResponse.failure(failed.failure());
    }
    Object value = ((Outcome.Succeeded) outcome).value();
    try {
      return TaskResponse.success(converter.toJson(value));
    } catch (ValueConversionException e) {
      LOG.warn("{}: task '{}' returned a result that cannot be converted to JSON", owner,
          request.taskName(), e);
      return TaskResponse.failure(Failure.of(new WorkerException(
          "task '" + request.taskName() + "' returned a result that cannot be sent as JSON: "
              + e.getMessage(), e)));
    } catch (IllegalArgumentException e) {
      LOG.warn("{}: task '{}' returned a result that is not JSON", owner, request.taskName(), e);
      return TaskResponse.failure(Failure.of(new WorkerException(
          "task '" + request.taskName() + "' returned a result that cannot be sent as JSON: "
              + e.getMessage(), e)));
    }
  }

  private TaskEventSink events(String replyTo, String correlationId) {
    return (eventType, details) -> {
      TaskResponse event;
      try {
        event = TaskResponse.event(eventType, jsonDetails(details));
      } catch (ValueConversionException | IllegalArgumentException e) {
        LOG.warn("{}: dropping event '{}' of request {}: its details are not JSON: {}", owner,
            eventType, correlationId, e.getMessage());
        return;
      }
      respond(replyTo, correlationId, event);
    };
  }

  /** The details as a JSON object; a converter that turns a map into something else is refused. */
  private Map<String, ?> jsonDetails(Map<String, Object> details) {
    Object json = converter.toJson(details);
    if (json instanceof Map<?, ?> map) {
      // Keys are checked to be strings when the event freezes the map.
      @SuppressWarnings("unchecked")
      Map<String, ?> object = (Map<String, ?>) map;
      return object;
    }
    throw new ValueConversionException(
        "the converter turned the details into a " + (json == null ? "null" : json.getClass().getName())
            + ", not a JSON object");
  }

  /** Registers a task that starts now; says RUNNING for it unless its executor asked for it late. */
  private void started(String correlationId, RunningTask task) {
    running.put(correlationId, task);
    if (task.runningAtOnce()) {
      // Not awaited: should it fail, the outcome most likely fails too and the request is requeued.
      publishAsync(task.replyTo, new Message(task.properties, runningBody));
    }
  }

  private void ended(String correlationId, RunningTask task) {
    running.remove(correlationId);
    task.end();
  }

  /** Sends RUNNING for the tasks whose executor asked for it late, once they ran that long. */
  private void sayRunningWhereDue() {
    try {
      long now = settings.clock().millis();
      for (RunningTask each : running.values()) {
        if (each.sayRunningAt(now)) {
          publishAsync(each.replyTo, new Message(each.properties, runningBody));
        }
      }
    } catch (RuntimeException e) {
      // A periodic task that throws is never run again.
      LOG.error("{}: sending RUNNING for long tasks failed", owner, e);
    }
  }

  private void beat() {
    try {
      for (RunningTask each : running.values()) {
        // A task not yet announced gets no heartbeat: its executor does not watch it for one yet.
        if (each.announced()) {
          publish(each.replyTo, new Message(each.properties, heartbeatBody));
        }
      }
    } catch (RuntimeException e) {
      // A periodic task that throws is never run again.
      LOG.error("{}: sending heartbeats failed", owner, e);
    }
  }

  private CompletableFuture<Boolean> fail(String replyTo, String correlationId, WorkerException error) {
    return respond(replyTo, correlationId, TaskResponse.failure(Failure.of(error)));
  }

  /** Sends a response; completes with whether the broker has it. */
  private CompletableFuture<Boolean> respond(String replyTo, String correlationId, TaskResponse response) {
    Message message;
    try {
      message = codec.encodeResponse(response, correlationId);
    } catch (RuntimeException e) {
      LOG.error("{} could not encode its {} response to request {}", owner, response.state(),
          correlationId, e);
      return CompletableFuture.completedFuture(false);
    }
    return publishAsync(replyTo, message);
  }

  private CompletableFuture<Boolean> publishAsync(String replyTo, Message message) {
    CompletableFuture<Void> sent;
    try {
      sent = transport.publishAsync(exchange, replyTo, message);
    } catch (RuntimeException e) {
      sent = CompletableFuture.failedFuture(e);
    }
    return sent.handle((ok, error) -> {
      if (error != null) {
        LOG.error("{} failed to send a response to '{}' for request {}", owner, replyTo,
            message.properties().correlationId().orElse("?"), error);
        return false;
      }
      return true;
    });
  }

  private boolean publish(String replyTo, Message message) {
    try {
      transport.publish(exchange, replyTo, message);
      return true;
    } catch (RuntimeException e) {
      LOG.error("{} failed to send a response to '{}' for request {}", owner, replyTo,
          message.properties().correlationId().orElse("?"), e);
      return false;
    }
  }

  private static MessageProperties responseProperties(String correlationId) {
    return MessageProperties.of(ProtocolMessage.RESPONSE, Optional.empty(), Optional.of(correlationId));
  }

  /**
   * A request whose task runs now, and whether it was announced with a RUNNING response: at once,
   * or, for an executor that asked for it late ({@link RunningNotice}), once it ran that long. The
   * late one may still cross the outcome on its way; the executor ignores a RUNNING after the end.
   *
   * <p>Thread-safety: the task's thread and the notice tick share it under its lock.
   */
  private static final class RunningTask {
    final String replyTo;
    final MessageProperties properties;
    /** When RUNNING is due, in clock millis; {@code Long.MIN_VALUE} for at once. */
    private final long runningDue;
    private boolean announced;
    private boolean ended;

    RunningTask(String replyTo, MessageProperties properties, long runningDue) {
      this.replyTo = replyTo;
      this.properties = properties;
      this.runningDue = runningDue;
      this.announced = runningAtOnce();
    }

    /** Tells whether its RUNNING goes when it starts, sent by its own thread. */
    boolean runningAtOnce() {
      return runningDue == Long.MIN_VALUE;
    }

    /** Marks it announced if its RUNNING is due; true when the caller sends it. */
    synchronized boolean sayRunningAt(long now) {
      if (announced || ended || now < runningDue) {
        return false;
      }
      announced = true;
      return true;
    }

    synchronized boolean announced() {
      return announced;
    }

    synchronized void end() {
      ended = true;
    }
  }

  /** One accepted request, queued on the task executor. */
  private final class Job implements Runnable {
    private final TaskRequest request;
    private final String replyTo;
    private final String correlationId;
    private final Delivery delivery;

    Job(TaskRequest request, String replyTo, String correlationId, Delivery delivery) {
      this.request = request;
      this.replyTo = replyTo;
      this.correlationId = correlationId;
      this.delivery = delivery;
    }

    @Override
    public void run() {
      if (state == State.STOPPED) {
        abandon();
        return;
      }
      CompletableFuture<Void> settled;
      try {
        settled = WorkerServer.this.run(request, replyTo, correlationId, delivery);
      } catch (RuntimeException | Error e) {
        finished();
        throw e;
      }
      // Counted until settled, so that a stopping worker waits for the broker's confirms too.
      settled.whenComplete((ok, error) -> finished());
    }

    /** Called for a job the owned pool dropped when it shut down. */
    void abandon() {
      try {
        abandoned();
      } finally {
        finished();
      }
    }

    private void abandoned() {
      LOG.info("{} stopped before running request {} for task '{}'; handing it back to its queue",
          owner, correlationId, request.taskName());
      handBack(delivery);
    }

    /** Answers with a failure instead of running; completes once the delivery is settled. */
    CompletableFuture<Void> fail(WorkerException error) {
      return settleWhenSent(delivery, WorkerServer.this.fail(replyTo, correlationId, error));
    }
  }
}
