package io.taskflow4j.listener;

/**
 * Told of every flow and atom state change and of every task event. All methods do nothing by
 * default; override what you need.
 *
 * <p>State changes are delivered one at a time, in order, from the engine's threads; task events
 * may arrive concurrently from the threads tasks run on, so implementations must be thread-safe.
 * An exception thrown by a listener is logged and otherwise ignored.
 */
public interface FlowListener {

  /**
   * The flow changed state.
   *
   * @param change what changed
   */
  default void onFlowStateChange(FlowStateChange change) {}

  /**
   * An atom changed state.
   *
   * @param change what changed
   */
  default void onAtomStateChange(AtomStateChange change) {}

  /**
   * A task emitted an event, such as progress.
   *
   * @param event the event
   */
  default void onTaskEvent(TaskEvent event) {}
}
