package io.taskflow4j.cli.broker;

import io.taskflow4j.cli.UserInputException;
import io.taskflow4j.transport.TransportException;
import io.taskflow4j.transport.amqp.AmqpTransport;
import io.taskflow4j.transport.amqp.AmqpUrl;
import java.util.Locale;
import java.util.Objects;

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

  private Brokers() {}

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
    AmqpUrl parsed = parse(url, "");
    try {
      return AmqpTransport.builder(url).connectionName(connectionName).build();
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
