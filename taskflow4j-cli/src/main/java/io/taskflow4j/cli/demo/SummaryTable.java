package io.taskflow4j.cli.demo;

import io.taskflow4j.state.AtomState;
import java.util.ArrayList;
import java.util.List;

/**
 * The table the demo prints at the end: per task, the worker (topic) that ran it, how its last
 * execute ended, how many times it started, how long its last execute took, and whether it was
 * reverted in the end.
 *
 * <pre>
 * TASK                WORKER    STATE    ATTEMPTS  DURATION  REVERT
 * fetch-upload        media     SUCCESS  1         0.61s
 * upload-to-cdn       delivery  SUCCESS  2         0.52s
 * </pre>
 *
 * <p>STATE is SUCCESS or FAILURE for a task that ran, else its state (PENDING when it never ran).
 * REVERT is REVERTED or REVERT_FAILURE when the task ended the run reverted. Stateless.
 */
public final class SummaryTable {

  private static final List<String> HEADINGS =
      List.of("TASK", "WORKER", "STATE", "ATTEMPTS", "DURATION", "REVERT");

  private SummaryTable() {}

  /**
   * Renders the table.
   *
   * @param snapshot the board at the end of the run
   * @return the lines, each ending with a newline
   */
  public static String render(RunBoard.Snapshot snapshot) {
    List<List<String>> cells = new ArrayList<>();
    cells.add(HEADINGS);
    for (RunBoard.Row row : snapshot.rows()) {
      AtomState state = row.executed().orElse(row.state());
      boolean reverted =
          row.state() == AtomState.REVERTED || row.state() == AtomState.REVERT_FAILURE;
      cells.add(
          List.of(
              row.task(),
              row.worker().orElse("-"),
              state.name(),
              Integer.toString(row.attempts()),
              row.duration().map(RunBoard::seconds).orElse("-"),
              reverted ? row.state().name() : ""));
    }
    int[] widths = new int[HEADINGS.size()];
    for (List<String> line : cells) {
      for (int i = 0; i < line.size(); i++) {
        widths[i] = Math.max(widths[i], line.get(i).length());
      }
    }
    StringBuilder text = new StringBuilder();
    for (List<String> line : cells) {
      StringBuilder out = new StringBuilder();
      for (int i = 0; i < line.size(); i++) {
        out.append(line.get(i));
        if (i < line.size() - 1) {
          out.append(" ".repeat(widths[i] - line.get(i).length() + 2));
        }
      }
      text.append(out.toString().stripTrailing()).append('\n');
    }
    return text.toString();
  }
}
