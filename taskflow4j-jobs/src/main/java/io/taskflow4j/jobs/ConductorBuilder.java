package io.taskflow4j.jobs;

import io.taskflow4j.engine.EngineBuilder;
import io.taskflow4j.jobs.internal.ConductorSettings;
import io.taskflow4j.jobs.internal.DefaultConductor;
import io.taskflow4j.persistence.FlowStore;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Consumer;

/**
 * Configures a {@link Conductor}; made by {@link Conductor#builder}. Not thread-safe; {@link
 * #build()} validates the options together.
 */
public final class ConductorBuilder {

  /** The default number of jobs run at once. */
  public static final int DEFAULT_MAX_CONCURRENT_JOBS = 4;
  /** The default lease. */
  public static final Duration DEFAULT_LEASE = Duration.ofSeconds(30);

  private final JobBoard board;
  private final FlowStore store;
  private final FlowFactories factories;
  private String name;
  private int maxConcurrentJobs = DEFAULT_MAX_CONCURRENT_JOBS;
  private Duration lease = DEFAULT_LEASE;
  private Duration renewInterval;
  private Duration pollInterval;
  private Consumer<EngineBuilder> engine;
  private final List<ConductorListener> listeners = new ArrayList<>();
  private Clock clock = Clock.systemUTC();
  private Executor executor;
  private ScheduledExecutorService scheduler;

  ConductorBuilder(JobBoard board, FlowStore store, FlowFactories factories) {
    this.board = Objects.requireNonNull(board, "board");
    this.store = Objects.requireNonNull(store, "store");
    this.factories = Objects.requireNonNull(factories, "factories");
  }

  /**
   * Sets the name the conductor claims jobs under (default: host name, process id and a random
   * suffix). It must be unique among the conductors of a board.
   *
   * @param value the name
   * @return this builder
   */
  public ConductorBuilder name(String value) {
    Objects.requireNonNull(value, "name");
    if (value.isBlank()) {
      throw new IllegalArgumentException("a conductor name must not be blank");
    }
    this.name = value;
    return this;
  }

  /**
   * Sets how many jobs run at once (default {@value #DEFAULT_MAX_CONCURRENT_JOBS}).
   *
   * @param value at least 1
   * @return this builder
   */
  public ConductorBuilder maxConcurrentJobs(int value) {
    if (value < 1) {
      throw new IllegalArgumentException("maxConcurrentJobs must be at least 1, got " + value);
    }
    this.maxConcurrentJobs = value;
    return this;
  }

  /**
   * Sets how long a claim lasts unless renewed (default 30 s): how soon another conductor takes
   * the jobs of one that died. A flow records nothing more (so starts no new atom) once nine
   * tenths of the lease have passed since its last successful renewal began; the tenth left covers
   * clock skew and the time a store write takes.
   *
   * @param value positive
   * @return this builder
   */
  public ConductorBuilder lease(Duration value) {
    this.lease = requirePositive(value, "lease");
    return this;
  }

  /**
   * Sets how often leases are renewed (default: a third of the lease). At most half the lease, so
   * that a renewal that fails is tried again before the lease runs out.
   *
   * @param value positive
   * @return this builder
   */
  public ConductorBuilder renewInterval(Duration value) {
    this.renewInterval = requirePositive(value, "renewInterval");
    return this;
  }

  /**
   * Sets how often the board is looked at when nothing wakes the conductor (default: the renewal
   * interval): lapsed leases are not announced, so this bounds how late the jobs of a conductor
   * that died are taken over. Also the pause after the board failed.
   *
   * @param value positive
   * @return this builder
   */
  public ConductorBuilder pollInterval(Duration value) {
    this.pollInterval = requirePositive(value, "pollInterval");
    return this;
  }

  /**
   * Configures each job's engine, for example to run tasks on remote workers ({@code
   * taskExecutor}), on a shared pool ({@code executor}) or with listeners. The conductor sets the
   * store, the flow detail and the job's inputs after this runs; do not set {@code flowId} or
   * {@code flowMeta}. When the customizer chooses no way of running tasks ({@link
   * EngineBuilder#choosesHowTasksRun()}), the conductor gives each engine one pool of threads it
   * owns for the tasks of every job, which saves each engine from starting threads of its own.
   *
   * @param customizer called with each engine's builder, on the job's thread
   * @return this builder
   */
  public ConductorBuilder engine(Consumer<EngineBuilder> customizer) {
    this.engine = Objects.requireNonNull(customizer, "engine");
    return this;
  }

  /**
   * Adds a listener.
   *
   * @param listener told of every event
   * @return this builder
   */
  public ConductorBuilder listener(ConductorListener listener) {
    listeners.add(Objects.requireNonNull(listener, "listener"));
    return this;
  }

  /**
   * Sets the clock of the local lease deadlines and of events (default: system UTC). It should be
   * the board's notion of time: a flow records nothing once the lease may have lapsed by it.
   *
   * @param value the clock
   * @return this builder
   */
  public ConductorBuilder clock(Clock value) {
    this.clock = Objects.requireNonNull(value, "clock");
    return this;
  }

  /**
   * Runs jobs on the given executor instead of threads the conductor owns; it must be able to run
   * {@code maxConcurrentJobs} at once, since each job holds a thread while its flow runs. The
   * conductor never shuts it down.
   *
   * @param value the executor
   * @return this builder
   */
  public ConductorBuilder executor(Executor value) {
    this.executor = Objects.requireNonNull(value, "executor");
    return this;
  }

  /**
   * Renews leases on the given scheduler instead of a thread the conductor owns. The conductor
   * never shuts it down.
   *
   * @param value the scheduler
   * @return this builder
   */
  public ConductorBuilder scheduler(ScheduledExecutorService value) {
    this.scheduler = Objects.requireNonNull(value, "scheduler");
    return this;
  }

  /**
   * Builds the conductor; {@link Conductor#start()} starts it.
   *
   * @return the conductor
   * @throws IllegalArgumentException when the renewal interval is more than half the lease
   */
  public Conductor build() {
    Duration renew = renewInterval != null ? renewInterval : lease.dividedBy(3);
    if (renew.multipliedBy(2).compareTo(lease) > 0) {
      throw new IllegalArgumentException("renewInterval " + renew + " must be at most half the lease " + lease
          + ", so that a renewal that fails is tried again before the lease runs out");
    }
    if (renew.isZero()) {
      throw new IllegalArgumentException("lease " + lease + " is too short to renew");
    }
    return new DefaultConductor(new ConductorSettings(
        board,
        store,
        factories,
        name != null ? name : defaultName(),
        maxConcurrentJobs,
        lease,
        renew,
        pollInterval != null ? pollInterval : renew,
        Optional.ofNullable(engine),
        List.copyOf(listeners),
        clock,
        Optional.ofNullable(executor),
        Optional.ofNullable(scheduler)));
  }

  private static Duration requirePositive(Duration value, String what) {
    Objects.requireNonNull(value, what);
    if (value.isNegative() || value.isZero()) {
      throw new IllegalArgumentException(what + " must be positive, got " + value);
    }
    return value;
  }

  private static String defaultName() {
    String host;
    try {
      host = InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      host = "localhost";
    }
    return host + "-" + ProcessHandle.current().pid() + "-" + UUID.randomUUID().toString().substring(0, 8);
  }
}
