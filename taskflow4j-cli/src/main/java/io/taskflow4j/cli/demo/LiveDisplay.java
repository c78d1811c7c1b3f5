package io.taskflow4j.cli.demo;

import io.taskflow4j.internal.Threads;
import io.taskflow4j.state.AtomState;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Shows a run on a terminal: a header with the flow's state and the time so far, one line per task
 * with its worker, a progress bar, the percentage and its state, and the latest change, redrawn in
 * place ten times a second with ANSI escapes.
 *
 * <pre>
 * publish-video  RUNNING  1.8s
 *   fetch-upload        media     [####################] 100%  SUCCESS
 *   transcode-1080p     media     [#########...........]  45%  RUNNING
 *   notify-subscribers            [....................]       PENDING
 *   latest: transcode-720p 50%
 * </pre>
 *
 * <p>Lines are cut to the terminal's width, since a wrapped line would break the redrawing; below
 * {@value #NARROW} columns a row shows its state and percentage first and leaves out the worker and
 * the bar. Without colours ({@code
 * NO_COLOR}) the frame is the same text without colour codes; the cursor still moves to redraw.
 * Thread-safety: thread-safe; frames are drawn by one thread at a time.
 */
public final class LiveDisplay implements Display {

  private static final String ESC = "\u001b[";
  private static final String RESET = ESC + "0m";
  private static final int BAR = 20;
  private static final long FRAME_MILLIS = 100;
  private static final int NARROW = 64;

  private final PrintWriter out;
  private final int width;
  private final boolean colours;
  private final Object drawing = new Object();
  private ScheduledExecutorService ticker;
  private RunBoard board;
  private long startNanos;
  private int drawnLines;

  /**
   * Creates the display.
   *
   * @param out the terminal
   * @param width the terminal's width in columns
   * @param colours whether to colour the states
   */
  public LiveDisplay(PrintWriter out, int width, boolean colours) {
    this.out = Objects.requireNonNull(out, "out");
    this.width = Math.max(Terminal.MIN_COLUMNS, width);
    this.colours = colours;
  }

  @Override
  public Consumer<String> lines() {
    // The frame shows the latest line; the board keeps it.
    return line -> {};
  }

  @Override
  public void start(RunBoard runBoard) {
    synchronized (drawing) {
      board = Objects.requireNonNull(runBoard, "runBoard");
      startNanos = System.nanoTime();
      ticker =
          Executors.newSingleThreadScheduledExecutor(Threads.daemon("taskflow-demo-display"));
    }
    ticker.scheduleAtFixedRate(this::draw, 0, FRAME_MILLIS, TimeUnit.MILLISECONDS);
  }

  @Override
  public void finish() {
    ScheduledExecutorService stopping;
    synchronized (drawing) {
      stopping = ticker;
      ticker = null;
    }
    if (stopping != null) {
      stopping.shutdown();
      try {
        stopping.awaitTermination(1, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    draw();
  }

  private void draw() {
    synchronized (drawing) {
      if (board == null) {
        return;
      }
      List<String> frame = frame(board.snapshot(), (System.nanoTime() - startNanos) / 1e9);
      StringBuilder text = new StringBuilder();
      if (drawnLines > 0) {
        text.append(ESC).append(drawnLines).append('A').append('\r');
      }
      for (String line : frame) {
        text.append(ESC).append("2K").append(line).append('\n');
      }
      drawnLines = frame.size();
      out.print(text);
      out.flush();
    }
  }

  /**
   * The lines of one frame, with colours.
   *
   * @param snapshot the board
   * @param seconds the time since the start
   * @return the lines, without line ends
   */
  List<String> frame(RunBoard.Snapshot snapshot, double seconds) {
    List<String> lines = new ArrayList<>();
    String header =
        String.format(Locale.ROOT, "%s  %-10s%.1fs", snapshot.flowName(), snapshot.flowState(), seconds);
    lines.add(styled(ESC + "1m", cut(header)));
    for (RunBoard.Row row : snapshot.rows()) {
      lines.add(row(row));
    }
    String latest = snapshot.lastLine().isEmpty() ? "" : "  latest: " + snapshot.lastLine();
    lines.add(styled(ESC + "2m", cut(latest)));
    return lines;
  }

  private String row(RunBoard.Row row) {
    boolean started = row.attempts() > 0;
    int filled = (int) Math.round(row.progress() * BAR);
    String bar = "[" + "#".repeat(filled) + ".".repeat(BAR - filled) + "]";
    String percent = started ? String.format(Locale.ROOT, "%3d%%", Math.round(row.progress() * 100)) : "    ";
    String state = row.state().name();
    String extra = row.attempts() > 1 ? "  attempt " + row.attempts() : "";
    String plain =
        width < NARROW
            ? String.format(Locale.ROOT, " %-8s%s %s%s", state, percent, row.task(), extra)
            : String.format(
                Locale.ROOT,
                "  %-20s%-10s%s %s  %-14s%s",
                row.task(),
                row.worker().orElse(""),
                bar,
                percent,
                state,
                extra);
    return styled(colour(row.state()), cut(plain));
  }

  private String styled(String style, String text) {
    return colours ? style + text + RESET : text;
  }

  private String cut(String text) {
    return text.length() < width ? text : text.substring(0, width - 1);
  }

  private static String colour(AtomState state) {
    switch (state) {
      case RUNNING:
        return ESC + "33m";
      case SUCCESS:
        return ESC + "32m";
      case FAILURE:
      case REVERT_FAILURE:
        return ESC + "31m";
      case REVERTING:
      case REVERTED:
        return ESC + "35m";
      default:
        return ESC + "0m";
    }
  }
}
