package io.taskflow4j.cli.run;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Where {@code taskflow run} executes the tasks of a flow: in this process, or on workers reached
 * through a message broker. Thread-safety: immutable.
 */
public sealed interface RunTarget permits RunTarget.InProcess, RunTarget.Workers {

  /** In this process, on a thread pool the engine owns. */
  record InProcess() implements RunTarget {}

  /**
   * On remote workers.
   *
   * @param url the broker's URL, such as {@code amqp://guest:guest@localhost:5672/}
   * @param exchange the exchange workers listen on, if not the default
   * @param topics the topics of the workers to use; empty for the default
   */
  record Workers(String url, Optional<String> exchange, List<String> topics) implements RunTarget {
    /** Validates and copies the components. */
    public Workers {
      Objects.requireNonNull(url, "url");
      Objects.requireNonNull(exchange, "exchange");
      topics = List.copyOf(topics);
    }
  }
}
