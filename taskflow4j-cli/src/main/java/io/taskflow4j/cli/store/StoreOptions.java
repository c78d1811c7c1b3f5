package io.taskflow4j.cli.store;

import io.taskflow4j.cli.UserInputException;
import io.taskflow4j.persistence.FlowStore;
import io.taskflow4j.persistence.StoreException;
import io.taskflow4j.store.jdbc.FlowStores;
import java.util.Optional;
import java.util.regex.Pattern;
import picocli.CommandLine.Option;

/**
 * The {@code --store URL} option of the commands that record or read runs, defaulting to the
 * {@code TASKFLOW4J_STORE} environment variable. Not thread-safe: picocli fills it on one thread.
 */
public final class StoreOptions {

  /** The environment variable that gives the store when {@code --store} is not given. */
  public static final String ENVIRONMENT_VARIABLE = "TASKFLOW4J_STORE";

  // user:password@ in a URL; the password is masked wherever the URL is printed.
  private static final Pattern PASSWORD = Pattern.compile("(//[^/:@]*):[^@/]*@");

  @Option(
      names = "--store",
      paramLabel = "URL",
      defaultValue = "${env:" + ENVIRONMENT_VARIABLE + "}",
      description = {
        "Where runs are recorded: sqlite:PATH, postgresql://USER[:PASSWORD]@HOST[:PORT]/DB,"
            + " mysql://... or mariadb://..., jdbc:..., or memory. Default: the "
            + ENVIRONMENT_VARIABLE
            + " environment variable."
      })
  private String url;

  /** Creates the options; picocli does. */
  public StoreOptions() {}

  /**
   * The store URL given, by option or environment.
   *
   * @return the URL, or empty when there is none
   */
  public Optional<String> url() {
    return url == null || url.isBlank() ? Optional.empty() : Optional.of(url.strip());
  }

  /**
   * The URL given, or a usage error saying how to give one.
   *
   * @return the URL
   * @throws UserInputException when no store was given
   */
  public String requireUrl() {
    return url()
        .orElseThrow(
            () ->
                new UserInputException(
                    "no store given: add --store URL (such as --store sqlite:flows.db) or set "
                        + ENVIRONMENT_VARIABLE));
  }

  /**
   * Opens the store a URL names.
   *
   * @param url the URL
   * @return the open store; close it when done
   * @throws UserInputException when it cannot be opened (unknown scheme, unreachable database,
   *     wrong password...), with the store's one-line reason
   */
  public static FlowStore open(String url) {
    try {
      return FlowStores.open(url);
    } catch (StoreException e) {
      throw new UserInputException("cannot open store " + masked(url) + ": " + oneLine(e.getMessage()));
    }
  }

  /**
   * A URL as it may be printed: its password, if any, masked.
   *
   * @param url the URL
   * @return the URL with {@code user:****@}
   */
  public static String masked(String url) {
    return PASSWORD.matcher(url).replaceFirst("$1:****@");
  }

  /**
   * A store error's message on one line.
   *
   * @param error the error
   * @return its message, on one line
   */
  public static String oneLineOf(StoreException error) {
    return oneLine(error.getMessage());
  }

  /**
   * A message on one line, for the command's one-line errors.
   *
   * @param message a message, possibly of several lines or null
   * @return its lines joined by "; "
   */
  public static String oneLine(String message) {
    return io.taskflow4j.internal.Messages.oneLine(message);
  }
}
