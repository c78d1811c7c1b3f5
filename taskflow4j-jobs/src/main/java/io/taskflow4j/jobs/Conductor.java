package io.taskflow4j.jobs;

import io.taskflow4j.persistence.FlowStore;
import java.time.Duration;
import java.util.Set;

/**
 * Claims jobs from a {@link JobBoard} and runs their flows with a {@link FlowStore}, up to a
 * number at once, renewing each claim's lease while its flow runs.
 *
 * <p>For each job it builds the flow with the {@link FlowFactory} the job names and runs it from
 * the store's record, so a job another conductor started goes on where it stopped. Its inputs are,
 * as with the reference's conductors, its flow detail's {@code meta.store} and over them the job's
 * {@code details.store}. A flow that ends SUCCESS or REVERTED consumes its job. A job that cannot run as posted (its logbook is
 * missing, its factory rejects the arguments, its flow is invalid or no longer matches the record)
 * is trashed with the reason; a job whose factory this conductor does not serve is given back for
 * another conductor. A conductor that loses a lease records nothing more for that flow, so no atom
 * starts after another owner may have taken it over. {@link #stop(Duration)} suspends the running
 * flows and gives their jobs back, so other conductors take them at once.
 *
 * <pre>{@code
 * try (Conductor conductor = Conductor.builder(board, store, factories).maxConcurrentJobs(8).build()) {
 *   conductor.start();
 *   ...
 * }
 * }</pre>
 *
 * <p>Thread-safety: all methods are thread-safe.
 */
public interface Conductor extends AutoCloseable {

  /**
   * Starts configuring a conductor.
   *
   * @param board the board to claim jobs from; the conductor does not close it
   * @param store the store flows are recorded in; the conductor does not close it
   * @param factories the factories it serves
   * @return a builder
   */
  static ConductorBuilder builder(JobBoard board, FlowStore store, FlowFactories factories) {
    return new ConductorBuilder(board, store, factories);
  }

  /**
   * The name it claims jobs under, unique among the conductors of a board.
   *
   * @return the name
   */
  String name();

  /**
   * Starts claiming and running jobs on the conductor's threads, and returns at once.
   *
   * @throws IllegalStateException when it was started before
   */
  void start();

  /**
   * The jobs it holds now: claimed and not yet consumed, abandoned, trashed or lost.
   *
   * @return their ids
   */
  Set<String> heldJobs();

  /**
   * Stops gracefully: claims no more jobs, asks every running flow to suspend (running atoms
   * finish, no new one starts), and abandons each job once its flow has stopped, so another
   * conductor takes it over at once. A job whose flow ends while stopping is consumed as usual.
   * Idempotent.
   *
   * @param grace how long to wait for running atoms to finish
   * @return true when every job was handed back or finished within the grace; false when some flow
   *     still runs (its job is left to its lease)
   */
  boolean stop(Duration grace);

  /**
   * Stops with a grace of one lease (see {@link #stop(Duration)}), then releases the threads the
   * conductor owns. Flows still running after that record nothing more, and their jobs are taken
   * over when their leases lapse.
   */
  @Override
  void close();
}
