package io.taskflow4j.cli.jobs;

import io.taskflow4j.cli.UserInputException;
import io.taskflow4j.cli.store.StoreOptions;
import io.taskflow4j.jobs.JobBoard;
import io.taskflow4j.jobs.JobBoardException;
import io.taskflow4j.jobs.JobBoards;
import java.util.Optional;
import picocli.CommandLine.Option;

/**
 * The {@code --board URL} option of the commands that use a job board, defaulting to the {@code
 * TASKFLOW4J_BOARD} environment variable. Not thread-safe: picocli fills it on one thread.
 */
public final class BoardOptions {

  /** The environment variable that gives the board when {@code --board} is not given. */
  public static final String ENVIRONMENT_VARIABLE = "TASKFLOW4J_BOARD";

  @Option(
      names = "--board",
      paramLabel = "URL",
      defaultValue = "${env:" + ENVIRONMENT_VARIABLE + "}",
      description = {
        "The job board: postgresql://USER[:PASSWORD]@HOST[:PORT]/DB, redis://HOST[:PORT]/NAMESPACE"
            + " (shared with Python TaskFlow's Redis job board), or memory. Default: the "
            + ENVIRONMENT_VARIABLE
            + " environment variable."
      })
  private String url;

  /** Creates the options; picocli does. */
  public BoardOptions() {}

  /**
   * The board URL given, by option or environment.
   *
   * @return the URL, or empty when there is none
   */
  public Optional<String> url() {
    return url == null || url.isBlank() ? Optional.empty() : Optional.of(url.strip());
  }

  /**
   * Opens the board given.
   *
   * @return the open board; close it when done
   * @throws UserInputException when no board was given or it cannot be opened, with the board's
   *     one-line reason
   */
  public JobBoard open() {
    String given = url()
        .orElseThrow(() -> new UserInputException(
            "no job board given: add --board URL (such as --board redis://127.0.0.1:6379/jobs) or set "
                + ENVIRONMENT_VARIABLE));
    try {
      return JobBoards.open(given);
    } catch (JobBoardException e) {
      throw new UserInputException("cannot open job board " + StoreOptions.masked(given) + ": "
          + StoreOptions.oneLine(e.getMessage()));
    }
  }
}
