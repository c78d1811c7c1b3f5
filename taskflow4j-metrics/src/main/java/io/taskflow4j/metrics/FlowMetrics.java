package io.taskflow4j.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.taskflow4j.jobs.ConductorListener;
import io.taskflow4j.listener.FlowListener;
import io.taskflow4j.persistence.FlowStore;
import io.taskflow4j.metrics.internal.MicrometerFlowMetrics;
import io.taskflow4j.remote.RemoteExecutorListener;
import io.taskflow4j.remote.RemoteTaskExecutor;
import io.taskflow4j.task.TaskFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Micrometer metrics of flows and atoms, and of remote executors bound to it. Add {@link
 * #listener()} to each engine (a new listener per engine: it tracks that engine's atoms):
 *
 * <pre>{@code
 * FlowMetrics metrics = FlowMetrics.of(registry);
 * Engine engine = Engine.builder(flow).listener(metrics.listener()).build();
 * metrics.bind(remoteExecutor); // requests in flight, workers known
 * }</pre>
 *
 * <p>Meters, each with the common tags given to the builder:
 *
 * <ul>
 *   <li>{@value #FLOWS_STARTED} (counter; tag {@code flow}): runs and resumptions started;
 *   <li>{@value #FLOWS_ENDED} (counter; tags {@code flow}, {@code state}: {@code SUCCESS},
 *       {@code REVERTED}, {@code FAILURE}, {@code SUSPENDED});
 *   <li>{@value #FLOW_DURATION} (timer; tags {@code flow}, {@code state}): from start to end;
 *   <li>{@value #ATOM_DURATION} (timer; tags {@code task}, {@code action}: {@code execute} or
 *       {@code revert}, {@code outcome}: {@code success} or {@code failure}): how long atoms ran;
 *   <li>{@value #RETRIES} (counter; tag {@code retry}): times a retry controller had its subflow
 *       run again;
 *   <li>{@value #REMOTE_IN_FLIGHT} (gauge; tag {@code executor}) and {@value #REMOTE_WORKERS}
 *       (gauge; tags {@code executor}, {@code topic}) for each bound remote executor;
 *   <li>{@value #REMOTE_QUEUE_WAIT} (timer; tag {@code task}, the served name) and {@value
 *       #REMOTE_WORKERS_LOST} (counter; tag {@code topic}) through {@link #remoteListener()};
 *   <li>{@value #JOBS} (counter; tags {@code conductor}, {@code event}: {@code CLAIMED}, {@code
 *       STARTED}, {@code CONSUMED}, {@code ABANDONED}, {@code LEASE_LOST}, {@code TRASHED}, {@code
 *       FAILED}) through {@link #conductorListener()};
 *   <li>{@value #WORKER_TASK_DURATION} (timer; tags {@code task}, the served name, {@code action},
 *       {@code outcome}) for tasks a worker serves through {@link #timed(String, TaskFactory)};
 *   <li>{@value #STORE_COMMIT} (timer) and {@value #STORE_BATCH} (distribution summary of rows per
 *       commit) for a flow store wrapped by {@link #timed(FlowStore)}.
 * </ul>
 *
 * <p>Task and flow names become tag values; past {@link Builder#maxNames(int)} distinct names per
 * tag, further ones are counted under {@value #OTHER}, so that a flow of 100,000 uniquely named
 * tasks does not make 100,000 timers.
 *
 * <p>Thread-safety: thread-safe; one instance can serve any number of engines.
 */
public interface FlowMetrics {

  /** Flows started. */
  String FLOWS_STARTED = "taskflow4j.flows.started";
  /** Flows ended, by state. */
  String FLOWS_ENDED = "taskflow4j.flows.ended";
  /** How long flows ran, by state. */
  String FLOW_DURATION = "taskflow4j.flow.duration";
  /** How long atoms ran, by task, action and outcome. */
  String ATOM_DURATION = "taskflow4j.atom.duration";
  /** Subflows run again by retry controllers. */
  String RETRIES = "taskflow4j.retries";
  /** Requests a remote executor has sent or holds and that have not ended. */
  String REMOTE_IN_FLIGHT = "taskflow4j.remote.requests.open";
  /** Workers a remote executor knows, by topic. */
  String REMOTE_WORKERS = "taskflow4j.remote.workers";
  /**
   * How long requests waited from publishing to a worker's RUNNING, or to the outcome of a task
   * shorter than the RUNNING notice delay, by served name.
   */
  String REMOTE_QUEUE_WAIT = "taskflow4j.remote.queue.wait";
  /** Workers taken for lost, by topic. */
  String REMOTE_WORKERS_LOST = "taskflow4j.remote.workers.lost";
  /** What conductors did with jobs, by event. */
  String JOBS = "taskflow4j.jobs";
  /** How long tasks ran on a worker, by served name, action and outcome. */
  String WORKER_TASK_DURATION = "taskflow4j.worker.task.duration";
  /** How long a flow store's saves took, each one commit. */
  String STORE_COMMIT = "taskflow4j.store.commit";
  /** How many rows each save of a flow store wrote. */
  String STORE_BATCH = "taskflow4j.store.batch.size";
  /** The tag value for names past the limit. */
  String OTHER = "other";
  /** The default limit of distinct names per tag. */
  int DEFAULT_MAX_NAMES = 200;

  /**
   * Metrics on a registry, with the defaults.
   *
   * @param registry where the meters go
   * @return the metrics
   */
  static FlowMetrics of(MeterRegistry registry) {
    return builder(registry).build();
  }

  /**
   * A builder of metrics on a registry.
   *
   * @param registry where the meters go
   * @return a new builder
   */
  static Builder builder(MeterRegistry registry) {
    return new Builder(registry);
  }

  /**
   * A new listener for one engine; it records that engine's flow and atoms.
   *
   * @return the listener
   */
  FlowListener listener();

  /**
   * Registers gauges of a remote executor: its open requests and the workers it knows per topic.
   * The gauges hold the executor weakly, as Micrometer does.
   *
   * @param executor the executor
   */
  void bind(RemoteTaskExecutor executor);

  /**
   * A listener for {@link RemoteTaskExecutor.Builder#listener}: queue waits and lost workers.
   *
   * @return the listener; one can serve several executors
   */
  RemoteExecutorListener remoteListener();

  /**
   * A listener for a conductor ({@code ConductorBuilder.listener}): jobs claimed, consumed,
   * abandoned, lost, trashed.
   *
   * @return the listener; one can serve several conductors
   */
  ConductorListener conductorListener();

  /**
   * A task factory whose tasks record how long each execute and revert ran, for a worker: {@code
   * Worker.builder(t).serve(name, metrics.timed(name, factory))}.
   *
   * @param servedName the name the worker serves the tasks under, the {@code task} tag
   * @param factory makes the tasks
   * @return a factory of timed tasks; they forward everything else, idempotence included
   */
  TaskFactory timed(String servedName, TaskFactory factory);

  /**
   * A flow store that records the latency and the size of each of its commits; give it to engines
   * and conductors instead of the store itself.
   *
   * @param store the store
   * @return the timed store; closing it closes the store
   */
  FlowStore timed(FlowStore store);

  /** Builds {@link FlowMetrics}; not thread-safe. */
  final class Builder {
    private final MeterRegistry registry;
    private final List<Tag> tags = new ArrayList<>();
    private int maxNames = DEFAULT_MAX_NAMES;

    private Builder(MeterRegistry registry) {
      this.registry = Objects.requireNonNull(registry, "registry");
    }

    /**
     * Adds tags to every meter, such as the application's name.
     *
     * @param keyValues keys and values, alternating
     * @return this builder
     */
    public Builder tags(String... keyValues) {
      Tags.of(keyValues).forEach(tags::add);
      return this;
    }

    /**
     * Sets how many distinct task or flow names become tag values before further ones are counted
     * as {@value #OTHER} (default {@value #DEFAULT_MAX_NAMES}).
     *
     * @param maxNames at least 1
     * @return this builder
     */
    public Builder maxNames(int maxNames) {
      this.maxNames = maxNames;
      return this;
    }

    /**
     * Builds the metrics.
     *
     * @return the metrics
     * @throws IllegalArgumentException when {@code maxNames} is below 1
     */
    public FlowMetrics build() {
      if (maxNames < 1) {
        throw new IllegalArgumentException("maxNames must be at least 1, got " + maxNames);
      }
      return new MicrometerFlowMetrics(registry, Tags.of(tags), maxNames);
    }
  }
}
