package io.taskflow4j.jobs.internal;

import io.taskflow4j.engine.EngineBuilder;
import io.taskflow4j.jobs.ConductorListener;
import io.taskflow4j.jobs.FlowFactories;
import io.taskflow4j.jobs.JobBoard;
import io.taskflow4j.persistence.FlowStore;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Consumer;

/**
 * A conductor's validated options, as {@link io.taskflow4j.jobs.ConductorBuilder} made them.
 *
 * @param board the board
 * @param store the store
 * @param factories the factories served
 * @param name the owner name
 * @param maxConcurrentJobs jobs at once
 * @param lease the lease
 * @param renewInterval how often leases are renewed
 * @param pollInterval how often the board is looked at without a wake-up
 * @param engine the engine customizer; empty for tasks on a pool the conductor owns
 * @param listeners the listeners
 * @param clock the clock
 * @param executor the caller's executor for jobs, if any
 * @param scheduler the caller's scheduler for renewals, if any
 */
public record ConductorSettings(
    JobBoard board,
    FlowStore store,
    FlowFactories factories,
    String name,
    int maxConcurrentJobs,
    Duration lease,
    Duration renewInterval,
    Duration pollInterval,
    Optional<Consumer<EngineBuilder>> engine,
    List<ConductorListener> listeners,
    Clock clock,
    Optional<Executor> executor,
    Optional<ScheduledExecutorService> scheduler) {

  /**
   * Copies the listeners.
   *
   * @param board the board
   * @param store the store
   * @param factories the factories served
   * @param name the owner name
   * @param maxConcurrentJobs jobs at once
   * @param lease the lease
   * @param renewInterval how often leases are renewed
   * @param pollInterval how often the board is looked at without a wake-up
   * @param engine the engine customizer; empty for tasks on a pool the conductor owns
   * @param listeners the listeners
   * @param clock the clock
   * @param executor the caller's executor for jobs, if any
   * @param scheduler the caller's scheduler for renewals, if any
   */
  public ConductorSettings {
    listeners = List.copyOf(listeners);
  }
}
