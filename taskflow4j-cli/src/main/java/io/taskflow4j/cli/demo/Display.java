package io.taskflow4j.cli.demo;

import java.io.PrintWriter;
import java.util.function.Consumer;

/**
 * How the demo shows a run while it happens: {@link LiveDisplay} redraws every task's state and
 * progress bar in place on a terminal; {@link LogDisplay} writes one line per change for logs and
 * pipes.
 *
 * <p>Thread-safety: implementations are thread-safe.
 */
public interface Display {

  /**
   * Chooses the display for where the output goes.
   *
   * @param out the command's output
   * @param live true for the live display
   * @return the display
   */
  static Display of(PrintWriter out, boolean live) {
    return live ? new LiveDisplay(out, Terminal.columns(), Terminal.colours()) : new LogDisplay(out);
  }

  /**
   * Receives the run board's lines, one per noteworthy change.
   *
   * @return the sink, quick and thread-safe
   */
  Consumer<String> lines();

  /**
   * Starts showing a run.
   *
   * @param board the run's board
   */
  void start(RunBoard board);

  /** Shows the run's final state and stops. */
  void finish();
}
