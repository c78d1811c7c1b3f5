package io.taskflow4j.cli.demo;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Shows a run as plain lines, one per state change or progress milestone, each with the time since
 * the start: for output that is not a terminal.
 *
 * <pre>
 * [  0.62s] fetch-upload SUCCESS on media after 0.61s
 * [  1.01s] transcode-1080p 25%
 * </pre>
 *
 * <p>Thread-safety: thread-safe.
 */
public final class LogDisplay implements Display {

  private final PrintWriter out;
  private volatile long startNanos = System.nanoTime();

  /**
   * Creates the display.
   *
   * @param out where the lines go
   */
  public LogDisplay(PrintWriter out) {
    this.out = Objects.requireNonNull(out, "out");
  }

  @Override
  public Consumer<String> lines() {
    return line -> {
      double seconds = (System.nanoTime() - startNanos) / 1e9;
      synchronized (out) {
        out.println(String.format(Locale.ROOT, "[%7.2fs] %s", seconds, line));
        out.flush();
      }
    };
  }

  @Override
  public void start(RunBoard board) {
    startNanos = System.nanoTime();
  }

  @Override
  public void finish() {
    out.flush();
  }
}
