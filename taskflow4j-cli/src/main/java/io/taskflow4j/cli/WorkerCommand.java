package io.taskflow4j.cli;

import io.taskflow4j.internal.Durations;
import io.taskflow4j.cli.broker.Brokers;
import io.taskflow4j.cli.worker.ActivityLog;
import io.taskflow4j.cli.worker.TaskClass;
import io.taskflow4j.cli.worker.TaskScanner;
import io.taskflow4j.protocol.ProtocolDefaults;
import io.taskflow4j.flow.FanOut;
import io.taskflow4j.task.TaskFactory;
import io.taskflow4j.transport.Transport;
import io.taskflow4j.protocol.ProtocolLimits;
import io.taskflow4j.transport.amqp.AmqpTransport;
import io.taskflow4j.transport.amqp.AmqpUrl;
import io.taskflow4j.worker.Worker;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code taskflow worker}: serves task classes to engines (taskflow4j's or Python TaskFlow's) over
 * RabbitMQ until the process is told to stop. It prints a banner when ready and a line per task
 * execute or revert. On SIGTERM or Ctrl-C it takes no new requests, gives running tasks the grace
 * period to finish and answer, then exits: 0 when they all finished, 3 when some were cut short.
 *
 * <p>Not thread-safe; one instance runs one worker, which lives until the JVM shuts down.
 */
@Command(
    name = "worker",
    description = {
      "Serves task classes to engines over RabbitMQ until stopped.",
      "Engines are 'taskflow run --url', a taskflow4j RemoteTaskExecutor or a Python TaskFlow"
          + " worker-based engine.",
      "Tasks are served under their class names (io.taskflow4j.examples.Add); flow files and"
          + " engines name them that way (flow files may also use the example tasks' short names).",
      "Stop it with Ctrl-C or SIGTERM: it takes no new requests and lets running tasks finish"
          + " within the grace period."
    },
    sortOptions = false,
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:Stopped after every running task finished.",
      "2:Bad input (an option, a task class or package), or the broker cannot be reached.",
      "3:Stopped with tasks still running at the end of the grace period.",
      "4:Internal error."
    })
final class WorkerCommand implements Callable<Integer> {

  private static final Logger LOG = LoggerFactory.getLogger(WorkerCommand.class);

  @Spec private CommandSpec spec;

  @Mixin private HelpOption help;

  @Option(
      names = "--url",
      required = true,
      paramLabel = "URL",
      description = "The RabbitMQ broker: amqp://user:password@host:port/vhost (amqps:// for TLS).")
  private String url;

  @Option(
      names = "--exchange",
      paramLabel = "NAME",
      defaultValue = ProtocolDefaults.EXCHANGE,
      description = "The exchange engines send requests on. Default: ${DEFAULT-VALUE}.")
  private String exchange;

  @Option(
      names = "--topic",
      required = true,
      paramLabel = "TOPIC",
      description = "The worker's topic: engines list it to reach this worker (queue EXCHANGE_TOPIC).")
  private String topic;

  @Option(
      names = "--tasks",
      required = true,
      arity = "1..*",
      paramLabel = "CLASS_OR_PACKAGE",
      description = {
        "Task classes to serve: class names (com.acme.Resize), example names (Add), or packages"
            + " whose public task classes are all served (io.taskflow4j.examples)."
      })
  private List<String> tasks = new ArrayList<>();

  @Option(
      names = "--threads",
      paramLabel = "N",
      description = "How many tasks run at once. Default: the number of processors, at least 2.")
  private Integer threads;

  @Mixin private TaskClasspath classpath;

  @Option(
      names = "--grace",
      paramLabel = "DURATION",
      defaultValue = "30s",
      converter = DurationConverter.class,
      description = "How long running tasks may take to finish once asked to stop (30s, 2m, 1.5)."
          + " Default: 30s.")
  private Duration grace;

  @Option(
      names = "--heartbeat",
      paramLabel = "DURATION",
      defaultValue = "5s",
      converter = DurationConverter.class,
      description = "How often a running task's engine is told the worker is alive; 0 for never"
          + " (as a Python worker). Default: 5s.")
  private Duration heartbeat;

  @Option(
      names = "--prefetch",
      paramLabel = "N",
      defaultValue = "10",
      description = "The most requests the worker takes from the broker before settling them."
          + " Default: ${DEFAULT-VALUE}.")
  private int prefetch;

  @Option(
      names = "--durable",
      description = "Durable mode: a durable exchange and quorum queues, persistent messages and"
          + " publisher confirms, so requests survive a broker restart. Every engine and worker on"
          + " the exchange must use it; Python TaskFlow peers cannot.")
  private boolean durable;

  @Option(
      names = "--max-message-size",
      paramLabel = "BYTES",
      description = "The largest request body the worker reads, in bytes. Default: 16777216 (16 MiB).")
  private Integer maxMessageSize;

  @Mixin private LoggingOptions logging;

  @Mixin private MetricsOptions metricsOptions;

  @Override
  public Integer call() throws InterruptedException {
    AmqpUrl broker =
        Brokers.parse(
            url,
            "an in-memory worker can only serve its own process, and no engine in another process"
                + " could reach it");
    requireName("--exchange", exchange);
    requireName("--topic", topic);
    if (threads != null && threads < 1) {
      throw new ParameterException(spec.commandLine(), "--threads must be at least 1, got " + threads);
    }
    // The loader stays open while the worker runs: tasks are created from it for every request.
    TaskClasspath.Loader loader = classpath.open();
    List<TaskClass> served = new TaskScanner(loader.classLoader(), classpath.paths()).resolve(tasks);
    PrintWriter out = spec.commandLine().getOut();
    ActivityLog activity = new ActivityLog(out);

    if (prefetch < 1 || prefetch > 65_535) {
      throw new ParameterException(spec.commandLine(), "--prefetch must be from 1 to 65535, got " + prefetch);
    }
    ProtocolLimits limits = ProtocolLimits.DEFAULTS;
    if (maxMessageSize != null) {
      try {
        limits = limits.withMaxBodyBytes(maxMessageSize);
      } catch (IllegalArgumentException e) {
        throw new ParameterException(spec.commandLine(), "--max-message-size: " + e.getMessage());
      }
    }
    Optional<MetricsOptions.Served> metrics = metricsOptions.start();
    AmqpTransport transport = Brokers.connect(url, "taskflow-worker-" + topic, prefetch, durable);
    Worker worker;
    try {
      Worker.Builder builder =
          Worker.builder(transport).exchange(exchange).topic(topic).heartbeatInterval(heartbeat).limits(limits);
      if (threads != null) {
        builder.threads(threads);
      }
      for (TaskClass each : served) {
        TaskFactory factory = activity.factory(each);
        builder.serve(each.servedName(),
            metrics.map(m -> m.metrics().timed(each.servedName(), factory)).orElse(factory));
      }
      // Flow files' fan-outs end with a gather task, which needs no class of the user's.
      builder.serve(FanOut.GATHER_REMOTE_NAME, FanOut.gatherTasks());
      worker = builder.build();
      worker.start();
    } catch (IllegalArgumentException e) {
      transport.close();
      throw new UserInputException(e.getMessage());
    } catch (RuntimeException e) {
      transport.close();
      throw e;
    }
    CountDownLatch never = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(() -> stopAndHalt(worker, transport, activity), "taskflow-worker-stop"));
    printBanner(out, broker, served, metrics.map(MetricsOptions.Served::url));
    // The shutdown hook ends the process; until then this thread has nothing to do.
    never.await();
    return ExitCodes.OK;
  }

  private void requireName(String option, String value) {
    if (value.isBlank()) {
      throw new ParameterException(spec.commandLine(), option + " must not be blank");
    }
  }

  /**
   * Runs in the shutdown hook: stops the worker gracefully, closes the broker connection after the
   * last answer went out, and ends the process with an exit code that says whether every task
   * finished. Halting is the only way to choose the exit code once the JVM is shutting down (a
   * signal would otherwise make it 130 or 143), and nothing else in this process needs its hooks.
   */
  private void stopAndHalt(Worker worker, Transport transport, ActivityLog activity) {
    int code = ExitCodes.INTERNAL_ERROR;
    try {
      activity.line(
          "stopping: taking no new requests; running tasks get up to "
              + Durations.describe(grace)
              + " to finish");
      boolean drained = worker.stop(grace);
      transport.close();
      if (drained) {
        activity.line("stopped");
        code = ExitCodes.OK;
      } else {
        activity.line(
            "stopped after " + Durations.describe(grace)
                + " with tasks still running; they were interrupted and their engines may not hear"
                + " back");
        code = ExitCodes.REVERT_FAILED;
      }
    } catch (RuntimeException | Error e) {
      LOG.error("stopping the worker failed", e);
    } finally {
      Runtime.getRuntime().halt(code);
    }
  }

  private void printBanner(PrintWriter out, AmqpUrl broker, List<TaskClass> served, Optional<String> metrics) {
    StringBuilder text =
        new StringBuilder("taskflow worker ready: topic '")
            .append(topic)
            .append("', ")
            .append(served.size())
            .append(served.size() == 1 ? " task" : " tasks")
            .append('\n');
    field(text, "broker", broker.redacted());
    field(text, "exchange", exchange + " (queue " + Transport.queueName(exchange, topic) + ")");
    field(text, "topic", topic);
    for (int i = 0; i < served.size(); i++) {
      field(text, i == 0 ? "tasks" : "", served.get(i).servedName());
    }
    field(text, "threads", threads != null
        ? threads.toString()
        : Integer.toString(Math.max(2, Runtime.getRuntime().availableProcessors())));
    field(text, "heartbeat", heartbeat.isZero() ? "off" : "every " + Durations.describe(heartbeat));
    field(text, "grace", Durations.describe(grace));
    metrics.ifPresent(url -> field(text, "metrics", url));
    field(text, "pid", Long.toString(ProcessHandle.current().pid()));
    text.append("Stop with Ctrl-C or SIGTERM: no new requests are taken and running tasks get ")
        .append(Durations.describe(grace))
        .append(" to finish.");
    synchronized (out) {
      out.println(text);
      out.flush();
    }
  }

  private static void field(StringBuilder text, String name, String value) {
    text.append("  ")
        .append(name.isEmpty() ? "" : name + ":")
        .append(" ".repeat(Math.max(1, 11 - (name.isEmpty() ? 0 : name.length() + 1))))
        .append(value)
        .append('\n');
  }
}
