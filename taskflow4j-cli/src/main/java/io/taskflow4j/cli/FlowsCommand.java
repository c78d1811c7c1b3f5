package io.taskflow4j.cli;

import io.taskflow4j.cli.flowfile.FlowAssembler;
import io.taskflow4j.cli.flowfile.FlowFiles;
import io.taskflow4j.cli.flowfile.FlowSource;
import io.taskflow4j.cli.flowfile.LoadedFlow;
import io.taskflow4j.cli.flowfile.RecordedInputs;
import io.taskflow4j.cli.run.ExecutionBackend;
import io.taskflow4j.cli.run.ExecutionBackends;
import io.taskflow4j.cli.run.FailureReport;
import io.taskflow4j.cli.run.Json;
import io.taskflow4j.cli.run.RemoteOptions;
import io.taskflow4j.cli.run.RunRecorder;
import io.taskflow4j.cli.run.RunTarget;
import io.taskflow4j.cli.store.FlowViews;
import io.taskflow4j.cli.store.StoreOptions;
import io.taskflow4j.engine.Engine;
import io.taskflow4j.engine.EngineBuilder;
import io.taskflow4j.engine.FlowFailedException;
import io.taskflow4j.listener.LoggingListener;
import io.taskflow4j.persistence.AtomDetail;
import io.taskflow4j.persistence.FlowDetail;
import io.taskflow4j.persistence.FlowQuery;
import io.taskflow4j.persistence.FlowStore;
import io.taskflow4j.persistence.FlowSummary;
import io.taskflow4j.persistence.LogBook;
import io.taskflow4j.persistence.StoreException;
import io.taskflow4j.state.FlowState;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code taskflow flows}: lists the flows recorded in a store; its subcommands show one, revert
 * one and delete them. Not thread-safe; one instance runs one command line.
 */
@Command(
    name = "flows",
    description = {
      "Lists the flows recorded in a store (newest updated first): id, name, state, when it started"
          + " and was last updated, and how many of its atoms are done.",
      "'flows show ID' shows one flow's atoms, 'flows revert ID' undoes a suspended or crashed"
          + " flow, 'flows delete' removes records."
    },
    subcommands = {FlowsCommand.Show.class, FlowsCommand.Revert.class, FlowsCommand.Delete.class},
    sortOptions = false,
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:Listed.", "2:Bad input: an option, or a store that cannot be opened or read.", "4:Internal error."})
final class FlowsCommand implements Callable<Integer> {

  /** The states of flows that will not change any more, the ones {@code delete} removes by default. */
  static final Set<FlowState> FINISHED = EnumSet.of(FlowState.SUCCESS, FlowState.REVERTED, FlowState.FAILURE);

  @Spec private CommandSpec spec;

  @Mixin private HelpOption help;

  @Mixin private StoreOptions store;

  @Option(
      names = "--state",
      paramLabel = "STATE",
      description = "Only flows in this state (${COMPLETION-CANDIDATES}); repeatable.")
  private List<FlowState> states = new ArrayList<>();

  @Option(names = "--name", paramLabel = "TEXT", description = "Only flows whose name contains TEXT.")
  private String name;

  @Option(
      names = "--limit",
      paramLabel = "N",
      defaultValue = "100",
      description = "At most N flows. Default: ${DEFAULT-VALUE}.")
  private int limit;

  @Option(names = "--json", description = "Print a JSON array for scripts (fields in docs/guide.md).")
  private boolean json;

  @Mixin private LoggingOptions logging;

  @Override
  public Integer call() {
    if (limit < 1) {
      throw new ParameterException(spec.commandLine(), "--limit must be at least 1, got " + limit);
    }
    PrintWriter out = spec.commandLine().getOut();
    try (FlowStore opened = StoreOptions.open(store.requireUrl())) {
      List<FlowSummary> flows = read(() -> opened.flows(query()), null);
      if (json) {
        out.println(Json.pretty(flows.stream().map(FlowViews::summaryJson).toList()));
      } else if (flows.isEmpty()) {
        out.println((states.isEmpty() && name == null ? "no flows in " : "no flows match in ") + opened.describe());
      } else {
        out.print(FlowViews.summaryTable(flows));
      }
      out.flush();
      return ExitCodes.OK;
    }
  }

  private FlowQuery query() {
    FlowQuery query = FlowQuery.all().withLimit(limit).withStates(Set.copyOf(states));
    return name == null ? query : query.withNameContaining(name);
  }

  /** Reads from a store, turning its errors into one-line usage errors. */
  static <T> T read(java.util.function.Supplier<T> reading, String what) {
    try {
      return reading.get();
    } catch (StoreException e) {
      throw new UserInputException((what == null ? "" : what + ": ") + StoreOptions.oneLineOf(e));
    }
  }

  /** The store URL of a subcommand: its own {@code --store}, else the one given to {@code flows}. */
  String storeUrl(StoreOptions own) {
    return own.url().orElseGet(store::requireUrl);
  }

  /** {@code taskflow flows show ID}. */
  @Command(
      name = "show",
      description = "Shows a recorded flow and its atoms: state, intention, attempts, duration, result or failure.",
      sortOptions = false)
  static final class Show implements Callable<Integer> {

    @ParentCommand private FlowsCommand parent;

    @Spec private CommandSpec spec;

    @Mixin private HelpOption help;

    @Parameters(index = "0", paramLabel = "ID", description = "The flow's id.")
    private String flowId;

    @Mixin private StoreOptions store;

    @Option(names = "--json", description = "Print a JSON object for scripts (fields in docs/guide.md).")
    private boolean json;

    @Mixin private LoggingOptions logging;

    @Override
    public Integer call() {
      try (FlowStore opened = StoreOptions.open(parent.storeUrl(store))) {
        FlowDetail flow = RecordedFlows.find(opened, flowId);
        List<AtomDetail> atoms = read(() -> opened.atoms(flowId), "cannot read the atoms of flow " + flowId);
        String logBook = read(() -> opened.logBook(flow.logBookUuid()).map(LogBook::name).orElse(null), null);
        PrintWriter out = spec.commandLine().getOut();
        out.print(json ? Json.pretty(FlowViews.flowJson(flow, logBook, atoms)) + "\n" : FlowViews.flowText(flow, logBook, atoms));
        out.flush();
        return ExitCodes.OK;
      }
    }
  }

  /** {@code taskflow flows revert ID}. */
  @Command(
      name = "revert",
      description = {
        "Undoes what a suspended or crashed recorded flow did, newest first, and ends it REVERTED,"
            + " rebuilding the flow from its recorded flow file (or --file)."
      },
      sortOptions = false,
      exitCodeListHeading = "%nExit codes:%n",
      exitCodeList = {
        "0:The flow was reverted.",
        "2:Bad input: no such flow, a flow that has finished, a store that cannot be opened.",
        "3:A revert failed; something may be left half-done.",
        "4:Internal error."
      })
  static final class Revert implements Callable<Integer> {

    @ParentCommand private FlowsCommand parent;

    @Spec private CommandSpec spec;

    @Mixin private HelpOption help;

    @Parameters(index = "0", paramLabel = "ID", description = "The flow's id.")
    private String flowId;

    @Mixin private StoreOptions store;

    @Option(names = "--file", paramLabel = "FLOW_FILE", description = "Rebuild the flow from this file instead of the recorded one.")
    private Path file;

    @Mixin private TaskClasspath classpath;

    @Mixin private LoggingOptions logging;

    @ArgGroup(exclusive = false, heading = "%nRemote execution: revert the tasks on workers over RabbitMQ:%n")
    private RemoteOptions remote;

    @Override
    public Integer call() throws InterruptedException {
      RunTarget target = remote == null ? new RunTarget.InProcess() : remote.toTarget();
      try (FlowStore opened = StoreOptions.open(parent.storeUrl(store));
          TaskClasspath.Loader loader = classpath.open();
          ExecutionBackend backend = ExecutionBackends.open(target, LocalTasks.factory(loader.classLoader()))) {
        FlowDetail recorded = RecordedFlows.find(opened, flowId);
        RecordedFlows.requireUnfinished(recorded, "revert");
        FlowSource source = RecordedFlows.sourceOf(recorded, Optional.ofNullable(file));
        LoadedFlow loaded = new FlowAssembler(backend.tasks())
            .assemble(FlowFiles.parse(source), RecordedInputs.of(opened, flowId));
        RunRecorder recorder = new RunRecorder();
        EngineBuilder builder =
            Engine.builder(loaded.flow()).resume(opened, flowId).listener(new LoggingListener()).listener(recorder);
        backend.configure(builder);
        PrintWriter err = spec.commandLine().getErr();
        try (Engine engine = RecordedFlows.buildResumed(builder)) {
          backend.prepare(loaded);
          try {
            engine.revert();
          } catch (FlowFailedException e) {
            err.println(spec.commandLine().getColorScheme().errorText(
                "taskflow: " + FailureReport.describe(e, recorder)));
            err.flush();
            return ExitCodes.REVERT_FAILED;
          }
        }
        spec.commandLine().getOut().println(
            "flow '" + recorded.name() + "' (" + flowId + ") reverted: "
                + (recorder.reverted().isEmpty() ? "nothing had run" : String.join(", ", recorder.reverted())));
        spec.commandLine().getOut().flush();
        return ExitCodes.OK;
      }
    }
  }

  /** {@code taskflow flows delete}. */
  @Command(
      name = "delete",
      description = {
        "Deletes recorded flows with their atoms: the flows named by id, or those last updated"
            + " longer ago than --older-than. Only finished flows (SUCCESS, REVERTED, FAILURE)"
            + " unless --all-states."
      },
      sortOptions = false)
  static final class Delete implements Callable<Integer> {

    @ParentCommand private FlowsCommand parent;

    @Spec private CommandSpec spec;

    @Mixin private HelpOption help;

    @Parameters(paramLabel = "ID", arity = "0..*", description = "The ids of the flows to delete.")
    private List<String> ids = new ArrayList<>();

    @Option(
        names = "--older-than",
        paramLabel = "DURATION",
        converter = DurationConverter.class,
        description = "Delete the flows last updated longer ago than this, such as 7d, 12h or 30m.")
    private Duration olderThan;

    @Option(names = "--all-states", description = "Delete unfinished flows too (suspended, running...).")
    private boolean allStates;

    @Mixin private StoreOptions store;

    @Mixin private LoggingOptions logging;

    @Override
    public Integer call() {
      if (ids.isEmpty() == (olderThan == null)) {
        throw new ParameterException(spec.commandLine(), "give either flow ids or --older-than DURATION");
      }
      PrintWriter out = spec.commandLine().getOut();
      try (FlowStore opened = StoreOptions.open(parent.storeUrl(store))) {
        List<FlowDetail> doomed = new ArrayList<>();
        if (olderThan == null) {
          // Every id is checked before anything is deleted, so a typo deletes nothing.
          for (String id : ids) {
            FlowDetail flow = RecordedFlows.find(opened, id);
            if (!allStates && !FINISHED.contains(flow.state())) {
              throw new UserInputException(
                  "flow '" + flow.name() + "' (" + id + ") is " + flow.state() + ", not finished; resume or revert it"
                      + " first, or add --all-states to delete it anyway");
            }
            doomed.add(flow);
          }
        } else {
          Instant before = Instant.now().minus(olderThan);
          FlowQuery query = FlowQuery.all().withUpdatedBefore(before);
          if (!allStates) {
            query = query.withStates(FINISHED);
          }
          FlowQuery finalQuery = query;
          read(() -> opened.flows(finalQuery), null).forEach(summary -> doomed.add(summary.flow()));
        }
        int deleted = 0;
        for (FlowDetail flow : doomed) {
          if (read(() -> opened.deleteFlow(flow.uuid()), "cannot delete flow " + flow.uuid())) {
            deleted++;
          }
        }
        out.println("deleted " + deleted + (deleted == 1 ? " flow" : " flows") + " from " + opened.describe());
        out.flush();
        return ExitCodes.OK;
      }
    }
  }
}
