package io.taskflow4j.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine;

/** Runs the taskflow command as a user would, capturing what it prints. */
public final class Cli {

  private Cli() {}

  /** What a command printed and how it exited. */
  public record Result(int exitCode, String out, String err) {
    @Override
    public String toString() {
      return "exit " + exitCode + "\n--- stdout\n" + out + "--- stderr\n" + err;
    }
  }

  /** Runs {@code taskflow ARGS...} in this process. */
  public static Result run(String... args) {
    CommandLine commandLine = TaskflowCommand.newCommandLine();
    commandLine.setColorScheme(CommandLine.Help.defaultColorScheme(CommandLine.Help.Ansi.OFF));
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    commandLine.setOut(new PrintWriter(out, true));
    commandLine.setErr(new PrintWriter(err, true));
    int code = commandLine.execute(args);
    return new Result(code, out.toString(), err.toString());
  }

  /** Writes a file and returns its path as a string. */
  public static String write(Path directory, String name, String content) {
    try {
      Path file = directory.resolve(name);
      Files.writeString(file, content);
      return file.toString();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A file of the shipped examples directory. */
  public static String example(String name) {
    return Path.of(System.getProperty("taskflow.examples", "../examples"), name).toString();
  }
}
