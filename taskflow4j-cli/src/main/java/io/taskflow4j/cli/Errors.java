package io.taskflow4j.cli;

import io.taskflow4j.InvalidFormatException;
import io.taskflow4j.flow.FlowDefinitionException;
import io.taskflow4j.cli.flowfile.Suggestions;
import java.io.PrintWriter;
import java.util.Optional;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * How the command reports errors: one readable line on stderr (a stack trace only for internal
 * errors with debug logging on) and an exit code from {@link ExitCodes}. Stateless.
 */
final class Errors {

  private Errors() {}

  static int exitCodeOf(Throwable error) {
    if (error instanceof ParameterException
        || error instanceof UserInputException
        || error instanceof InvalidFormatException
        || error instanceof FlowDefinitionException) {
      return ExitCodes.BAD_INPUT;
    }
    return ExitCodes.INTERNAL_ERROR;
  }

  static int onParameterException(ParameterException error, String[] args) {
    CommandLine command = error.getCommandLine();
    PrintWriter err = command.getErr();
    err.println(command.getColorScheme().errorText("taskflow: " + error.getMessage()));
    if (!UnmatchedArgumentException.printSuggestions(error, err)) {
      closeSubcommand(error, command).ifPresent(name -> err.println("Did you mean: "
          + command.getCommandSpec().qualifiedName() + " " + name + "?"));
    }
    err.println(
        "Try '" + command.getCommandSpec().qualifiedName() + " --help' for more information.");
    err.flush();
    return exitCodeOf(error);
  }

  // picocli suggests only fairly similar names; a short slip such as 'rn' for 'run' is found by
  // edit distance, the rule flow files use for their own suggestions.
  private static Optional<String> closeSubcommand(ParameterException error, CommandLine command) {
    if (!(error instanceof UnmatchedArgumentException unmatched)
        || command.getSubcommands().isEmpty()
        || unmatched.getUnmatched().isEmpty()) {
      return Optional.empty();
    }
    String first = unmatched.getUnmatched().get(0);
    if (first.startsWith("-")) {
      return Optional.empty();
    }
    return Suggestions.closest(first, command.getSubcommands().keySet());
  }

  static int onExecutionException(
      Exception error, CommandLine command, ParseResult parseResult) {
    PrintWriter err = command.getErr();
    int code = exitCodeOf(error);
    if (code == ExitCodes.BAD_INPUT) {
      err.println(command.getColorScheme().errorText("taskflow: " + error.getMessage()));
    } else {
      err.println(command.getColorScheme().errorText("taskflow: internal error: " + error));
      if (LoggerFactory.getLogger(Errors.class).isDebugEnabled()) {
        error.printStackTrace(err);
      } else {
        err.println("Run again with -vv to see the stack trace.");
      }
    }
    err.flush();
    return code;
  }
}
