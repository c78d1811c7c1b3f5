package io.taskflow4j.cli;

import picocli.CommandLine.Option;

/** The {@code -h}/{@code --help} option of subcommands, as a picocli mixin. Not thread-safe. */
public final class HelpOption {

  @Option(
      names = {"-h", "--help"},
      usageHelp = true,
      description = "Show this help and exit.")
  boolean help;
}
