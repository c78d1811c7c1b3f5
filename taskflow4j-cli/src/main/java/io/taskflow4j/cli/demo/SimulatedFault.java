package io.taskflow4j.cli.demo;

/**
 * A failure the demo's simulated world causes: a broken task or a service that is down. It travels
 * to the engine as the task's failure. Immutable.
 */
public class SimulatedFault extends RuntimeException {

  /**
   * Creates the fault.
   *
   * @param message what went wrong, as the simulated service would say it
   */
  public SimulatedFault(String message) {
    super(message);
  }
}
