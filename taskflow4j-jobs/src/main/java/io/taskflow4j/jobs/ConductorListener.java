package io.taskflow4j.jobs;

/**
 * Told what a {@link Conductor} does with its jobs. Called on the conductor's threads, possibly
 * on several at once for different jobs; for one job the events come in the order they happened.
 * Should be quick. An exception it throws is logged and otherwise ignored: a listener never stops
 * a conductor.
 */
@FunctionalInterface
public interface ConductorListener {

  /**
   * Receives an event.
   *
   * @param event what happened
   */
  void onEvent(ConductorEvent event);
}
