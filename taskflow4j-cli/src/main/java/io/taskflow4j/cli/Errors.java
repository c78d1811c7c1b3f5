package io.taskflow4j.cli;

import io.taskflow4j.InvalidFormatException;
import io.taskflow4j.flow.FlowDefinitionException;
import java.io.PrintWriter;
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
    UnmatchedArgumentException.printSuggestions(error, err);
    err.println(
        "Try '" + command.getCommandSpec().qualifiedName() + " --help' for more information.");
    err.flush();
    return exitCodeOf(error);
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
