package io.taskflow4j.cli;

import ch.qos.logback.classic.Level;

/** The log levels the command's {@code --log-level} option accepts. Immutable. */
public enum LogLevel {
  /** Everything. */
  TRACE(Level.TRACE),
  /** Details such as every atom's state change. */
  DEBUG(Level.DEBUG),
  /** Progress such as flow state changes and reverts. */
  INFO(Level.INFO),
  /** Problems only (the default). */
  WARN(Level.WARN),
  /** Errors only. */
  ERROR(Level.ERROR),
  /** Nothing. */
  OFF(Level.OFF);

  private final Level logback;

  LogLevel(Level logback) {
    this.logback = logback;
  }

  Level logback() {
    return logback;
  }
}
