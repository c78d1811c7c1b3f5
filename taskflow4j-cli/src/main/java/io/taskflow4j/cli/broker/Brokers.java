package io.taskflow4j.cli.broker;

import io.taskflow4j.cli.UserInputException;
import io.taskflow4j.transport.TransportException;
import io.taskflow4j.transport.amqp.AmqpTransport;
import io.taskflow4j.transport.amqp.AmqpUrl;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The {@code --url} of the commands that reach workers through a broker: checks it and connects.
 * Only RabbitMQ ({@code amqp://}, {@code amqps://}) reaches other processes; the in-memory broker
 * ({@code memory}) exists only inside one process, so a command that needs another process refuses
 * it. Messages never show the URL's password. Stateless.
 */
public final class Brokers {

  /** The {@code --url} value that names the in-memory broker. */
  public static final String MEMORY = "memory";

  /** An example URL for messages. */
  public static final String EXAMPLE_URL = "amqp://guest:guest@127.0.0.1:5672/";

  /** The environment variable a broker password comes from when {@code --url} has none. */
  public static final String PASSWORD_VARIABLE = "TASKFLOW4J_BROKER_PASSWORD";

  /**
   * The environment variable naming a file whose first line is the broker password, as container
   * secrets are mounted; used when {@code --url} has no password.
   */
  public static final String PASSWORD_FILE_VARIABLE = "TASKFLOW4J_BROKER_PASSWORD_FILE";

  /** The largest password file read; a password is short, and anything bigger is a mistake. */
  static final int MAX_PASSWORD_FILE_BYTES = 4096;

  private Brokers() {}

  /**
   * The broker password the environment gives: {@value #PASSWORD_VARIABLE}, or the first line of
   * the file {@value #PASSWORD_FILE_VARIABLE} names.
   *
   * @param environment the process's environment
   * @return the password, or empty when the environment gives none
   * @throws UserInputException when both variables are set, or the file cannot be read or is empty
   */
  static Optional<String> password(Map<String, String> environment) {
    String value = environment.get(PASSWORD_VARIABLE);
    String file = environment.get(PASSWORD_FILE_VARIABLE);
    boolean hasValue = value != null && !value.isEmpty();
    boolean hasFile = file != null && !file.isBlank();
    if (hasValue && hasFile) {
      throw new UserInputException("both " + PASSWORD_VARIABLE + " and " + PASSWORD_FILE_VARIABLE
          + " are set; set one of them");
    }
    if (hasValue) {
      return Optional.of(value);
    }
    if (!hasFile) {
      return Optional.empty();
    }
    Path path = Path.of(file.strip());
    try {
      if (Files.size(path) > MAX_PASSWORD_FILE_BYTES) {
        throw new UserInputException(PASSWORD_FILE_VARIABLE + ": " + path + " is larger than "
            + MAX_PASSWORD_FILE_BYTES + " bytes; it should hold only the password");
      }
      String firstLine = Files.readString(path, StandardCharsets.UTF_8).lines().findFirst().orElse("");
      if (firstLine.isEmpty()) {
        throw new UserInputException(PASSWORD_FILE_VARIABLE + ": " + path
            + " is empty; its first line should be the password");
      }
      return Optional.of(firstLine);
    } catch (IOException | UncheckedIOException e) {
      throw new UserInputException(PASSWORD_FILE_VARIABLE + ": cannot read " + path + ": " + e);
    }
  }

  /**
   * Puts a password into a URL that has none, so that a password never has to be written on the
   * command line (where other users of the machine can see it).
   *
   * @param url the URL as given
   * @param password the password from the environment, or null when there is none
   * @return the URL with the password, or as given when it has one or none is given
   */
  static String withPassword(String url, String password) {
    if (password == null || password.isEmpty()) {
      return url;
    }
    int scheme = url.indexOf("://");
    if (scheme < 0) {
      return url;
    }
    int start = scheme + 3;
    int slash = url.indexOf('/', start);
    int end = slash < 0 ? url.length() : slash;
    int at = url.lastIndexOf('@', end);
    String user = at >= start ? url.substring(start, at) : "guest";
    if (user.contains(":")) {
      return url;
    }
    String encoded = URLEncoder.encode(password, StandardCharsets.UTF_8).replace("+", "%20");
    return url.substring(0, start) + user + ":" + encoded + "@" + url.substring(at >= start ? at + 1 : start);
  }

  /**
   * Checks a {@code --url} value that must name a RabbitMQ broker.
   *
   * @param url the value as given
   * @param whyNotMemory why {@code memory} cannot work for this command, a clause such as {@code
   *     "an in-memory worker can only serve its own process"}
   * @return the parsed URL
   * @throws UserInputException naming what is wrong
   */
  public static AmqpUrl parse(String url, String whyNotMemory) {
    Objects.requireNonNull(url, "url");
    Objects.requireNonNull(whyNotMemory, "whyNotMemory");
    if (url.strip().toLowerCase(Locale.ROOT).equals(MEMORY)
        || url.strip().toLowerCase(Locale.ROOT).startsWith(MEMORY + ":")) {
      throw new UserInputException(
          "--url memory cannot be used here: "
              + whyNotMemory
              + "; give a RabbitMQ URL such as "
              + EXAMPLE_URL
              + ", or run 'taskflow demo' to see workers and an engine share one process");
    }
    try {
      return AmqpUrl.parse(url);
    } catch (IllegalArgumentException e) {
      // AmqpUrl's messages start with "url" and never show the password.
      throw new UserInputException(
          "--url: the " + e.getMessage() + " (for example " + EXAMPLE_URL + ")");
    }
  }

  /**
   * Connects to the broker.
   *
   * @param url a URL that {@link #parse} accepted
   * @param connectionName the name the broker shows for the connections
   * @return the connected transport; close it when done
   * @throws UserInputException when the broker cannot be reached or refuses the login
   */
  public static AmqpTransport connect(String url, String connectionName) {
    return connect(url, connectionName, AmqpTransport.DEFAULT_PREFETCH, false);
  }

  /**
   * Connects to the broker with a prefetch limit, in durable mode or not.
   *
   * @param url a URL that {@link #parse} accepted; a password missing from it is taken from {@value
   *     #PASSWORD_VARIABLE} or the file {@value #PASSWORD_FILE_VARIABLE} names
   * @param connectionName the name the broker shows for the connections
   * @param prefetch the most unsettled deliveries one subscription holds
   * @param durable whether to use durable mode ({@link AmqpTransport.Builder#durable(boolean)})
   * @return the connected transport; close it when done
   * @throws UserInputException when the broker cannot be reached or refuses the login
   */
  public static AmqpTransport connect(String url, String connectionName, int prefetch, boolean durable) {
    String full = withPassword(url, password(System.getenv()).orElse(null));
    AmqpUrl parsed = parse(full, "");
    try {
      return AmqpTransport.builder(full).connectionName(connectionName).prefetch(prefetch)
          .durable(durable).build();
    } catch (TransportException e) {
      throw new UserInputException(
          "cannot reach the broker at " + parsed.redacted() + ": " + reason(e));
    }
  }

  private static String reason(TransportException e) {
    // The transport says "could not connect to <url>: <why>"; the URL is already in our message.
    String message = e.getMessage() == null ? e.toString() : e.getMessage();
    int colon = message.indexOf(": ");
    return message.startsWith("could not connect to") && colon > 0
        ? message.substring(colon + 2)
        : message;
  }
}
