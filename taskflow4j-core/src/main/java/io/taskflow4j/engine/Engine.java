package io.taskflow4j.engine;

import io.taskflow4j.flow.Flow;
import io.taskflow4j.state.AtomState;
import io.taskflow4j.state.FlowState;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Runs a flow: compiles it, runs its atoms (in parallel where the flow allows), and when something
 * fails reverts everything that ran, in reverse order, unless a retry controller decides to run
 * part of the flow again.
 *
 * <pre>{@code
 * try (Engine engine = Engine.builder(flow).input("order", order).build()) {
 *   engine.run();
 *   Object receipt = engine.result("receipt").orElseThrow();
 * }
 * }</pre>
 *
 * <p>One engine runs its flow once; after {@link #suspend()} running it again resumes it, and
 * {@link #reset()} lets it run the flow again from the start.
 * Thread-safety: all methods are thread-safe; {@link #suspend()} is meant to be called from another
 * thread while the flow runs.
 */
public interface Engine extends AutoCloseable {

  /**
   * An engine with the defaults: tasks run in this process on a pool the engine owns.
   *
   * @param flow the flow
   * @return the engine
   */
  static Engine of(Flow flow) {
    return builder(flow).build();
  }

  /**
   * Starts configuring an engine.
   *
   * @param flow the flow
   * @return a builder
   */
  static EngineBuilder builder(Flow flow) {
    return new EngineBuilder(flow);
  }

  /**
   * Compiles the flow now instead of at the first run. Idempotent.
   *
   * @return this engine
   * @throws io.taskflow4j.flow.FlowDefinitionException when the flow is invalid
   */
  Engine compile();

  /**
   * Runs the flow (or resumes it after a suspend) and waits for the end. A flow that already
   * ended SUCCESS is not run again: this returns SUCCESS at once, as the reference's engines do.
   *
   * @return SUCCESS, or SUSPENDED when {@link #suspend()} stopped it
   * @throws FlowFailedException when it failed; it has then been reverted
   * @throws io.taskflow4j.flow.FlowDefinitionException when the flow is invalid
   * @throws IllegalStateException when the engine is already running, or has ended other than in
   *     SUCCESS
   */
  FlowState run();

  /**
   * Starts running the flow (or resumes it) without waiting.
   *
   * @return completes with SUCCESS or SUSPENDED, or exceptionally with {@link FlowFailedException}
   */
  CompletableFuture<FlowState> runAsync();

  /**
   * Reverts everything of the flow that ran, newest first, and ends it REVERTED: for a flow that
   * was suspended, or recorded and resumed with {@link EngineBuilder#resume}, that is not to be
   * finished.
   *
   * @return REVERTED
   * @throws FlowFailedException when a revert failed; the flow then ends in FAILURE
   * @throws IllegalStateException when the engine is running or has finished
   */
  FlowState revert();

  /**
   * Starts reverting the flow without waiting; see {@link #revert()}.
   *
   * @return completes with REVERTED, or exceptionally with {@link FlowFailedException}
   */
  CompletableFuture<FlowState> revertAsync();

  /**
   * The id of this run's flow detail: generated for a new run, the recorded one on resume. With a
   * store, {@code taskflow resume ID} and {@link EngineBuilder#resume} take it.
   *
   * @return the id, a UUID string
   */
  String flowId();

  /**
   * Asks a running flow to stop: no new atoms start (or, while it reverts, no new reverts), running
   * ones finish, then the flow is SUSPENDED; running it again, or resuming its record, goes on
   * where it stopped. Called by a listener, it takes effect at once: nothing starts after the
   * change the listener was told of. Ignored when the flow is not running, waits to retry, or has
   * a failure it has not yet decided what to do with.
   */
  void suspend();

  /**
   * Forgets the last run, so that the next {@link #run()} starts the flow over: every atom goes
   * back to PENDING with no result or failure, retry histories are emptied and the flow is PENDING.
   * Nothing is reverted. A recorded run is reset in its store too, under the same flow id.
   * Listeners hear the flow move to PENDING, not each atom.
   *
   * @throws IllegalStateException while the flow runs or reverts
   */
  void reset();

  /**
   * What the engine has done so far: atoms by state, executes, reverts and retries started, and
   * the time spent compiling and running. Callable at any time, also while the flow runs.
   *
   * @return a snapshot
   */
  RunStatistics statistics();

  /**
   * The flow's state.
   *
   * @return the state
   */
  FlowState state();

  /**
   * An atom's state.
   *
   * @param atomName the atom's name
   * @return its state
   * @throws IllegalArgumentException when there is no such atom
   */
  AtomState atomState(String atomName);

  /**
   * A result of the outermost flow, by the name it is provided under; inputs are found too.
   *
   * @param name the symbol
   * @return its value, or empty when nothing has provided it (or it was reverted or is null)
   */
  Optional<Object> result(String name);

  /**
   * Every result the outermost flow provides that is available.
   *
   * @return symbol to value
   */
  Map<String, Object> results();

  /** Releases the threads the engine owns. An executor passed in by the caller is left running. */
  @Override
  void close();
}
