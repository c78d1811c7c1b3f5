package io.taskflow4j.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.Spec;

/**
 * The {@code taskflow} command: runs flows described in flow files (in this process or on
 * workers), draws them, runs workers, conductors and a web dashboard, and shows a demo. Its
 * subcommands are {@code run}, {@code jobs}, {@code conductor}, {@code dashboard}, {@code resume},
 * {@code flows}, {@code graph}, {@code worker}, {@code demo} and {@code help}.
 *
 * <p>Thread-safety: one instance serves one command line, on one thread.
 */
@Command(
    name = "taskflow",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = {
      "Runs flows of tasks described in YAML or JSON flow files, reverting what was done when"
          + " a task fails, in this process or on workers reached through RabbitMQ; draws flows;"
          + " runs workers; records runs in a store (--store) to resume them after a crash."
          + " Try 'taskflow demo'.",
      ""
    },
    subcommands = {
      RunCommand.class,
      ResumeCommand.class,
      FlowsCommand.class,
      JobsCommand.class,
      ConductorCommand.class,
      DashboardCommand.class,
      GraphCommand.class,
      WorkerCommand.class,
      DemoCommand.class,
      CommandLine.HelpCommand.class
    },
    synopsisSubcommandLabel = "COMMAND",
    exitCodeOnInvalidInput = ExitCodes.BAD_INPUT,
    exitCodeOnExecutionException = ExitCodes.INTERNAL_ERROR,
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:Success.",
      "1:The flow failed; everything it did was reverted.",
      "2:Bad input: an option, a value or the flow file; a store that cannot be opened, an"
          + " unknown flow id or a finished flow to resume; or the broker or workers could not be"
          + " reached, so nothing ran.",
      "3:The flow failed and a revert failed too, or a worker stopped with tasks unfinished;"
          + " something may be left half-done.",
      "4:Internal error.",
      "130:Interrupted by Ctrl-C (SIGINT) during run or resume: the flow was suspended (with"
          + " --store; 'taskflow resume ID' continues it) or reverted (without).",
      "143:Stopped by SIGTERM during run or resume: as for 130."
    },
    footer = {"", "See docs/guide.md for the flow-file format and the example tasks."})
public final class TaskflowCommand implements Callable<Integer> {

  @Mixin private LoggingOptions logging;

  @Spec private CommandSpec spec;

  LoggingOptions logging() {
    return logging;
  }

  /**
   * Runs when no subcommand is given, which is a usage error.
   *
   * @return never returns normally
   */
  @Override
  public Integer call() {
    throw new CommandLine.ParameterException(
        spec.commandLine(), "missing command: give one of run, resume, flows, jobs, conductor, graph, worker, demo or help");
  }

  /**
   * Creates the command line with its exit codes, error handling and logging set up. Tests call
   * {@code execute} on it with their own output writers.
   *
   * @return a new command line
   */
  public static CommandLine newCommandLine() {
    TaskflowCommand root = new TaskflowCommand();
    CommandLine commandLine = new CommandLine(root);
    commandLine.setCaseInsensitiveEnumValuesAllowed(true);
    commandLine.setExitCodeExceptionMapper(Errors::exitCodeOf);
    commandLine.setParameterExceptionHandler(Errors::onParameterException);
    commandLine.setExecutionExceptionHandler(Errors::onExecutionException);
    commandLine.setExecutionStrategy(
        parseResult -> {
          LoggingOptions.apply(root.logging.effectiveLevel(deepest(parseResult).commandSpec().commandLine()));
          return new CommandLine.RunLast().execute(parseResult);
        });
    return commandLine;
  }

  private static ParseResult deepest(ParseResult parseResult) {
    ParseResult last = parseResult;
    while (last.hasSubcommand()) {
      last = last.subcommand();
    }
    return last;
  }

  /**
   * Runs the command and exits with its exit code.
   *
   * @param args the command-line arguments
   */
  public static void main(String[] args) {
    System.exit(newCommandLine().execute(args));
  }
}
