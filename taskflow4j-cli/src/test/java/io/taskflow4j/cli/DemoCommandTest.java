package io.taskflow4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.taskflow4j.cli.demo.DemoFlow;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Runs {@code taskflow demo} as a user would. The simulated work goes four times faster than at
 * the command line ({@code --speed}, hidden), so that each run takes about a second.
 */
class DemoCommandTest {

  private static final String FAST = "--speed=4";

  /** The summary row of a task: worker, state, attempts, duration, revert. */
  private static Matcher row(String out, String task) {
    Matcher matcher =
        Pattern.compile(
                "(?m)^" + Pattern.quote(task)
                    + " +(\\S+) +(\\S+) +(\\d+) +(\\S+)(?: +(REVERTED|REVERT_FAILURE))?$")
            .matcher(out);
    assertThat(matcher.find()).as("summary row of %s in:%n%s", task, out).isTrue();
    return matcher;
  }

  @Test
  void demoRunsEveryTaskOnItsWorkerAndEndsWithASuccessfulSummary() {
    Cli.Result result = Cli.run("demo", FAST);

    assertThat(result.exitCode()).as(result.toString()).isEqualTo(ExitCodes.OK);
    assertThat(result.out()).contains("TASK", "WORKER", "STATE", "ATTEMPTS", "DURATION");
    for (DemoFlow.Step step : DemoFlow.steps()) {
      Matcher row = row(result.out(), step.name());
      assertThat(row.group(1)).as("worker of %s", step.name()).isEqualTo(step.topic());
      assertThat(row.group(2)).as("state of %s", step.name()).isEqualTo("SUCCESS");
      assertThat(row.group(4)).as("duration of %s", step.name()).matches("\\d+\\.\\d\\ds");
      assertThat(row.group(5)).as("revert of %s", step.name()).isNull();
    }
    assertThat(row(result.out(), "upload-to-cdn").group(3)).as("attempts").isEqualTo("2");
    assertThat(row(result.out(), "fetch-upload").group(3)).as("attempts").isEqualTo("1");
    assertThat(result.out())
        .contains("published https://cdn.example.com/v/holiday-2024 and notified 1342 subscribers");
    assertThat(result.err()).isEmpty();
  }

  @Test
  void outputThatIsNotATerminalGetsOneLinePerChangeWithProgressMilestones() {
    Cli.Result result = Cli.run("demo", FAST);

    assertThat(result.exitCode()).as(result.toString()).isZero();
    assertThat(result.out())
        .doesNotContain("\u001b[")
        .containsPattern("(?m)^\\[ *\\d+\\.\\d\\ds\\] flow publish-video RUNNING$")
        .containsPattern("(?m)^\\[ *\\d+\\.\\d\\ds\\] transcode-1080p 50%$")
        .containsPattern("(?m)^\\[ *\\d+\\.\\d\\ds\\] upload-to-cdn FAILURE on delivery after \\d+\\.\\d\\ds:"
            + " SimulatedFault: CDN answered 503")
        .contains("] publish-retry RETRYING: its flow runs again, attempt 2\n")
        .contains("] upload-to-cdn RUNNING (attempt 2)\n")
        .containsPattern("(?m)^\\[ *\\d+\\.\\d\\ds\\] flow publish-video SUCCESS$");
    // The four renditions run in parallel: all start before the first finishes.
    String out = result.out();
    int lastStart =
        List.of("transcode-1080p", "transcode-720p", "transcode-480p", "extract-thumbnail").stream()
            .mapToInt(task -> out.indexOf("] " + task + " RUNNING\n"))
            .max()
            .orElseThrow();
    assertThat(lastStart).isLessThan(out.indexOf("] extract-thumbnail SUCCESS"));
  }

  @Test
  void failAtMakesThatTaskFailAndTheDemoShowsTheRevertsAndExitsOne() {
    Cli.Result result = Cli.run("demo", FAST, "--fail-at", "transcode-720p");

    assertThat(result.exitCode()).as(result.toString()).isEqualTo(ExitCodes.FLOW_REVERTED);
    Matcher failed = row(result.out(), "transcode-720p");
    assertThat(failed.group(2)).isEqualTo("FAILURE");
    assertThat(failed.group(5)).isEqualTo("REVERTED");
    assertThat(row(result.out(), "fetch-upload").group(5)).isEqualTo("REVERTED");
    assertThat(row(result.out(), "notify-subscribers").group(2)).isEqualTo("PENDING");
    assertThat(row(result.out(), "notify-subscribers").group(3)).isEqualTo("0");
    assertThat(result.out())
        .contains("] transcode-720p FAILURE on media")
        .contains("] fetch-upload REVERTING\n")
        .contains("] fetch-upload REVERTED\n")
        .contains("] flow publish-video REVERTED\n")
        .doesNotContain("published");
    assertThat(result.err())
        .contains("taskflow: flow 'publish-video' failed; everything it did was reverted")
        .contains("failed: transcode-720p: io.taskflow4j.cli.demo.SimulatedFault: encoder crashed")
        .containsPattern("reverted: .*transcode-720p.*, fetch-upload \\(in this order\\)");
  }

  @Test
  void aTaskThatFailsEveryTimeUsesUpItsRetriesBeforeTheFlowReverts() {
    Cli.Result result = Cli.run("demo", FAST, "--fail-at", "upload-to-cdn");

    assertThat(result.exitCode()).as(result.toString()).isEqualTo(ExitCodes.FLOW_REVERTED);
    Matcher upload = row(result.out(), "upload-to-cdn");
    assertThat(upload.group(2)).isEqualTo("FAILURE");
    assertThat(upload.group(3)).as("attempts").isEqualTo(Integer.toString(DemoFlow.ATTEMPTS));
    assertThat(result.out()).contains("] publish-retry REVERTED: no attempts left\n");
    // Listed once, though each attempt reverted it.
    assertThat(result.err()).containsOnlyOnce("upload-to-cdn,");
  }

  @Test
  void failAtAnUnknownTaskExitsTwoNamingTheValidTasks() {
    Cli.Result result = Cli.run("demo", "--fail-at", "upload-to-cnd");

    assertThat(result.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
    assertThat(result.err())
        .contains("--fail-at: unknown task 'upload-to-cnd' (did you mean 'upload-to-cdn'?)")
        .contains("the demo's tasks are: " + String.join(", ", DemoFlow.taskNames()));
    assertThat(result.out()).isEmpty();
  }

  @Test
  void liveDisplayRedrawsEachTaskInPlaceWithProgressBars() {
    Cli.Result result = Cli.run("demo", FAST, "--display", "live");

    assertThat(result.exitCode()).as(result.toString()).isZero();
    int rows = DemoFlow.steps().size() + 2;
    assertThat(result.out())
        .as("moves the cursor up over the previous frame")
        .contains("\u001b[" + rows + "A\r")
        .contains("\u001b[2K")
        .containsPattern("fetch-upload +media +\\[#{20}\\] 100%  SUCCESS")
        .contains("publish-video  SUCCESS");
    row(result.out(), "notify-subscribers");
  }

  @Test
  void helpListsTheTasksFailAtAccepts() {
    Cli.Result result = Cli.run("demo", "--help");

    assertThat(result.exitCode()).isZero();
    assertThat(result.out().replaceAll("\\s+", " "))
        .contains("One of: " + String.join(", ", DemoFlow.taskNames()));
  }
}
