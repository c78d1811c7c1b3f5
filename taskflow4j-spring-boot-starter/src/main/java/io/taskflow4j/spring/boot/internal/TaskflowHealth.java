package io.taskflow4j.spring.boot.internal;

import io.taskflow4j.persistence.FlowQuery;
import io.taskflow4j.persistence.FlowStore;
import io.taskflow4j.remote.KnownWorker;
import io.taskflow4j.remote.RemoteTaskExecutor;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.springframework.boot.actuate.health.AbstractHealthIndicator;
import org.springframework.boot.actuate.health.Health;

/**
 * The {@code taskflow4j} health: down when the store cannot be read or a topic of the remote
 * executor has no worker; details list the workers known per topic and whether the application's
 * own worker runs.
 *
 * <p>Thread-safety: thread-safe.
 */
public final class TaskflowHealth extends AbstractHealthIndicator {

  private final Optional<RemoteTaskExecutor> executor;
  private final Optional<FlowStore> store;
  private final Optional<TaskBeanWorker> worker;

  /**
   * Creates the indicator.
   *
   * @param executor the remote executor, if any
   * @param store the store, if any
   * @param worker the application's worker, if any
   */
  public TaskflowHealth(
      Optional<RemoteTaskExecutor> executor, Optional<FlowStore> store, Optional<TaskBeanWorker> worker) {
    super("taskflow4j health check failed");
    this.executor = executor;
    this.store = store;
    this.worker = worker;
  }

  @Override
  protected void doHealthCheck(Health.Builder builder) {
    builder.up();
    executor.ifPresent(remote -> {
      Map<String, Object> perTopic = new LinkedHashMap<>();
      List<KnownWorker> known = remote.workers();
      for (String topic : remote.topics()) {
        long workers = known.stream().filter(w -> w.topic().equals(topic)).count();
        perTopic.put(topic, workers);
        if (workers == 0) {
          builder.down().withDetail("reason", "no worker known on topic '" + topic + "'");
        }
      }
      builder.withDetail("workers", perTopic);
    });
    store.ifPresent(flows -> {
      flows.flows(new FlowQuery(Set.of(), Optional.empty(), Optional.empty(), Optional.empty(), 1));
      builder.withDetail("store", flows.describe());
    });
    worker.ifPresent(own -> builder.withDetail("worker", own.isRunning() ? "running" : "stopped"));
  }
}
