package io.taskflow4j.cli.run;

import io.taskflow4j.cli.DurationConverter;
import io.taskflow4j.internal.Durations;
import io.taskflow4j.protocol.ProtocolDefaults;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Option;

/**
 * The options of {@code taskflow run} that send tasks to remote workers. A picocli argument group:
 * given together, with {@code --url} and {@code --topic} required once any is given. Not
 * thread-safe; filled by the parser.
 */
public final class RemoteOptions {

  @Option(
      names = "--url",
      required = true,
      paramLabel = "URL",
      description =
          "Run the tasks on workers reached through this RabbitMQ broker:"
              + " amqp://user:password@host:port/vhost (amqps:// for TLS).")
  String url;

  @Option(
      names = "--exchange",
      paramLabel = "NAME",
      defaultValue = ProtocolDefaults.EXCHANGE,
      description = "The exchange the workers listen on. Default: ${DEFAULT-VALUE}.")
  String exchange;

  @Option(
      names = "--topic",
      required = true,
      paramLabel = "TOPIC",
      description = "A topic of workers to use; repeat for several. A worker must answer on each.")
  List<String> topics = new ArrayList<>();

  @Option(
      names = "--wait",
      paramLabel = "DURATION",
      defaultValue = "10s",
      converter = DurationConverter.class,
      description =
          "How long to wait for a worker on every topic before giving up (exit code 2, nothing"
              + " ran). Default: ${DEFAULT-VALUE}.")
  Duration waitForWorkers;

  @Option(
      names = "--request-timeout",
      paramLabel = "DURATION",
      defaultValue = "60s",
      converter = DurationConverter.class,
      description =
          "How long a task may wait for a worker to start it; after that it fails and the flow"
              + " reverts. Default: ${DEFAULT-VALUE}.")
  Duration requestTimeout;

  @Option(
      names = "--execution-timeout",
      paramLabel = "DURATION",
      converter = DurationConverter.class,
      description =
          "How long a task may run on a worker once started; after that it fails and the flow"
              + " reverts. Without it a task runs as long as its worker's heartbeats say it is"
              + " alive; set it for workers that send none, such as Python TaskFlow workers.")
  Duration executionTimeout;

  @Option(
      names = "--notify-period",
      paramLabel = "DURATION",
      defaultValue = "5s",
      converter = DurationConverter.class,
      description = "How often the workers are asked who they are (a NOTIFY). Default: ${DEFAULT-VALUE}.")
  Duration notifyPeriod;

  @Option(
      names = "--worker-expiry",
      paramLabel = "DURATION",
      defaultValue = "60s",
      converter = DurationConverter.class,
      description =
          "How long a worker may answer no NOTIFY before it is taken for dead, with the tasks it"
              + " runs; what notices a Python TaskFlow worker that died, since it sends no"
              + " heartbeats. At least twice --notify-period. Default: ${DEFAULT-VALUE}.")
  Duration workerExpiry;

  @Option(
      names = "--in-flight",
      paramLabel = "N",
      defaultValue = "512",
      description =
          "The most tasks sent to one topic's workers and not yet finished; the others wait in"
              + " order. Size it to the workers' threads with some to spare: when the flow fails,"
              + " tasks not yet sent are neither run nor reverted. Default: ${DEFAULT-VALUE}.")
  int inFlight;

  @Option(
      names = "--running-notice",
      paramLabel = "DURATION",
      converter = DurationConverter.class,
      description =
          "How long a taskflow4j worker may run a task before it says RUNNING; a shorter task"
              + " sends only its outcome, one message in three less. 0 has every task say"
              + " RUNNING at once, as Python TaskFlow workers do. Less than half of"
              + " --request-timeout. Default: 50ms, or a quarter of --request-timeout if shorter.")
  Duration runningNotice;

  @Option(
      names = "--durable",
      description =
          "Durable mode: a durable exchange and quorum queues, persistent messages and publisher"
              + " confirms, so requests survive a broker restart. The workers must use it too;"
              + " Python TaskFlow workers cannot.")
  boolean durable;

  /**
   * The target these options describe.
   *
   * @return the workers to run on
   */
  public RunTarget.Workers toTarget() {
    return new RunTarget.Workers(
        url, exchange, topics, waitForWorkers, requestTimeout, Optional.ofNullable(executionTimeout),
        notifyPeriod, workerExpiry, inFlight, Optional.ofNullable(runningNotice), durable);
  }
}
