package io.taskflow4j.cli;

import io.taskflow4j.cli.flowfile.LoadedFlow;
import io.taskflow4j.cli.run.ExecutionBackend;
import io.taskflow4j.cli.run.FailureReport;
import io.taskflow4j.cli.run.Interrupts;
import io.taskflow4j.cli.run.Json;
import io.taskflow4j.cli.run.RunRecorder;
import io.taskflow4j.cli.store.StoreOptions;
import io.taskflow4j.engine.Engine;
import io.taskflow4j.engine.FlowFailedException;
import io.taskflow4j.flow.FlowDefinitionException;
import io.taskflow4j.persistence.FlowStore;
import io.taskflow4j.persistence.StoreException;
import io.taskflow4j.state.FlowState;
import java.io.PrintWriter;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;

/**
 * Runs (or resumes) a built engine for {@code taskflow run} and {@code taskflow resume}: prints the
 * results or the failure, and handles Ctrl-C and SIGTERM. The first signal suspends the engine (no
 * new atoms, running ones finish); a recorded flow then stays SUSPENDED in its store, a flow
 * without a store is reverted since nothing could resume it. The exit code is 128 + the signal's
 * number. Not thread-safe; one command uses it once.
 */
final class FlowExecution {

  private static final Logger LOG = LoggerFactory.getLogger(FlowExecution.class);

  /** Where a run is recorded: the open store and the URL the user gave, for the hints printed. */
  record Recorded(FlowStore store, String url) {

    String resumeHint(String flowId) {
      return "taskflow resume " + flowId + " --store " + StoreOptions.masked(url);
    }

    String revertHint(String flowId) {
      return "taskflow flows revert " + flowId + " --store " + StoreOptions.masked(url);
    }
  }

  private final CommandLine command;
  private final boolean announce;

  /**
   * @param command where to print
   * @param announce whether to print the id of a recorded run before it starts (a new run; a
   *     resume has been given the id)
   */
  FlowExecution(CommandLine command, boolean announce) {
    this.command = command;
    this.announce = announce;
  }

  /**
   * Compiles the flow (when not yet done), prepares the backend and runs the engine.
   *
   * @param engine the engine, built with the recorder as a listener
   * @param loaded the flow as read, for locating compile errors
   * @param backend where tasks run
   * @param recorded the store, when the run is recorded
   * @param recorder the listener collecting reverts
   * @param inputHint a hint appended to a compile error, possibly empty
   * @return the exit code
   */
  int execute(
      Engine engine,
      LoadedFlow loaded,
      ExecutionBackend backend,
      Optional<Recorded> recorded,
      RunRecorder recorder,
      java.util.function.Function<FlowDefinitionException, String> inputHint)
      throws InterruptedException {
    PrintWriter out = command.getOut();
    PrintWriter err = command.getErr();
    try {
      engine.compile();
    } catch (FlowDefinitionException e) {
      throw loaded.explain(e, inputHint.apply(e));
    }
    backend.prepare(loaded);
    String name = loaded.flow().name();
    recorded.filter(r -> announce).ifPresent(
        r -> {
          err.println(
              "taskflow: flow '" + name + "' recorded as " + engine.flowId() + " in " + r.store().describe()
                  + "; resume with: " + r.resumeHint(engine.flowId()));
          err.flush();
        });
    try (Interrupts interrupts = Interrupts.install(engine::suspend)) {
      FlowState state;
      try {
        state = engine.run();
        if (state == FlowState.SUSPENDED) {
          return interrupted(engine, name, interrupts.received().orElse(Interrupts.Kind.INT), recorded, recorder);
        }
      } catch (FlowFailedException e) {
        return failed(e, recorder);
      } catch (StoreException e) {
        // The engine stops rather than run on without a record; what ran is recorded up to here.
        LOG.debug("store failed during flow '{}'", name, e);
        err.println(
            error("the store failed, so flow '" + name + "' stopped; some tasks may have run without being"
                + " recorded: " + StoreOptions.oneLine(e.getMessage())
                + recorded.map(r -> "; once the store works again: " + r.resumeHint(engine.flowId())).orElse("")));
        err.flush();
        return ExitCodes.REVERT_FAILED;
      }
    }
    out.println(Json.pretty(engine.results()));
    out.flush();
    return ExitCodes.OK;
  }

  private int interrupted(
      Engine engine, String name, Interrupts.Kind kind, Optional<Recorded> recorded, RunRecorder recorder) {
    PrintWriter err = command.getErr();
    String signal = "SIG" + kind.name();
    if (recorded.isPresent()) {
      Recorded r = recorded.get();
      err.println(
          error("interrupted by " + signal + "; flow '" + name + "' (" + engine.flowId() + ") is suspended in "
              + r.store().describe() + "; continue with: " + r.resumeHint(engine.flowId())
              + ", or undo what it did with: " + r.revertHint(engine.flowId())));
      err.flush();
      return kind.exitCode();
    }
    err.println(
        error("interrupted by " + signal + "; reverting what flow '" + name + "' did, since without --store it"
            + " cannot be resumed (press Ctrl-C again to quit at once)"));
    err.flush();
    // Still inside the handlers installed for the run: a second signal halts at once.
    try {
      engine.revert();
    } catch (FlowFailedException e) {
      return failed(e, recorder);
    }
    err.println(error("flow '" + name + "' was reverted: " + describe(recorder)));
    err.flush();
    return kind.exitCode();
  }

  private static String describe(RunRecorder recorder) {
    return recorder.reverted().isEmpty() ? "nothing had run" : "reverted " + String.join(", ", recorder.reverted());
  }

  private int failed(FlowFailedException e, RunRecorder recorder) {
    LOG.debug("flow '{}' failed", e.flowName(), e);
    PrintWriter err = command.getErr();
    err.println(error(FailureReport.describe(e, recorder)));
    err.flush();
    return e.state() == FlowState.REVERTED ? ExitCodes.FLOW_REVERTED : ExitCodes.REVERT_FAILED;
  }

  private String error(String text) {
    return command.getColorScheme().errorText("taskflow: " + text).toString();
  }
}
