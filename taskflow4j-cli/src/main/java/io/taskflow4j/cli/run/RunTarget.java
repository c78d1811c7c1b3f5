package io.taskflow4j.cli.run;

import java.time.Duration;
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
   * @param exchange the exchange workers listen on
   * @param topics the topics of the workers to use, at least one
   * @param waitForWorkers how long to wait for a worker on every topic to answer
   * @param requestTimeout how long a task may wait for a worker to start it
   * @param executionTimeout how long a started task may run, if limited
   * @param notifyPeriod how often the workers are asked who they are
   * @param workerExpiry how long a worker may answer no NOTIFY before it is taken for dead
   * @param inFlight the most tasks sent to one topic and not yet finished
   * @param runningNotice how long a worker may run a task before saying RUNNING, if not the default
   * @param durable whether the broker is used in durable mode
   */
  record Workers(
      String url,
      String exchange,
      List<String> topics,
      Duration waitForWorkers,
      Duration requestTimeout,
      Optional<Duration> executionTimeout,
      Duration notifyPeriod,
      Duration workerExpiry,
      int inFlight,
      Optional<Duration> runningNotice,
      boolean durable)
      implements RunTarget {
    /**
     * Validates and copies the components.
     *
     * @param url the broker's URL, such as {@code amqp://guest:guest@localhost:5672/}
     * @param exchange the exchange workers listen on
     * @param topics the topics of the workers to use, at least one
     * @param waitForWorkers how long to wait for a worker on every topic to answer
     * @param requestTimeout how long a task may wait for a worker to start it
     * @param executionTimeout how long a started task may run, if limited
     * @param notifyPeriod how often the workers are asked who they are
     * @param workerExpiry how long a worker may answer no NOTIFY before it is taken for dead
     * @param inFlight the most tasks sent to one topic and not yet finished
     * @param runningNotice how long a worker may run a task before saying RUNNING, if not the
     *     default
     * @param durable whether the broker is used in durable mode
     */
    public Workers {
      Objects.requireNonNull(url, "url");
      Objects.requireNonNull(exchange, "exchange");
      topics = List.copyOf(topics);
      Objects.requireNonNull(waitForWorkers, "waitForWorkers");
      Objects.requireNonNull(requestTimeout, "requestTimeout");
      Objects.requireNonNull(executionTimeout, "executionTimeout");
      Objects.requireNonNull(notifyPeriod, "notifyPeriod");
      Objects.requireNonNull(workerExpiry, "workerExpiry");
      Objects.requireNonNull(runningNotice, "runningNotice");
    }
  }
}
