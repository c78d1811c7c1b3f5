package io.taskflow4j.cli;

import io.taskflow4j.cli.flowfile.FlowAssembler;
import io.taskflow4j.cli.flowfile.FlowFile;
import io.taskflow4j.cli.flowfile.FlowFiles;
import io.taskflow4j.cli.flowfile.FlowSource;
import io.taskflow4j.cli.flowfile.LoadedFlow;
import io.taskflow4j.cli.run.ExecutionBackend;
import io.taskflow4j.cli.run.ExecutionBackends;
import io.taskflow4j.cli.run.InputValues;
import io.taskflow4j.cli.run.RemoteOptions;
import io.taskflow4j.cli.run.RunRecorder;
import io.taskflow4j.cli.run.RunTarget;
import io.taskflow4j.cli.store.StoreOptions;
import io.taskflow4j.engine.Engine;
import io.taskflow4j.engine.EngineBuilder;
import io.taskflow4j.flow.FlowDefinitionException;
import io.taskflow4j.listener.LoggingListener;
import io.taskflow4j.persistence.FlowStore;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code taskflow run FLOW_FILE}: runs a flow file's flow, in this process or on workers over
 * RabbitMQ ({@code --url}), and prints its results as JSON on stdout. When the flow fails, prints
 * what failed and what was reverted on stderr. Not thread-safe; one instance runs one command
 * line.
 */
@Command(
    name = "run",
    description = {
      "Runs the flow in FLOW_FILE, in this process or on workers (--url), and prints its results"
          + " as a JSON object on stdout.",
      "When a task fails, everything done so far is reverted and a summary goes to stderr.",
      "With --store the run is recorded and its id printed on stderr; after a crash or Ctrl-C,"
          + " 'taskflow resume ID' continues it.",
      "Ctrl-C or SIGTERM: no new tasks start, running ones finish; then the flow is suspended"
          + " (with --store) or reverted (without). A second Ctrl-C quits at once."
    },
    sortOptions = false,
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:The flow succeeded.",
      "1:The flow failed; everything it did was reverted.",
      "2:Bad input: an option, a value or the flow file; the store cannot be opened; or, with --url, the broker or a worker"
          + " on every topic could not be reached, or no worker serves a task: nothing ran.",
      "3:The flow failed and a revert failed too, or the store failed during the run.",
      "4:Internal error.",
      "130:Interrupted by Ctrl-C (SIGINT): the flow was suspended (with --store) or reverted.",
      "143:Stopped by SIGTERM: as for 130."
    })
final class RunCommand implements Callable<Integer> {

  private static final Logger LOG = LoggerFactory.getLogger(RunCommand.class);

  @Spec private CommandSpec spec;

  @Mixin private HelpOption help;

  @Parameters(index = "0", paramLabel = "FLOW_FILE", description = "The flow file (.yaml, .yml or .json).")
  private Path flowFile;

  @Option(
      names = "--set",
      paramLabel = "KEY=VALUE",
      description = {
        "Give an input, overriding the file's 'inputs'; repeatable. VALUE is read as JSON"
            + " when it is valid JSON (5, true, [1,2], \"5\"), else taken as text."
      })
  private List<String> assignments = new ArrayList<>();

  @Mixin private TaskClasspath classpath;

  @Mixin private LoggingOptions logging;

  @ArgGroup(
      exclusive = false,
      heading =
          "%nRemote execution: run the tasks on workers (taskflow worker, or Python TaskFlow"
              + " workers) over RabbitMQ; a flow file's 'task' is then the name workers serve:%n")
  private RemoteOptions remote;

  @Mixin private StoreOptions store;

  @Override
  public Integer call() throws InterruptedException {
    Map<String, Object> overrides;
    try {
      overrides = InputValues.parse(assignments);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage());
    }
    RunTarget target = remote == null ? new RunTarget.InProcess() : remote.toTarget();
    try (TaskClasspath.Loader loader = classpath.open();
        ExecutionBackend backend =
            ExecutionBackends.open(target, LocalTasks.factory(loader.classLoader()))) {
      FlowSource source = FlowFiles.source(flowFile);
      FlowFile parsed = FlowFiles.parse(source);
      Map<String, Object> inputs = new LinkedHashMap<>(parsed.inputs());
      inputs.putAll(overrides);
      LoadedFlow loaded = new FlowAssembler(backend.tasks()).assemble(parsed, inputs);
      LOG.info("running flow '{}' from {} {}", loaded.flow().name(), loaded.file(), backend.description());
      // The store is opened only once the flow file proved valid, so a bad file writes nothing.
      Optional<String> url = store.url();
      try (FlowStore opened = url.map(StoreOptions::open).orElse(null)) {
        RunRecorder recorder = new RunRecorder();
        EngineBuilder builder =
            Engine.builder(loaded.flow())
                .inputs(inputs)
                .listener(new LoggingListener())
                .listener(recorder);
        if (opened != null) {
          builder.store(opened).flowMeta(RecordedFlows.META_KEY, RecordedFlows.metaWith(source, Map.of()));
        }
        backend.configure(builder);
        try (Engine engine = builder.build()) {
          return new FlowExecution(spec.commandLine(), true)
              .execute(
                  engine,
                  loaded,
                  backend,
                  url.map(u -> new FlowExecution.Recorded(opened, u)),
                  recorder,
                  RunCommand::inputHint);
        }
      }
    }
  }

  static String inputHint(FlowDefinitionException error) {
    if (error.symbols().isEmpty() || !error.getMessage().contains("unsatisfied")) {
      return "";
    }
    String first = error.symbols().get(0);
    return "; give "
        + (error.symbols().size() == 1 ? "it" : "them")
        + " under 'inputs' in the flow file or with --set "
        + first
        + "=VALUE";
  }
}
