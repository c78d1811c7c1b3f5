package io.taskflow4j.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.ILoggerFactory;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The log-level options every command accepts: {@code --log-level}, {@code -v} (repeatable) and
 * {@code -q}. A picocli mixin: each command has its own instance, and all of them record what was
 * given in the top-level command's instance, so the options work before or after a subcommand's
 * name. Logs go to stderr. Not thread-safe; used while parsing and then once to apply the level.
 */
public final class LoggingOptions {

  @Spec(Spec.Target.MIXEE)
  private CommandSpec mixee;

  private LogLevel level;
  private boolean quiet;
  // Each command's -v flags separately: picocli passes all flags so far on every occurrence.
  private final Map<LoggingOptions, Integer> verbosity = new IdentityHashMap<>();

  @Option(
      names = "--log-level",
      paramLabel = "LEVEL",
      description = "Log level: ${COMPLETION-CANDIDATES}. Overrides -v and -q. Default: WARN.")
  void setLevel(LogLevel value) {
    central().level = value;
  }

  @Option(
      names = {"-v", "--verbose"},
      description = "Log more: -v for INFO, -vv for DEBUG, -vvv for TRACE.")
  void setVerbose(boolean[] flags) {
    central().verbosity.put(this, flags.length);
  }

  @Option(
      names = {"-q", "--quiet"},
      description = "Log errors only.")
  void setQuiet(boolean value) {
    central().quiet = value;
  }

  private LoggingOptions central() {
    Object root = mixee == null ? null : mixee.root().userObject();
    return root instanceof TaskflowCommand command ? command.logging() : this;
  }

  /**
   * The level the options ask for.
   *
   * @param commandLine the command being run, for reporting conflicting options
   * @return the level
   * @throws CommandLine.ParameterException when both -q and -v were given without --log-level
   */
  LogLevel effectiveLevel(CommandLine commandLine) {
    if (level != null) {
      return level;
    }
    int verbose = verbosity.values().stream().mapToInt(Integer::intValue).sum();
    if (quiet && verbose > 0) {
      throw new CommandLine.ParameterException(
          commandLine, "-q and -v contradict each other; give one of them, or --log-level");
    }
    if (quiet) {
      return LogLevel.ERROR;
    }
    switch (verbose) {
      case 0:
        return LogLevel.WARN;
      case 1:
        return LogLevel.INFO;
      case 2:
        return LogLevel.DEBUG;
      default:
        return LogLevel.TRACE;
    }
  }

  /**
   * The libraries whose own log lines stay out of the command's error output unless {@code -v}:
   * the command reports their failures itself, in one line.
   */
  static final List<String> THIRD_PARTY =
      List.of("com.rabbitmq", "com.zaxxer.hikari", "org.flywaydb", "org.postgresql", "org.mariadb",
          "org.sqlite", "redis.clients", "io.zonky", "org.jline");

  /**
   * Sets the root logger's level, when Logback is the logging backend. Below {@code INFO} (the
   * default and {@code -q}) the libraries of {@link #THIRD_PARTY} are silenced; from {@code -v} on
   * they log at the root's level.
   *
   * @param value the level
   */
  static void apply(LogLevel value) {
    ILoggerFactory factory = LoggerFactory.getILoggerFactory();
    if (factory instanceof LoggerContext context) {
      Level root = value.logback();
      context.getLogger(Logger.ROOT_LOGGER_NAME).setLevel(root);
      boolean verbose = !root.isGreaterOrEqual(Level.WARN);
      for (String library : THIRD_PARTY) {
        context.getLogger(library).setLevel(verbose ? null : Level.OFF);
      }
    }
  }
}
