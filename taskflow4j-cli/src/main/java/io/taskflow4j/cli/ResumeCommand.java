package io.taskflow4j.cli;

import io.taskflow4j.cli.flowfile.FlowAssembler;
import io.taskflow4j.cli.flowfile.FlowFiles;
import io.taskflow4j.cli.flowfile.FlowSource;
import io.taskflow4j.cli.flowfile.LoadedFlow;
import io.taskflow4j.cli.flowfile.RecordedInputs;
import io.taskflow4j.cli.run.ExecutionBackend;
import io.taskflow4j.cli.run.ExecutionBackends;
import io.taskflow4j.cli.run.RemoteOptions;
import io.taskflow4j.cli.run.RunRecorder;
import io.taskflow4j.cli.run.RunTarget;
import io.taskflow4j.cli.store.StoreOptions;
import io.taskflow4j.engine.Engine;
import io.taskflow4j.engine.EngineBuilder;
import io.taskflow4j.listener.LoggingListener;
import io.taskflow4j.persistence.FlowDetail;
import io.taskflow4j.persistence.FlowStore;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code taskflow resume ID}: continues a run recorded by {@code taskflow run --store}, rebuilding
 * its flow from the flow file kept in the store. Tasks recorded as done do not run again. Prints
 * and exits as {@code taskflow run}. Not thread-safe; one instance runs one command line.
 */
@Command(
    name = "resume",
    description = {
      "Continues a flow recorded with 'taskflow run --store', after a crash, kill or Ctrl-C:"
          + " tasks that finished are not run again, tasks that were running run again.",
      "The flow file recorded with the run is used, unless --file gives one."
    },
    sortOptions = false,
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:The flow succeeded.",
      "1:The flow failed; everything it did was reverted.",
      "2:Bad input: no such flow, a flow that has finished, a store that cannot be opened, a flow"
          + " file that no longer fits the recorded run, or workers that cannot be reached.",
      "3:The flow failed and a revert failed too, or the store failed during the run.",
      "4:Internal error.",
      "130:Interrupted by Ctrl-C (SIGINT): the flow is suspended again.",
      "143:Stopped by SIGTERM: as for 130."
    })
final class ResumeCommand implements Callable<Integer> {

  @Spec private CommandSpec spec;

  @Mixin private HelpOption help;

  @Parameters(index = "0", paramLabel = "ID", description = "The flow's id, as 'taskflow run' printed it.")
  private String flowId;

  @Mixin private StoreOptions store;

  @Option(
      names = "--file",
      paramLabel = "FLOW_FILE",
      description =
          "Rebuild the flow from this file instead of the recorded one (recorded for later"
              + " resumes); it must still have every task that ran.")
  private Path file;

  @Mixin private TaskClasspath classpath;

  @Mixin private LoggingOptions logging;

  @ArgGroup(exclusive = false, heading = "%nRemote execution: run the tasks on workers over RabbitMQ:%n")
  private RemoteOptions remote;

  @Override
  public Integer call() throws InterruptedException {
    String url = store.requireUrl();
    RunTarget target = remote == null ? new RunTarget.InProcess() : remote.toTarget();
    try (FlowStore opened = StoreOptions.open(url);
        TaskClasspath.Loader loader = classpath.open();
        ExecutionBackend backend = ExecutionBackends.open(target, LocalTasks.factory(loader.classLoader()))) {
      FlowDetail recorded = RecordedFlows.find(opened, flowId);
      RecordedFlows.requireUnfinished(recorded, "resume");
      FlowSource source = RecordedFlows.sourceOf(recorded, Optional.ofNullable(file));
      LoadedFlow loaded = new FlowAssembler(backend.tasks())
          .assemble(FlowFiles.parse(source), RecordedInputs.of(opened, flowId));
      RunRecorder recorder = new RunRecorder();
      EngineBuilder builder =
          Engine.builder(loaded.flow())
              .resume(opened, flowId)
              .listener(new LoggingListener())
              .listener(recorder);
      if (file != null) {
        builder.flowMeta(RecordedFlows.META_KEY, RecordedFlows.metaWith(source, recorded.meta()));
      }
      backend.configure(builder);
      try (Engine engine = RecordedFlows.buildResumed(builder)) {
        spec.commandLine().getErr().println(
            "taskflow: resuming flow '" + recorded.name() + "' (" + flowId + ", " + recorded.state() + ") from "
                + opened.describe());
        spec.commandLine().getErr().flush();
        return new FlowExecution(spec.commandLine(), false)
            .execute(
                engine,
                loaded,
                backend,
                Optional.of(new FlowExecution.Recorded(opened, url)),
                recorder,
                RunCommand::inputHint);
      }
    }
  }
}
