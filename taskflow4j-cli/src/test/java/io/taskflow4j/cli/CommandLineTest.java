package io.taskflow4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.LoggerFactory;

class CommandLineTest {

  @TempDir Path dir;

  @AfterEach
  void restoreLogLevel() {
    rootLogger().setLevel(Level.WARN);
  }

  private static Logger rootLogger() {
    return ((LoggerContext) LoggerFactory.getILoggerFactory()).getLogger(Logger.ROOT_LOGGER_NAME);
  }

  @ParameterizedTest
  @CsvSource({
    "--help, Usage: taskflow [",
    "run --help, Usage: taskflow run",
    "graph --help, Usage: taskflow graph",
    "help run, Usage: taskflow run",
    "help, Usage: taskflow ["
  })
  void everyCommandPrintsItsHelpAndSucceeds(String args, String expected) {
    Cli.Result result = Cli.run(args.split(" "));

    assertThat(result.exitCode()).as(result.toString()).isZero();
    assertThat(result.out()).contains(expected).contains("--help");
    assertThat(result.err()).isEmpty();
  }

  @Test
  void topLevelHelpListsCommandsAndExitCodes() {
    String help = Cli.run("--help").out();

    assertThat(help).contains("run", "graph", "Exit codes:", "--version", "--log-level", "-q", "-v");
    assertThat(help).containsPattern("(?m)^\\s+2\\s+Bad input");
  }

  @Test
  void versionIsTheProjectVersion() {
    String expected = System.getProperty("taskflow.version");
    assertThat(expected).isNotBlank();

    Cli.Result result = Cli.run("--version");

    assertThat(result.exitCode()).isZero();
    assertThat(result.out().lines().findFirst()).contains("taskflow " + expected);
    assertThat(VersionProvider.version()).isEqualTo(expected);
  }

  @Test
  void noCommandIsBadInput() {
    Cli.Result result = Cli.run();

    assertThat(result.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
    assertThat(result.err()).contains("missing command").contains("taskflow --help");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "run --bogus x.yaml | Unknown option: '--bogus' | taskflow run --help",
        "run | Missing required parameter: 'FLOW_FILE' | taskflow run --help",
        "graph x.yaml --format svg | unknown format 'svg'; use dot or mermaid | taskflow graph --help",
        "run x.yaml --set novalue | --set needs KEY=VALUE, got 'novalue' | taskflow run --help",
        "run x.yaml --set =1 | (empty key) | taskflow run --help",
        "run x.yaml -q -v | -q and -v contradict | taskflow run --help",
        "run x.yaml --log-level LOUD | Invalid value for option '--log-level' | taskflow run --help",
        "run x.yaml --exchange e | Missing required argument | taskflow run --help",
        "frobnicate | Unmatched argument | taskflow --help"
      })
  void badArgumentsAreBadInputWithAPointerToHelp(String args, String message, String pointer) {
    Cli.Result result = Cli.run(args.trim().split(" +"));

    assertThat(result.exitCode()).as(result.toString()).isEqualTo(ExitCodes.BAD_INPUT);
    assertThat(result.err()).contains(message).contains(pointer);
    assertThat(result.out()).isEmpty();
  }

  @Test
  void aRemoteRunOfATaskWhoseArgumentsCannotBeKnownIsRefusedBeforeItStarts() throws Exception {
    Path flow = dir.resolve("unknown-args.yaml");
    java.nio.file.Files.writeString(flow, String.join("\n",
        "flow:",
        "  name: t",
        "  pattern: linear",
        "  elements:",
        "    - task: com.acme.tasks.Resize",
        "      name: resize",
        ""));

    // Port 1 has no broker: the refusal must come before any connection is tried.
    Cli.Result result = Cli.run("run", flow.toString(), "--url", "amqp://guest:guest@127.0.0.1:1/", "--topic", "x");

    assertThat(result.exitCode()).as(result.toString()).isEqualTo(ExitCodes.BAD_INPUT);
    assertThat(result.err())
        .contains(flow + ":5:13")
        .contains("task 'com.acme.tasks.Resize' is not a class on this classpath")
        .contains("--classpath")
        .contains("'requires'");
  }

  @Test
  void anUnknownTaskClassPointsAtClasspath() throws Exception {
    Path flow = dir.resolve("unknown.yaml");
    java.nio.file.Files.writeString(flow, String.join("\n",
        "flow:",
        "  name: t",
        "  pattern: linear",
        "  elements:",
        "    - task: com.acme.tasks.Resize",
        ""));

    Cli.Result result = Cli.run("run", flow.toString());

    assertThat(result.exitCode()).as(result.toString()).isEqualTo(ExitCodes.BAD_INPUT);
    assertThat(result.err()).contains("unknown task 'com.acme.tasks.Resize'").contains("--classpath");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "rn | Did you mean: taskflow run?",
        "wrker --url x | Did you mean: taskflow worker?",
        "flows shw 1 | Did you mean: flows show?",
        "run x.yaml --stor x | Possible solutions: --store"
      })
  void mistypedCommandsAndOptionsGetASuggestion(String args, String suggestion) {
    Cli.Result result = Cli.run(args.trim().split(" +"));

    assertThat(result.exitCode()).as(result.toString()).isEqualTo(ExitCodes.BAD_INPUT);
    assertThat(result.err()).contains(suggestion);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        " | WARN",
        "-v | INFO",
        "-vv | DEBUG",
        "-v -v -v | TRACE",
        "-q | ERROR",
        "--log-level debug | DEBUG",
        "--log-level OFF -v | OFF"
      })
  void logFlagsSetTheRootLevel(String flags, String level) {
    String flow = Cli.example("add.yaml");
    String[] extra = flags == null ? new String[0] : flags.trim().split(" +");
    String[] args = new String[extra.length + 2];
    args[0] = "graph";
    args[1] = flow;
    System.arraycopy(extra, 0, args, 2, extra.length);

    Cli.Result result = Cli.run(args);

    assertThat(result.exitCode()).as(result.toString()).isZero();
    assertThat(rootLogger().getLevel()).isEqualTo(Level.toLevel(level));
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        " | OFF",
        "-q | OFF",
        "-v | INFO",
        "-vv | DEBUG"
      })
  void thirdPartyLogsStayOutOfTheErrorOutputUnlessVerbose(String flags, String level) {
    String[] extra = flags == null ? new String[0] : flags.trim().split(" +");
    String[] args = new String[extra.length + 2];
    args[0] = "graph";
    args[1] = Cli.example("add.yaml");
    System.arraycopy(extra, 0, args, 2, extra.length);

    Cli.run(args);

    LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    assertThat(context.getLogger("com.rabbitmq.client.impl.ForgivingExceptionHandler").getEffectiveLevel())
        .isEqualTo(Level.toLevel(level));
    assertThat(context.getLogger("com.zaxxer.hikari.pool.HikariPool").getEffectiveLevel())
        .isEqualTo(Level.toLevel(level));
  }

  @Test
  void logFlagsWorkBeforeAndAfterTheSubcommandAndAddUp() {
    Cli.Result result = Cli.run("-v", "graph", Cli.example("add.yaml"), "-v");

    assertThat(result.exitCode()).as(result.toString()).isZero();
    assertThat(rootLogger().getLevel()).isEqualTo(Level.DEBUG);
  }

  @ParameterizedTest
  @ValueSource(strings = {"run", "graph"})
  void missingClasspathEntryIsBadInput(String command) {
    Cli.Result result =
        Cli.run(command, Cli.example("add.yaml"), "--classpath", dir.resolve("nothing.jar").toString());

    assertThat(result.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
    assertThat(result.err()).contains("--classpath entry").contains("nothing.jar").contains("does not exist");
  }
}
