package io.taskflow4j.cli;

import io.taskflow4j.cli.demo.DemoFlow;
import io.taskflow4j.cli.demo.DemoRun;
import io.taskflow4j.cli.demo.DemoWorld;
import io.taskflow4j.cli.demo.Display;
import io.taskflow4j.cli.demo.NotifySubscribers;
import io.taskflow4j.cli.demo.RunBoard;
import io.taskflow4j.cli.demo.SummaryTable;
import io.taskflow4j.cli.demo.Terminal;
import io.taskflow4j.cli.flowfile.Suggestions;
import io.taskflow4j.cli.run.FailureReport;
import io.taskflow4j.state.FlowState;
import java.io.PrintWriter;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code taskflow demo}: publishes a (simulated) video with two workers and an engine in this
 * process, talking over an in-memory broker exactly as they would over RabbitMQ, and shows the run
 * live, then a summary. Needs nothing but a JDK. Not thread-safe; one instance runs one command
 * line.
 */
@Command(
    name = "demo",
    description = {
      "Shows a sample flow running on two workers, all in this process.",
      "The flow publishes a video: fetch it, transcode three renditions and a thumbnail in"
          + " parallel, upload to a CDN that is down once (so the upload is retried), notify"
          + " subscribers. Two workers with their own topics and tasks serve it over an in-memory"
          + " broker, exactly as they would over RabbitMQ.",
      "Shows each task's state and progress while it runs (redrawn in place on a terminal, one line"
          + " per change otherwise), then a table of which worker ran what, with attempts and"
          + " durations. With --fail-at the flow fails there and the demo shows the reverts."
    },
    sortOptions = false,
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:The flow succeeded.",
      "1:The flow failed (--fail-at) and everything it did was reverted.",
      "2:Bad input, such as an unknown task for --fail-at.",
      "4:Internal error."
    })
final class DemoCommand implements Callable<Integer> {

  /** How the demo shows progress. */
  enum DisplayMode {
    /** Live on a terminal, log lines otherwise. */
    AUTO,
    /** Redrawn in place with ANSI escapes. */
    LIVE,
    /** One line per change. */
    LOG
  }

  /** The demo's task names, for the help of {@code --fail-at}. Stateless. */
  static final class TaskNames implements Iterable<String> {
    @Override
    public Iterator<String> iterator() {
      return DemoFlow.taskNames().iterator();
    }
  }

  @Spec private CommandSpec spec;

  @Mixin private HelpOption help;

  @Option(
      names = "--fail-at",
      paramLabel = "TASK",
      completionCandidates = TaskNames.class,
      description = {
        "Make this task fail every time it runs, to see the flow revert. One of:"
            + " ${COMPLETION-CANDIDATES}."
      })
  private String failAt;

  @Option(
      names = "--display",
      paramLabel = "MODE",
      defaultValue = "auto",
      description =
          "How to show progress: ${COMPLETION-CANDIDATES}. auto: live on a terminal, log"
              + " otherwise (or when -v asks for logs, which would garble the live display)."
              + " Default: ${DEFAULT-VALUE}.")
  private DisplayMode display;

  // For tests: the simulated work goes this many times faster.
  @Option(names = "--speed", hidden = true, defaultValue = "1")
  private double speed;

  @Mixin private LoggingOptions logging;

  @Override
  public Integer call() throws InterruptedException {
    Optional<String> broken = Optional.ofNullable(failAt).map(this::checkTask);
    if (!(speed > 0) || Double.isInfinite(speed)) {
      throw new ParameterException(spec.commandLine(), "--speed must be a positive number");
    }
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    boolean live =
        display == DisplayMode.LIVE
            || (display == DisplayMode.AUTO
                && Terminal.isAnsiTerminal()
                && !LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME).isInfoEnabled());
    out.println(introduction(broken));
    out.println();
    out.flush();

    DemoRun.Outcome outcome = DemoRun.run(new DemoWorld(speed, broken), Display.of(out, live));

    out.println();
    out.print(SummaryTable.render(outcome.board()));
    out.println();
    if (outcome.failure().isPresent()) {
      out.flush();
      err.println(
          spec.commandLine()
              .getColorScheme()
              .errorText(
                  "taskflow: "
                      + FailureReport.describe(outcome.failure().get(), outcome.reverted(), Map.of(), List.of())));
      err.flush();
      return outcome.state() == FlowState.REVERTED ? ExitCodes.FLOW_REVERTED : ExitCodes.REVERT_FAILED;
    }
    out.println(
        "published "
            + outcome.results().get("url")
            + " and notified "
            + outcome.results().getOrDefault("notified", NotifySubscribers.SUBSCRIBERS)
            + " subscribers in "
            + RunBoard.seconds(outcome.elapsed()));
    out.flush();
    return ExitCodes.OK;
  }

  private String checkTask(String name) {
    List<String> names = DemoFlow.taskNames();
    if (!names.contains(name)) {
      throw new ParameterException(
          spec.commandLine(),
          "--fail-at: unknown task '"
              + name
              + "'"
              + Suggestions.didYouMean(name, names)
              + "; the demo's tasks are: "
              + String.join(", ", names));
    }
    return name;
  }

  private static String introduction(Optional<String> broken) {
    StringBuilder text =
        new StringBuilder("Publishing video '")
            .append(DemoFlow.VIDEO)
            .append("': an engine and two workers (topics '")
            .append(DemoFlow.MEDIA_TOPIC)
            .append("' and '")
            .append(DemoFlow.DELIVERY_TOPIC)
            .append("') talk over an in-memory broker in this process.\n")
            .append("The CDN is down for the first upload, so upload-to-cdn fails once and is retried.");
    broken.ifPresent(
        task ->
            text.append("\n")
                .append(task)
                .append(" is broken on purpose (--fail-at): the flow will fail and undo what it did."));
    return text.toString();
  }
}
