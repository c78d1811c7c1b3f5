package io.taskflow4j.cli.run;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Option;

/**
 * The options of {@code taskflow run} that send tasks to remote workers. A picocli argument group:
 * given together, with {@code --url} required once any is given. Not thread-safe; filled by the
 * parser.
 */
public final class RemoteOptions {

  @Option(
      names = "--url",
      required = true,
      paramLabel = "URL",
      description = "Run the tasks on workers reached through this broker (not available yet).")
  String url;

  @Option(
      names = "--exchange",
      paramLabel = "NAME",
      description = "The exchange the workers listen on.")
  String exchange;

  @Option(
      names = "--topic",
      paramLabel = "TOPIC",
      description = "A topic of workers to use; repeat for several.")
  List<String> topics = new ArrayList<>();

  /**
   * The target these options describe.
   *
   * @return the workers to run on
   */
  public RunTarget.Workers toTarget() {
    return new RunTarget.Workers(url, Optional.ofNullable(exchange), topics);
  }
}
