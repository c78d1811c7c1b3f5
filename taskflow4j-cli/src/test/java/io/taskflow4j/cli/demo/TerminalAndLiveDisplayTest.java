package io.taskflow4j.cli.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.taskflow4j.state.AtomState;
import io.taskflow4j.state.FlowState;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The width and colours the live display uses, and frames that fit any width. */
class TerminalAndLiveDisplayTest {

  @Test
  void columnsComeFromTheVariableElseFromTheTerminalElse80() {
    assertThat(Terminal.columns("132", () -> 100)).isEqualTo(132);
    assertThat(Terminal.columns(null, () -> 211)).isEqualTo(211);
    assertThat(Terminal.columns("wide", () -> 57)).isEqualTo(57);
    assertThat(Terminal.columns(null, () -> 0)).isEqualTo(80);
    assertThat(Terminal.columns("3", () -> 0)).isEqualTo(Terminal.MIN_COLUMNS);
  }

  @Test
  void noColorAndDumbTerminalsTurnColoursOff() {
    assertThat(Terminal.colours(null, "xterm-256color")).isTrue();
    assertThat(Terminal.colours("", "xterm")).isTrue();
    assertThat(Terminal.colours("1", "xterm")).isFalse();
    assertThat(Terminal.colours(null, "dumb")).isFalse();
  }

  private static RunBoard.Snapshot snapshot() {
    RunBoard.Row row = new RunBoard.Row("transcode-720p-and-a-very-long-task-name", AtomState.RUNNING,
        Optional.empty(), 2, 0.5, Optional.of("worker-1"), Optional.empty(), Optional.of(Duration.ofSeconds(1)));
    return new RunBoard.Snapshot("media-pipeline", FlowState.RUNNING, List.of(row), "transcode-720p 50%");
  }

  @Test
  void everyLineOfAFrameFitsANarrowTerminal() {
    LiveDisplay display = new LiveDisplay(new PrintWriter(new StringWriter()), 30, false);

    List<String> frame = display.frame(snapshot(), 1.5);

    assertThat(frame).allSatisfy(line -> assertThat(line.length()).isLessThan(30));
    assertThat(frame.get(1)).contains("RUNNING").doesNotContain("[");
  }

  @Test
  void withoutColoursAFrameHoldsNoColourCodes() {
    List<String> plain = new LiveDisplay(new PrintWriter(new StringWriter()), 120, false).frame(snapshot(), 1.5);
    List<String> coloured = new LiveDisplay(new PrintWriter(new StringWriter()), 120, true).frame(snapshot(), 1.5);

    assertThat(String.join("\n", plain)).doesNotContain("\u001b");
    assertThat(String.join("\n", coloured)).contains("\u001b[33m");
    assertThat(plain.get(1)).contains("worker-1", "[##########..........]", "attempt 2");
  }
}
