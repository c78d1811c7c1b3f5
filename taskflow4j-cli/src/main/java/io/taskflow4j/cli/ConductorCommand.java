package io.taskflow4j.cli;

import io.taskflow4j.internal.Durations;
import io.taskflow4j.cli.flowfile.ClassTaskResolver;
import io.taskflow4j.cli.flowfile.FlowFileException;
import io.taskflow4j.cli.flowfile.FlowFiles;
import io.taskflow4j.cli.flowfile.FlowSource;
import io.taskflow4j.cli.flowfile.TaskResolver;
import io.taskflow4j.cli.jobs.BoardOptions;
import io.taskflow4j.cli.jobs.FlowFileFactory;
import io.taskflow4j.cli.run.ExecutionBackend;
import io.taskflow4j.cli.run.ExecutionBackends;
import io.taskflow4j.cli.run.Interrupts;
import io.taskflow4j.cli.run.RemoteOptions;
import io.taskflow4j.cli.run.RemoteTasks;
import io.taskflow4j.cli.run.RunTarget;
import io.taskflow4j.cli.store.StoreOptions;
import io.taskflow4j.jobs.Conductor;
import io.taskflow4j.jobs.ConductorBuilder;
import io.taskflow4j.jobs.ConductorEvent;
import io.taskflow4j.jobs.FlowFactories;
import io.taskflow4j.jobs.FlowFactory;
import io.taskflow4j.jobs.JobBoard;
import io.taskflow4j.persistence.FlowStore;
import java.io.PrintWriter;
import java.lang.reflect.InvocationTargetException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.function.Supplier;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code taskflow conductor}: claims jobs from a board and runs their flows with a store, in this
 * process or on workers, until Ctrl-C or SIGTERM; then hands its jobs back. Not thread-safe; one
 * instance runs one command line.
 */
@Command(
    name = "conductor",
    description = {
      "Claims jobs from a job board, runs their flows with a store (in this process, or on workers"
          + " with --url), consumes each job when its flow ends SUCCESS or REVERTED, and prints what"
          + " it does on stderr. Run several on as many machines: when one dies, the others take its"
          + " jobs over once their leases lapse and resume them from the store.",
      "It serves the jobs 'taskflow jobs post FLOW_FILE' posts, and the factories named with --flow"
          + " and --factory (with --alias for other names, such as a Python factory's).",
      "Ctrl-C or SIGTERM: no new jobs are claimed, running flows are suspended after their running"
          + " tasks finish, and their jobs are handed back at once; a second Ctrl-C quits at once."
    },
    sortOptions = false,
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:Stopped by Ctrl-C or SIGTERM after handing back its jobs.",
      "2:Bad input: an option, a flow file, a factory class, or a board, store or broker that cannot be reached.",
      "3:Stopped, but some flow was still running after the grace period; its job is left to its lease.",
      "4:Internal error."
    })
final class ConductorCommand implements Callable<Integer> {

  @Spec private CommandSpec spec;

  @Mixin private HelpOption help;

  @Mixin private BoardOptions board;

  @Mixin private StoreOptions store;

  @Option(names = "--name", paramLabel = "NAME",
      description = "The name it claims jobs under, unique among the board's conductors. Default: host, process id and a random part.")
  private String name;

  @Option(names = "--jobs", paramLabel = "N", defaultValue = "" + ConductorBuilder.DEFAULT_MAX_CONCURRENT_JOBS,
      description = "How many jobs it runs at once. Default: ${DEFAULT-VALUE}.")
  private int jobs;

  @Option(names = "--lease", paramLabel = "DURATION", defaultValue = "30s", converter = DurationConverter.class,
      description = "How long a claim lasts unless renewed (it is renewed every third of that); a dead"
          + " conductor's jobs are taken over after about this long. Default: ${DEFAULT-VALUE}.")
  private Duration lease;

  @Option(names = "--grace", paramLabel = "DURATION", defaultValue = "30s", converter = DurationConverter.class,
      description = "On Ctrl-C or SIGTERM, how long to wait for running tasks before leaving jobs to their leases."
          + " Default: ${DEFAULT-VALUE}.")
  private Duration grace;

  @Option(names = "--flow", paramLabel = "NAME=FLOW_FILE",
      description = "Serve the factory NAME with the flow of FLOW_FILE (read once, at start). Repeatable.")
  private List<String> flows = new ArrayList<>();

  @Option(names = "--factory", paramLabel = "NAME=CLASS",
      description = "Serve the factory NAME with CLASS, an io.taskflow4j.jobs.FlowFactory with a public"
          + " constructor without arguments (on --classpath). Repeatable.")
  private List<String> factoryClasses = new ArrayList<>();

  @Option(names = "--alias", paramLabel = "OTHER=NAME",
      description = "Also serve factory NAME under the name OTHER, such as a Python factory's dotted name. Repeatable.")
  private List<String> aliases = new ArrayList<>();

  @Mixin private TaskClasspath classpath;

  @Mixin private LoggingOptions logging;

  @Mixin private MetricsOptions metricsOptions;

  @ArgGroup(
      exclusive = false,
      heading = "%nRemote execution: run the tasks on workers over RabbitMQ:%n")
  private RemoteOptions remote;

  @Override
  public Integer call() throws InterruptedException {
    if (jobs < 1) {
      throw new ParameterException(spec.commandLine(), "--jobs must be at least 1, got " + jobs);
    }
    if (lease.compareTo(Duration.ofMillis(300)) < 0) {
      throw new ParameterException(spec.commandLine(), "--lease must be at least 300ms, got " + Durations.describe(lease));
    }
    RunTarget target = remote == null ? new RunTarget.InProcess() : remote.toTarget();
    PrintWriter err = spec.commandLine().getErr();
    try (TaskClasspath.Loader loader = classpath.open()) {
      ClassTaskResolver local = LocalTasks.factory(loader.classLoader());
      Supplier<TaskResolver> tasks = target instanceof RunTarget.Workers ? () -> new RemoteTasks(local) : () -> local;
      FlowFactories factories = factories(tasks, loader.classLoader());
      Optional<MetricsOptions.Served> metrics = metricsOptions.start();
      try {
        try (ExecutionBackend backend = ExecutionBackends.open(target, local);
            JobBoard opened = board.open();
            FlowStore flowStore = StoreOptions.open(store.requireUrl())) {
          backend.connect();
          // Not closed itself: closing the store closes what it wraps.
          FlowStore recorded = metrics.map(m -> m.metrics().timed(flowStore)).orElse(flowStore);
          ConductorBuilder builder = Conductor.builder(opened, recorded, factories)
              .maxConcurrentJobs(jobs)
              .lease(lease)
              .engine(engine -> {
                backend.configure(engine);
                metrics.ifPresent(m -> engine.listener(m.metrics().listener()));
              })
              .listener(event -> print(err, event));
          metrics.ifPresent(m -> builder.listener(m.metrics().conductorListener()));
          if (name != null) {
            builder.name(name.strip());
          }
          CountDownLatch stop = new CountDownLatch(1);
          try (Conductor conductor = builder.build(); Interrupts interrupts = Interrupts.install(stop::countDown)) {
            conductor.start();
            err.println("taskflow: conductor " + conductor.name() + " claiming jobs on " + opened.describe()
                + ", recording in " + flowStore.describe() + ", running " + backend.description() + ", up to " + jobs
                + " at once, lease " + Durations.describe(lease) + "; serving " + String.join(", ", factories.names())
                + metrics.map(m -> "; metrics at " + m.url()).orElse("") + "; Ctrl-C stops");
            err.flush();
            stop.await();
            err.println("taskflow: conductor " + conductor.name() + " stopping on SIG"
                + interrupts.received().map(Interrupts.Kind::name).orElse("INT") + ": handing its jobs back");
            err.flush();
            boolean clean = conductor.stop(grace);
            err.println("taskflow: conductor " + conductor.name() + (clean ? " stopped"
                : " stopped with flows still running after " + Durations.describe(grace) + "; their jobs are left to their leases"));
            err.flush();
            return clean ? ExitCodes.OK : ExitCodes.REVERT_FAILED;
          }
        }
      } finally {
        metrics.ifPresent(MetricsOptions.Served::close);
      }
    }
  }

  private FlowFactories factories(Supplier<TaskResolver> tasks, ClassLoader loader) {
    FlowFactories.Builder builder = FlowFactories.builder().register(FlowFileFactory.NAME, FlowFileFactory.carried(tasks));
    try {
      for (Map.Entry<String, String> flow : pairs(flows, "--flow", "NAME=FLOW_FILE").entrySet()) {
        FlowSource source = FlowFiles.source(Path.of(flow.getValue()));
        FlowFileFactory factory = FlowFileFactory.of(tasks, source);
        factory.create(FlowFileFactory.callFor(source)); // refuses a bad file now, not at the first job
        builder.register(flow.getKey(), factory);
      }
      for (Map.Entry<String, String> factory : pairs(factoryClasses, "--factory", "NAME=CLASS").entrySet()) {
        builder.register(factory.getKey(), instantiate(factory.getValue(), loader));
      }
      for (Map.Entry<String, String> alias : pairs(aliases, "--alias", "OTHER=NAME").entrySet()) {
        builder.alias(alias.getKey(), alias.getValue());
      }
      return builder.build();
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage());
    } catch (FlowFileException e) {
      throw new UserInputException(e.getMessage());
    }
  }

  private Map<String, String> pairs(List<String> values, String option, String form) {
    Map<String, String> pairs = new LinkedHashMap<>();
    for (String value : values) {
      int equals = value.indexOf('=');
      if (equals <= 0 || equals == value.length() - 1) {
        throw new ParameterException(spec.commandLine(), option + " needs " + form + ", got '" + value + "'");
      }
      pairs.put(value.substring(0, equals).strip(), value.substring(equals + 1).strip());
    }
    return pairs;
  }

  private static FlowFactory instantiate(String className, ClassLoader loader) {
    Class<?> type;
    try {
      type = Class.forName(className, true, loader);
    } catch (ClassNotFoundException | LinkageError e) {
      throw new UserInputException("--factory class '" + className + "' cannot be loaded (" + e
          + "); put its jar or folder on --classpath");
    }
    if (!FlowFactory.class.isAssignableFrom(type)) {
      throw new UserInputException("--factory class '" + className + "' does not implement " + FlowFactory.class.getName());
    }
    try {
      return (FlowFactory) type.getConstructor().newInstance();
    } catch (NoSuchMethodException e) {
      throw new UserInputException("--factory class '" + className + "' has no public constructor without arguments");
    } catch (InvocationTargetException e) {
      throw new UserInputException("--factory class '" + className + "' failed in its constructor: " + e.getCause());
    } catch (ReflectiveOperationException e) {
      throw new UserInputException("--factory class '" + className + "' cannot be created: " + e);
    }
  }

  private static void print(PrintWriter err, ConductorEvent event) {
    StringBuilder line = new StringBuilder()
        .append(event.time()).append(' ')
        .append(event.type().name().toLowerCase(java.util.Locale.ROOT).replace('_', ' '))
        .append(" job '").append(event.jobName()).append("' (").append(event.jobId()).append(')');
    event.flowId().ifPresent(flow -> line.append(" flow ").append(flow));
    event.detail().ifPresent(detail -> line.append(": ").append(detail));
    synchronized (err) {
      err.println(line);
      err.flush();
    }
  }
}
