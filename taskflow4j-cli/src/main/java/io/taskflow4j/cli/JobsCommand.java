package io.taskflow4j.cli;

import io.taskflow4j.cli.flowfile.FlowFileException;
import io.taskflow4j.cli.flowfile.FlowFiles;
import io.taskflow4j.cli.flowfile.FlowSource;
import io.taskflow4j.cli.jobs.BoardOptions;
import io.taskflow4j.cli.jobs.FlowFileFactory;
import io.taskflow4j.cli.jobs.JobViews;
import io.taskflow4j.cli.run.InputValues;
import io.taskflow4j.cli.run.Json;
import io.taskflow4j.cli.store.StoreOptions;
import io.taskflow4j.jobs.FactoryCall;
import io.taskflow4j.jobs.Job;
import io.taskflow4j.jobs.JobBoard;
import io.taskflow4j.jobs.JobBoardException;
import io.taskflow4j.jobs.JobPosting;
import io.taskflow4j.jobs.JobPriority;
import io.taskflow4j.jobs.TrashedJob;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code taskflow jobs}: lists the jobs on a board; its subcommands post, show and trash them. Not
 * thread-safe; one instance runs one command line.
 */
@Command(
    name = "jobs",
    description = {
      "Lists the jobs on a job board in the order conductors claim them (priority, then posting"
          + " order), with their owners and leases; --trashed lists the trash instead.",
      "'jobs post' posts a job, 'jobs show ID' shows one, 'jobs trash ID' sets one aside."
    },
    subcommands = {JobsCommand.Post.class, JobsCommand.Show.class, JobsCommand.Trash.class},
    sortOptions = false,
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:Done.", "2:Bad input: an option, a flow file, an unknown job, or a board that cannot be reached.",
      "4:Internal error."})
final class JobsCommand implements Callable<Integer> {

  @Spec private CommandSpec spec;

  @Mixin private HelpOption help;

  @Mixin private BoardOptions board;

  @Option(names = "--trashed", description = "List the trashed jobs, with the reasons they were set aside.")
  private boolean trashed;

  @Option(names = "--json", description = "Print a JSON array for scripts (fields in docs/guide.md).")
  private boolean json;

  @Mixin private LoggingOptions logging;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    try (JobBoard opened = board.open()) {
      if (trashed) {
        List<TrashedJob> jobs = read(opened::trashed, opened);
        out.print(json ? Json.pretty(jobs.stream().map(JobViews::json).toList()) + "\n"
            : jobs.isEmpty() ? "no trashed jobs on " + opened.describe() + "\n" : JobViews.trashTable(jobs));
      } else {
        List<Job> jobs = read(opened::jobs, opened);
        out.print(json ? Json.pretty(jobs.stream().map(JobViews::json).toList()) + "\n"
            : jobs.isEmpty() ? "no jobs on " + opened.describe() + "\n" : JobViews.table(jobs));
      }
      out.flush();
      return ExitCodes.OK;
    }
  }

  /** Runs a board operation, turning its errors into one-line usage errors. */
  static <T> T read(Supplier<T> operation, JobBoard board) {
    try {
      return operation.get();
    } catch (JobBoardException e) {
      throw new UserInputException("job board " + board.describe() + ": " + StoreOptions.oneLine(e.getMessage()));
    }
  }

  /** {@code taskflow jobs post FLOW_FILE | --factory NAME}. */
  @Command(
      name = "post",
      description = {
        "Posts a job on the board and prints its id. The job runs the flow of FLOW_FILE (the file's"
            + " content travels with the job, its 'inputs' become the job's) or the flow of a factory"
            + " that conductors serve (--factory).",
        "A conductor ('taskflow conductor') claims it, runs it with its store and consumes it."
      },
      sortOptions = false)
  static final class Post implements Callable<Integer> {

    @Spec private CommandSpec spec;

    @Mixin private HelpOption help;

    @ArgGroup(exclusive = true, multiplicity = "1")
    private What what;

    static final class What {
      @Parameters(index = "0", paramLabel = "FLOW_FILE", description = "A flow file (.yaml, .yml or .json).")
      private Path flowFile;

      @Option(names = "--factory", paramLabel = "NAME", description = "The name of a flow factory the conductors serve.")
      private String factory;
    }

    @Option(
        names = "--arg",
        paramLabel = "KEY=VALUE",
        description = "A named argument for the factory (--factory only); VALUE as in --set. Repeatable.")
    private List<String> arguments = new ArrayList<>();

    @Option(
        names = "--set",
        paramLabel = "KEY=VALUE",
        description = "An input of the flow, overriding the flow file's; VALUE is read as JSON when it is valid"
            + " JSON, else taken as text. Repeatable.")
    private List<String> assignments = new ArrayList<>();

    @Option(names = "--name", paramLabel = "NAME", description = "The job's name. Default: the flow file's name or the factory's.")
    private String name;

    @Option(
        names = "--priority",
        paramLabel = "PRIORITY",
        defaultValue = "NORMAL",
        description = "${COMPLETION-CANDIDATES}. Default: ${DEFAULT-VALUE}.")
    private JobPriority priority;

    @Mixin private BoardOptions board;

    @Mixin private LoggingOptions logging;

    @Override
    public Integer call() {
      Map<String, Object> inputs = new LinkedHashMap<>();
      FactoryCall call;
      String jobName;
      try {
        Map<String, Object> overrides = InputValues.parse(assignments);
        if (what.flowFile != null) {
          if (!arguments.isEmpty()) {
            throw new ParameterException(spec.commandLine(), "--arg is for --factory; a flow file takes inputs with --set");
          }
          FlowSource source = FlowFiles.source(what.flowFile);
          // Parsed here so that a bad file is refused now rather than trashed by a conductor later.
          inputs.putAll(FlowFiles.parse(source).inputs());
          inputs.putAll(overrides);
          // The inputs travel with the file too: its fan-outs are expanded over them.
          call = FlowFileFactory.callFor(source, inputs);
          jobName = name != null ? name : what.flowFile.getFileName().toString();
        } else {
          Map<String, Object> kwargs = InputValues.parse(arguments.stream().toList());
          call = FactoryCall.of(what.factory.strip(), kwargs);
          jobName = name != null ? name : call.name();
        }
        inputs.putAll(overrides);
      } catch (IllegalArgumentException e) {
        throw new ParameterException(spec.commandLine(), e.getMessage());
      } catch (FlowFileException e) {
        throw new UserInputException(e.getMessage());
      }
      if (jobName.isBlank()) {
        throw new ParameterException(spec.commandLine(), "--name must not be blank");
      }
      JobPosting posting = JobPosting.builder(jobName).factory(call).inputs(inputs).priority(priority).build();
      try (JobBoard opened = board.open()) {
        Job job = read(() -> opened.post(posting), opened);
        spec.commandLine().getOut().println(job.id());
        spec.commandLine().getOut().flush();
        spec.commandLine().getErr().println("taskflow: posted job '" + job.name() + "' (" + job.id() + ") on "
            + opened.describe() + "; 'taskflow jobs show " + job.id() + "' shows it");
        spec.commandLine().getErr().flush();
        return ExitCodes.OK;
      }
    }
  }

  /** {@code taskflow jobs show ID}. */
  @Command(name = "show", description = "Shows a job on the board: owner, lease, flow, factory and inputs.", sortOptions = false)
  static final class Show implements Callable<Integer> {

    @Spec private CommandSpec spec;

    @Mixin private HelpOption help;

    @Parameters(index = "0", paramLabel = "ID", description = "The job's id.")
    private String jobId;

    @Option(names = "--json", description = "Print a JSON object for scripts.")
    private boolean json;

    @Mixin private BoardOptions board;

    @Mixin private LoggingOptions logging;

    @Override
    public Integer call() {
      try (JobBoard opened = board.open()) {
        Job job = read(() -> opened.job(jobId.strip()), opened)
            .orElseThrow(() -> new UserInputException("no job with id '" + jobId + "' on " + opened.describe()
                + " (it may have been consumed or trashed); 'taskflow jobs' lists the jobs there"));
        PrintWriter out = spec.commandLine().getOut();
        out.print(json ? Json.pretty(JobViews.json(job)) + "\n" : JobViews.text(job));
        out.flush();
        return ExitCodes.OK;
      }
    }
  }

  /** {@code taskflow jobs trash ID}. */
  @Command(
      name = "trash",
      description = "Sets a job aside: conductors no longer see it; 'taskflow jobs --trashed' lists it with the reason.",
      sortOptions = false)
  static final class Trash implements Callable<Integer> {

    @Spec private CommandSpec spec;

    @Mixin private HelpOption help;

    @Parameters(index = "0", paramLabel = "ID", description = "The job's id.")
    private String jobId;

    @Option(names = "--reason", paramLabel = "TEXT", defaultValue = "trashed with 'taskflow jobs trash'",
        description = "Why, kept with the job. Default: ${DEFAULT-VALUE}.")
    private String reason;

    @Mixin private BoardOptions board;

    @Mixin private LoggingOptions logging;

    @Override
    public Integer call() {
      try (JobBoard opened = board.open()) {
        if (!read(() -> opened.trash(jobId.strip(), reason), opened)) {
          throw new UserInputException("no job with id '" + jobId + "' on " + opened.describe()
              + " (it may have been consumed or trashed already); 'taskflow jobs' lists the jobs there");
        }
        spec.commandLine().getErr().println("taskflow: trashed job " + jobId.strip() + " on " + opened.describe());
        spec.commandLine().getErr().flush();
        return ExitCodes.OK;
      }
    }
  }
}
