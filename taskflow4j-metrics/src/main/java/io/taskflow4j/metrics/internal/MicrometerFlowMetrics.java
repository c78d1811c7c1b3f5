package io.taskflow4j.metrics.internal;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.taskflow4j.jobs.ConductorListener;
import io.taskflow4j.listener.AtomStateChange;
import io.taskflow4j.listener.FlowListener;
import io.taskflow4j.listener.FlowStateChange;
import io.taskflow4j.persistence.FlowStore;
import io.taskflow4j.metrics.FlowMetrics;
import io.taskflow4j.remote.KnownWorker;
import io.taskflow4j.remote.RemoteExecutorListener;
import io.taskflow4j.remote.RemoteTaskExecutor;
import io.taskflow4j.state.AtomState;
import io.taskflow4j.state.FlowState;
import io.taskflow4j.task.TaskFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@link FlowMetrics} on Micrometer. Meters are looked up once per tag combination and cached,
 * since a registry lookup costs more than the increment.
 *
 * <p>Thread-safety: thread-safe; each listener it makes is used by one engine, whose state
 * changes arrive one at a time.
 */
public final class MicrometerFlowMetrics implements FlowMetrics {

  private final MeterRegistry registry;
  private final Tags common;
  private final int maxNames;
  private final Set<String> taskNames = ConcurrentHashMap.newKeySet();
  private final Set<String> flowNames = ConcurrentHashMap.newKeySet();
  private final Set<String> servedNames = ConcurrentHashMap.newKeySet();
  private final Set<String> topics = ConcurrentHashMap.newKeySet();
  private final Set<String> conductors = ConcurrentHashMap.newKeySet();
  private final Map<String, Counter> counters = new ConcurrentHashMap<>();
  private final Map<String, Timer> timers = new ConcurrentHashMap<>();
  /** Task tag to its four atom timers, so that timing an atom costs one lookup. */
  private final Map<String, Timer[]> atomTimers = new ConcurrentHashMap<>();

  private static final int EXECUTE_SUCCESS = 0;
  private static final int EXECUTE_FAILURE = 1;
  private static final int REVERT_SUCCESS = 2;
  private static final int REVERT_FAILURE = 3;

  /**
   * Creates the metrics.
   *
   * @param registry where the meters go
   * @param common tags on every meter
   * @param maxNames distinct names per tag before {@value FlowMetrics#OTHER}
   */
  public MicrometerFlowMetrics(MeterRegistry registry, Tags common, int maxNames) {
    this.registry = Objects.requireNonNull(registry, "registry");
    this.common = Objects.requireNonNull(common, "common");
    this.maxNames = maxNames;
  }

  @Override
  public FlowListener listener() {
    return new EngineListener();
  }

  @Override
  public RemoteExecutorListener remoteListener() {
    return new RemoteExecutorListener() {
      @Override
      public void onStarted(String taskName, String taskClass, String workerTopic, Duration queueWait) {
        timer(REMOTE_QUEUE_WAIT, "task", limited(servedNames, taskClass)).record(queueWait);
      }

      @Override
      public void onWorkerLost(String workerTopic, String how) {
        counter(REMOTE_WORKERS_LOST, "topic", limited(topics, workerTopic)).increment();
      }
    };
  }

  @Override
  public ConductorListener conductorListener() {
    return event -> counter(JOBS, "conductor", limited(conductors, event.conductor()),
        "event", event.type().name()).increment();
  }

  @Override
  public TaskFactory timed(String servedName, TaskFactory factory) {
    Objects.requireNonNull(servedName, "servedName");
    Objects.requireNonNull(factory, "factory");
    String task = limited(servedNames, servedName);
    Timer[] timers = {
      timer(WORKER_TASK_DURATION, "task", task, "action", "execute", "outcome", "success"),
      timer(WORKER_TASK_DURATION, "task", task, "action", "execute", "outcome", "failure"),
      timer(WORKER_TASK_DURATION, "task", task, "action", "revert", "outcome", "success"),
      timer(WORKER_TASK_DURATION, "task", task, "action", "revert", "outcome", "failure"),
    };
    return name -> new TimedTask(factory.create(name), timers, registry.config().clock());
  }

  @Override
  public FlowStore timed(FlowStore store) {
    Objects.requireNonNull(store, "store");
    return new TimedFlowStore(store,
        Timer.builder(STORE_COMMIT).description("one save of a flow store: one commit").tags(common).register(registry),
        DistributionSummary.builder(STORE_BATCH).description("rows written by one save").baseUnit("rows")
            .tags(common).register(registry));
  }

  @Override
  public void bind(RemoteTaskExecutor executor) {
    Objects.requireNonNull(executor, "executor");
    Tags tags = common.and("executor", executor.topic());
    Gauge.builder(REMOTE_IN_FLIGHT, executor, RemoteTaskExecutor::openRequests)
        .description("requests sent or held and not yet ended")
        .tags(tags)
        .register(registry);
    for (String topic : executor.topics()) {
      Gauge.builder(REMOTE_WORKERS, executor, e -> countWorkers(e, topic))
          .description("workers the executor knows on a topic")
          .tags(tags.and("topic", topic))
          .register(registry);
    }
  }

  private static double countWorkers(RemoteTaskExecutor executor, String topic) {
    int known = 0;
    for (KnownWorker worker : executor.workers()) {
      if (worker.topic().equals(topic)) {
        known++;
      }
    }
    return known;
  }

  private String limited(Set<String> seen, String name) {
    if (seen.contains(name)) {
      return name;
    }
    if (seen.size() < maxNames && seen.add(name)) {
      return name;
    }
    return seen.contains(name) ? name : OTHER;
  }

  private Counter counter(String name, String... tags) {
    return counters.computeIfAbsent(key(name, tags),
        k -> Counter.builder(name).tags(common.and(tags)).register(registry));
  }

  private Timer timer(String name, String... tags) {
    return timers.computeIfAbsent(key(name, tags),
        k -> Timer.builder(name).tags(common.and(tags)).register(registry));
  }

  private static String key(String name, String... tags) {
    StringBuilder key = new StringBuilder(name);
    for (String tag : tags) {
      key.append('\u0000').append(tag);
    }
    return key.toString();
  }

  /** One engine's listener: remembers when its flow and atoms started. */
  private final class EngineListener implements FlowListener {
    private final Map<String, Instant> atomStarts = new ConcurrentHashMap<>();
    private volatile Instant flowStart;

    @Override
    public void onFlowStateChange(FlowStateChange change) {
      String flow = limited(flowNames, change.flowName());
      FlowState to = change.to();
      if (to == FlowState.RUNNING && change.from() != FlowState.RUNNING) {
        flowStart = change.at();
        counter(FLOWS_STARTED, "flow", flow).increment();
      } else if (to == FlowState.SUCCESS || to == FlowState.REVERTED || to == FlowState.FAILURE
          || to == FlowState.SUSPENDED) {
        counter(FLOWS_ENDED, "flow", flow, "state", to.name()).increment();
        Instant start = flowStart;
        if (start != null) {
          timer(FLOW_DURATION, "flow", flow, "state", to.name()).record(Duration.between(start, change.at()));
          flowStart = null;
        }
      }
    }

    @Override
    public void onAtomStateChange(AtomStateChange change) {
      AtomState to = change.to();
      switch (to) {
        case RUNNING, REVERTING -> atomStarts.put(change.atomName(), change.at());
        case SUCCESS -> ended(change, EXECUTE_SUCCESS);
        case FAILURE -> ended(change, EXECUTE_FAILURE);
        case REVERTED -> ended(change, REVERT_SUCCESS);
        case REVERT_FAILURE -> ended(change, REVERT_FAILURE);
        case RETRYING -> counter(RETRIES, "retry", limited(taskNames, change.atomName())).increment();
        default -> {
          // PENDING, IGNORE: nothing ran
        }
      }
    }

    private void ended(AtomStateChange change, int which) {
      Instant start = atomStarts.remove(change.atomName());
      if (start == null || change.retry()) {
        return; // a retry controller's own decisions take no time worth timing
      }
      String task = limited(taskNames, change.atomName());
      Timer[] slots = atomTimers.computeIfAbsent(task, t -> new Timer[4]);
      Timer timer = slots[which];
      if (timer == null) {
        // Racing threads find the same timer: timer() caches it.
        timer = timer(ATOM_DURATION, "task", task, "action", which < REVERT_SUCCESS ? "execute" : "revert",
            "outcome", which % 2 == 0 ? "success" : "failure");
        slots[which] = timer;
      }
      timer.record(Duration.between(start, change.at()));
    }
  }
}
