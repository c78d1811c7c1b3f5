package io.taskflow4j.cli;

import io.taskflow4j.cli.flowfile.FlowAssembler;
import io.taskflow4j.cli.flowfile.FlowFiles;
import io.taskflow4j.cli.flowfile.LoadedFlow;
import io.taskflow4j.cli.run.ExecutionBackend;
import io.taskflow4j.cli.run.ExecutionBackends;
import io.taskflow4j.cli.run.FailureReport;
import io.taskflow4j.cli.run.InputValues;
import io.taskflow4j.cli.run.Json;
import io.taskflow4j.cli.run.RemoteOptions;
import io.taskflow4j.cli.run.RunRecorder;
import io.taskflow4j.cli.run.RunTarget;
import io.taskflow4j.engine.Engine;
import io.taskflow4j.engine.EngineBuilder;
import io.taskflow4j.engine.FlowFailedException;
import io.taskflow4j.flow.FlowDefinitionException;
import io.taskflow4j.listener.LoggingListener;
import io.taskflow4j.state.FlowState;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
      "When a task fails, everything done so far is reverted and a summary goes to stderr."
    },
    sortOptions = false,
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:The flow succeeded.",
      "1:The flow failed; everything it did was reverted.",
      "2:Bad input: an option, a value or the flow file; or, with --url, the broker or a worker"
          + " on every topic could not be reached, or no worker serves a task: nothing ran.",
      "3:The flow failed and a revert failed too.",
      "4:Internal error."
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
      LoadedFlow loaded = new FlowAssembler(backend.taskFactory()).assemble(FlowFiles.read(flowFile));
      Map<String, Object> inputs = new LinkedHashMap<>(loaded.inputs());
      inputs.putAll(overrides);
      LOG.info("running flow '{}' from {} {}", loaded.flow().name(), loaded.file(), backend.description());
      return run(loaded, inputs, backend);
    }
  }

  private int run(LoadedFlow loaded, Map<String, Object> inputs, ExecutionBackend backend)
      throws InterruptedException {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    RunRecorder recorder = new RunRecorder();
    EngineBuilder builder =
        Engine.builder(loaded.flow())
            .inputs(inputs)
            .listener(new LoggingListener())
            .listener(recorder);
    backend.configure(builder);
    try (Engine engine = builder.build()) {
      try {
        engine.compile();
      } catch (FlowDefinitionException e) {
        throw loaded.explain(e, inputHint(e));
      }
      backend.prepare(loaded);
      try {
        engine.run();
      } catch (FlowFailedException e) {
        LOG.debug("flow '{}' failed", e.flowName(), e);
        String report = FailureReport.describe(e, recorder.reverted(), recorder.revertFailures());
        err.println(spec.commandLine().getColorScheme().errorText("taskflow: " + report));
        err.flush();
        return e.state() == FlowState.REVERTED ? ExitCodes.FLOW_REVERTED : ExitCodes.REVERT_FAILED;
      }
      out.println(Json.pretty(engine.results()));
      out.flush();
      return ExitCodes.OK;
    }
  }

  private static String inputHint(FlowDefinitionException error) {
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
