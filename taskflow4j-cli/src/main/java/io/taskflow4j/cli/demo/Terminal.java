package io.taskflow4j.cli.demo;

import java.io.Console;
import java.io.IOException;
import java.lang.reflect.Method;
import java.util.function.IntSupplier;
import org.jline.terminal.TerminalBuilder;

/**
 * What the demo needs to know about the terminal: whether output goes to one that understands ANSI
 * escapes, whether colours are wanted, and how wide it is. Stateless.
 */
public final class Terminal {

  /** The narrowest width the displays lay out for; narrower terminals get lines cut at this. */
  static final int MIN_COLUMNS = 20;

  private Terminal() {}

  /**
   * Tells whether standard output is an interactive terminal that understands ANSI escapes: there
   * is a console, it is a terminal (asked on JDKs that can tell, 22 and later, where a console
   * exists even when output is redirected), and {@code TERM} is not {@code dumb}.
   *
   * @return true for a live display
   */
  public static boolean isAnsiTerminal() {
    Console console = System.console();
    if (console == null || "dumb".equals(System.getenv("TERM"))) {
      return false;
    }
    try {
      Method isTerminal = Console.class.getMethod("isTerminal");
      return Boolean.TRUE.equals(isTerminal.invoke(console));
    } catch (NoSuchMethodException e) {
      // Before JDK 22 a console exists only when both input and output are a terminal.
      return true;
    } catch (ReflectiveOperationException | RuntimeException e) {
      return false;
    }
  }

  /**
   * Tells whether output may be coloured: not when {@code NO_COLOR} is set to anything (see
   * no-color.org) or the terminal is {@code dumb}.
   *
   * @return true for colours
   */
  public static boolean colours() {
    return colours(System.getenv("NO_COLOR"), System.getenv("TERM"));
  }

  static boolean colours(String noColor, String term) {
    return (noColor == null || noColor.isEmpty()) && !"dumb".equals(term);
  }

  /**
   * The terminal's width: {@code COLUMNS} when it is set, else what the terminal itself reports
   * (asked through JLine), else 80.
   *
   * @return the number of columns, at least 20
   */
  public static int columns() {
    return columns(System.getenv("COLUMNS"), Terminal::reportedWidth);
  }

  static int columns(String columnsVariable, IntSupplier reported) {
    if (columnsVariable != null) {
      try {
        int value = Integer.parseInt(columnsVariable.strip());
        if (value > 0) {
          return Math.max(MIN_COLUMNS, value);
        }
      } catch (NumberFormatException e) {
        // Not a number: ask the terminal.
      }
    }
    int width = reported.getAsInt();
    return width > 0 ? Math.max(MIN_COLUMNS, width) : 80;
  }

  // JLine asks the terminal (stty on Unix, the console API on Windows); a dumb terminal, as when
  // output is not a terminal, reports 0.
  private static int reportedWidth() {
    if (System.console() == null) {
      return 0;
    }
    try (org.jline.terminal.Terminal terminal =
        TerminalBuilder.builder().system(true).dumb(true).build()) {
      return terminal.getColumns();
    } catch (IOException | RuntimeException | LinkageError e) {
      return 0;
    }
  }
}
