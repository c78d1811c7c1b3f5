package io.taskflow4j.cli.demo;

import java.io.Console;
import java.lang.reflect.Method;

/**
 * What the demo needs to know about the terminal: whether output goes to one that understands ANSI
 * escapes, and how wide it is. Stateless.
 */
public final class Terminal {

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
   * The terminal's width, from {@code COLUMNS} when the shell exports it.
   *
   * @return the number of columns; 80 when unknown
   */
  public static int columns() {
    String columns = System.getenv("COLUMNS");
    if (columns != null) {
      try {
        int value = Integer.parseInt(columns.strip());
        if (value >= 40) {
          return value;
        }
      } catch (NumberFormatException e) {
        // Not a number: fall back to the classic width.
      }
    }
    return 80;
  }
}
