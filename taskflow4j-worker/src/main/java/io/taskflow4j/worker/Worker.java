package io.taskflow4j.worker;

import io.taskflow4j.protocol.ProtocolCodec;
import io.taskflow4j.protocol.ProtocolDefaults;
import io.taskflow4j.protocol.ProtocolLimits;
import io.taskflow4j.task.Task;
import io.taskflow4j.task.TaskFactory;
import io.taskflow4j.transport.Transport;
import io.taskflow4j.value.ValueConverter;
import io.taskflow4j.protocol.internal.Heartbeats;
import io.taskflow4j.worker.internal.WorkerServer;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;

/**
 * A worker: serves tasks to engines over a broker, speaking the reference's worker protocol, so
 * Python engines can use it as well as taskflow4j's {@code RemoteTaskExecutor}.
 *
 * <pre>{@code
 * Worker worker = Worker.builder(transport)
 *     .exchange("orders")
 *     .topic("resize-workers")
 *     .serve(Resize.class)                          // served as "com.acme.Resize"
 *     .serve("interop_tasks.Add", name -> new Add(name))
 *     .build();
 * worker.start();
 * ...
 * worker.stop(Duration.ofSeconds(30));
 * }</pre>
 *
 * <p>It consumes the queue {@code <exchange>_<topic>}. It answers each NOTIFY with its topic and the
 * names it serves. For each REQUEST it creates the task (one instance per request), answers
 * RUNNING, relays every event the task emits as an EVENT response (progress as {@code
 * update_progress}), and answers SUCCESS with the result or FAILURE with the failure. A request for
 * a name it does not serve, or whose task cannot be created, is answered with a FAILURE. A message
 * that cannot be used is rejected and logged; no message stops the worker.
 *
 * <p>Beyond the reference, while a task runs the worker sends a heartbeat, an EVENT response of
 * type {@value #HEARTBEAT_EVENT} with details {@code {"interval": seconds, "topic": topic}}: one
 * before RUNNING, then at least one every {@link Builder#heartbeatInterval(Duration) interval}. A
 * taskflow4j executor uses it to notice a worker that died mid-task; a reference engine passes it
 * to its listeners like any other event.
 *
 * <p>Thread-safety: thread-safe. A worker starts once; after {@link #stop(Duration)} build a new
 * one. Its threads are daemon threads: a process that should live as long as its worker must wait
 * for it itself.
 */
public final class Worker implements AutoCloseable {

  /** The event type of the heartbeats a worker sends while a task runs. */
  public static final String HEARTBEAT_EVENT = Heartbeats.EVENT_TYPE;

  /** How often heartbeats go out unless set otherwise. */
  public static final Duration DEFAULT_HEARTBEAT_INTERVAL = Duration.ofSeconds(5);

  private final WorkerServer server;
  private final String exchange;
  private final String topic;
  private final List<String> tasks;

  private Worker(WorkerServer.Settings settings) {
    this.server = new WorkerServer(settings);
    this.exchange = settings.exchange();
    this.topic = settings.topic();
    this.tasks = List.copyOf(settings.endpoints().keySet());
  }

  /**
   * Starts configuring a worker.
   *
   * @param transport the broker connection; the worker uses it and never closes it
   * @return a builder
   */
  public static Builder builder(Transport transport) {
    return new Builder(transport);
  }

  /**
   * Starts consuming requests and logs a banner describing the worker.
   *
   * @throws IllegalStateException when the worker was started before
   * @throws io.taskflow4j.transport.TransportException when its queue cannot be consumed
   */
  public void start() {
    server.start();
  }

  /**
   * Stops the worker gracefully: it takes no new requests (those that arrive meanwhile go back to
   * the topic's queue for other workers), lets running tasks finish within the grace period, then
   * stops. Requests it accepted but had not started by then go back to the queue too; tasks still
   * running are interrupted if they run on the worker's own threads. Idempotent.
   *
   * @param grace how long to wait for running tasks; zero to wait for none
   * @return true when every accepted request was finished within the grace period
   */
  public boolean stop(Duration grace) {
    Objects.requireNonNull(grace, "grace");
    if (grace.isNegative()) {
      throw new IllegalArgumentException("grace must not be negative, got " + grace);
    }
    return server.stop(grace);
  }

  /** Stops the worker without waiting for running tasks: {@code stop(Duration.ZERO)}. */
  @Override
  public void close() {
    server.stop(Duration.ZERO);
  }

  /**
   * Tells whether the worker takes requests.
   *
   * @return true between {@link #start()} and {@link #stop(Duration)}
   */
  public boolean isRunning() {
    return server.isRunning();
  }

  /**
   * The exchange the worker consumes from.
   *
   * @return the exchange name
   */
  public String exchange() {
    return exchange;
  }

  /**
   * The worker's topic, where engines send its requests.
   *
   * @return the topic
   */
  public String topic() {
    return topic;
  }

  /**
   * The names the worker serves tasks under, as it announces them.
   *
   * @return the names, in the order they were added
   */
  public List<String> tasks() {
    return tasks;
  }

  @Override
  public String toString() {
    return "Worker[" + exchange + "/" + topic + ", serves " + tasks + "]";
  }

  /** Configures a {@link Worker}. Not thread-safe; {@link #build()} validates every setting. */
  public static final class Builder {
    private final Transport transport;
    private String exchange = ProtocolDefaults.EXCHANGE;
    private String topic;
    private Integer threads;
    private ExecutorService executor;
    private Duration heartbeatInterval = DEFAULT_HEARTBEAT_INTERVAL;
    private ValueConverter converter = ValueConverter.jackson();
    private ScheduledExecutorService scheduler;
    private Clock clock = Clock.systemUTC();
    private ProtocolLimits limits = ProtocolLimits.DEFAULTS;
    private final Map<String, TaskFactory> endpoints = new LinkedHashMap<>();
    private final List<String> problems = new ArrayList<>();
    private final List<TaskRunInterceptor> interceptors = new ArrayList<>();

    private Builder(Transport transport) {
      this.transport = Objects.requireNonNull(transport, "transport");
    }

    /**
     * Sets the exchange (default {@value ProtocolDefaults#EXCHANGE}, as the reference's engine).
     *
     * @param exchange the exchange name, as the engines use it
     * @return this builder
     */
    public Builder exchange(String exchange) {
      this.exchange = Objects.requireNonNull(exchange, "exchange");
      return this;
    }

    /**
     * Sets the worker's topic (required): engines send its requests there.
     *
     * @param topic the topic, as the engines list it
     * @return this builder
     */
    public Builder topic(String topic) {
      this.topic = Objects.requireNonNull(topic, "topic");
      return this;
    }

    /**
     * Sets how many tasks run at once on the pool the worker creates (default: the number of
     * processors, at least 2). Not combinable with {@link #executor(ExecutorService)}.
     *
     * @param count at least 1
     * @return this builder
     */
    public Builder threads(int count) {
      this.threads = count;
      return this;
    }

    /**
     * Runs tasks on the caller's executor instead of a pool of the worker's own. The worker never
     * shuts it down. Not combinable with {@link #threads(int)}.
     *
     * @param executor the executor
     * @return this builder
     */
    public Builder executor(ExecutorService executor) {
      this.executor = Objects.requireNonNull(executor, "executor");
      return this;
    }

    /**
     * Serves a task class under its Java class name ({@link Class#getName()}, which is also the
     * default {@link Task#remoteName()} of its instances). Each request gets a new instance, made
     * by {@link TaskFactory#forClass}, whose rule the class must follow.
     *
     * @param type the task class
     * @return this builder
     */
    public Builder serve(Class<? extends Task> type) {
      Objects.requireNonNull(type, "type");
      try {
        add(type.getName(), TaskFactory.forClass(type));
      } catch (IllegalArgumentException e) {
        problems.add("serve(" + type.getName() + "): " + e.getMessage());
      }
      return this;
    }

    /**
     * Serves tasks under a name of one's choice, such as {@code interop_tasks.Add} for a task a
     * Python engine sends as that class.
     *
     * @param remoteName the name requests carry as {@code task_cls}
     * @param factory creates a task for each request, given its name in the flow
     * @return this builder
     */
    public Builder serve(String remoteName, TaskFactory factory) {
      Objects.requireNonNull(remoteName, "remoteName");
      Objects.requireNonNull(factory, "factory");
      add(remoteName, factory);
      return this;
    }

    private void add(String name, TaskFactory factory) {
      if (name.isBlank()) {
        problems.add("serve: a served name must not be blank");
      } else if (endpoints.putIfAbsent(name, factory) != null) {
        problems.add("serve: '" + name + "' is served twice");
      }
    }

    /**
     * Sets how often heartbeats go out while a task runs (default 5 s); {@link Duration#ZERO}
     * turns them off, as a reference worker.
     *
     * @param interval positive, or zero
     * @return this builder
     */
    public Builder heartbeatInterval(Duration interval) {
      this.heartbeatInterval = Objects.requireNonNull(interval, "interval");
      return this;
    }

    /**
     * Sets the converter (default {@link ValueConverter#jackson()}) that turns what tasks return
     * (records, POJOs) and the details of their events into JSON for the wire, and the JSON
     * arguments into the types tasks ask for. A result it cannot convert is answered with a
     * FAILURE naming the task and the result's type.
     *
     * @param converter a thread-safe converter
     * @return this builder
     */
    public Builder valueConverter(ValueConverter converter) {
      this.converter = Objects.requireNonNull(converter, "converter");
      return this;
    }

    /**
     * Sends heartbeats from the caller's scheduler instead of a thread of the worker's own. The
     * worker cancels what it scheduled when it stops, and never shuts the scheduler down.
     *
     * @param scheduler the scheduler
     * @return this builder
     */
    public Builder scheduler(ScheduledExecutorService scheduler) {
      this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
      return this;
    }

    /**
     * Sets the clock that {@link Worker#stop}'s grace period is measured with (default: the system
     * clock), so tests can run on fake time.
     *
     * @param clock the clock
     * @return this builder
     */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * Sets the limits on the requests this worker reads (default {@link ProtocolLimits#DEFAULTS}).
     *
     * @param limits the limits
     * @return this builder
     */
    public Builder limits(ProtocolLimits limits) {
      this.limits = Objects.requireNonNull(limits, "limits");
      return this;
    }

    /**
     * Wraps each execute and revert the worker runs, with the request's extra headers at hand,
     * such as a tracer continuing the engine's trace. Interceptors added first run outermost.
     *
     * @param interceptor the interceptor
     * @return this builder
     */
    public Builder interceptor(TaskRunInterceptor interceptor) {
      interceptors.add(Objects.requireNonNull(interceptor, "interceptor"));
      return this;
    }

    /**
     * Validates the settings and builds the worker, not yet started.
     *
     * @return the worker
     * @throws IllegalArgumentException naming every setting that is wrong
     */
    public Worker build() {
      List<String> errors = new ArrayList<>(problems);
      if (exchange.isBlank()) {
        errors.add("exchange must not be blank");
      }
      if (topic == null) {
        errors.add("topic must be set");
      } else if (topic.isBlank()) {
        errors.add("topic must not be blank");
      }
      if (threads != null && threads < 1) {
        errors.add("threads must be at least 1, got " + threads);
      }
      if (threads != null && executor != null) {
        errors.add("threads and executor exclude each other: the threads are the executor's");
      }
      if (heartbeatInterval.isNegative()) {
        errors.add("heartbeatInterval must be positive or zero (off), got " + heartbeatInterval);
      }
      if (endpoints.isEmpty() && problems.isEmpty()) {
        errors.add("serve at least one task");
      }
      if (!errors.isEmpty()) {
        throw new IllegalArgumentException("invalid worker settings: " + String.join("; ", errors));
      }
      int count = threads != null ? threads : Math.max(2, Runtime.getRuntime().availableProcessors());
      return new Worker(
          new WorkerServer.Settings(
              transport,
              exchange,
              topic,
              endpoints,
              count,
              Optional.ofNullable(executor),
              heartbeatInterval,
              ProtocolCodec.create(limits),
              converter,
              Optional.ofNullable(scheduler),
              clock,
              interceptors));
    }
  }
}
