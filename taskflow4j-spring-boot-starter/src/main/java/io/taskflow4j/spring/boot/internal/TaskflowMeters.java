package io.taskflow4j.spring.boot.internal;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.taskflow4j.remote.RemoteTaskExecutor;
import java.util.Optional;

/**
 * Gauges of what the public API shows: {@code taskflow4j.workers.known} per topic of the remote
 * executor, and {@code taskflow4j.worker.running} for the application's own worker (1 or 0).
 *
 * <p>Thread-safety: thread-safe.
 */
public final class TaskflowMeters implements MeterBinder {

  private final Optional<RemoteTaskExecutor> executor;
  private final Optional<TaskBeanWorker> worker;

  /**
   * Creates the binder.
   *
   * @param executor the remote executor, if any
   * @param worker the application's worker, if any
   */
  public TaskflowMeters(Optional<RemoteTaskExecutor> executor, Optional<TaskBeanWorker> worker) {
    this.executor = executor;
    this.worker = worker;
  }

  @Override
  public void bindTo(MeterRegistry registry) {
    executor.ifPresent(remote -> {
      for (String topic : remote.topics()) {
        Gauge.builder("taskflow4j.workers.known", remote,
                r -> r.workers().stream().filter(w -> w.topic().equals(topic)).count())
            .description("workers that answered the remote executor on a topic")
            .tag("topic", topic)
            .register(registry);
      }
    });
    worker.ifPresent(own -> Gauge.builder("taskflow4j.worker.running", own, w -> w.isRunning() ? 1 : 0)
        .description("1 while the application's worker serves its task beans")
        .register(registry));
  }
}
