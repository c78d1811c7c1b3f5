package io.taskflow4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunCommandTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  private static Map<String, Object> json(String text) throws Exception {
    @SuppressWarnings("unchecked")
    Map<String, Object> map = JSON.readValue(text, Map.class);
    return map;
  }

  @Test
  void addExamplePrintsItsResultsAsJson() throws Exception {
    Cli.Result result = Cli.run("run", Cli.example("add.yaml"));

    assertThat(result.exitCode()).as(result.toString()).isEqualTo(ExitCodes.OK);
    assertThat(json(result.out())).containsExactly(Map.entry("ab", 3), Map.entry("total", 6));
    assertThat(result.err()).isEmpty();
  }

  @Test
  void setOverridesTheFileInputs() throws Exception {
    Cli.Result result = Cli.run("run", Cli.example("add.yaml"), "--set", "c=10", "--set", "a=0.5");

    assertThat(result.exitCode()).as(result.toString()).isZero();
    assertThat(json(result.out())).containsEntry("ab", 2.5).containsEntry("total", 12.5);
  }

  @Test
  void setValuesAreJsonWhenValidJsonAndTextOtherwise() throws Exception {
    String flow =
        Cli.write(
            dir,
            "echo.yaml",
            String.join(
                "\n",
                "flow:",
                "  name: echoes",
                "  pattern: unordered",
                "  elements:",
                "    - {task: Echo, name: e1, rebind: {message: m1}, provides: r1}",
                "    - {task: Echo, name: e2, rebind: {message: m2}, provides: r2}",
                "    - {task: Echo, name: e3, rebind: {message: m3}, provides: r3}",
                "    - {task: Echo, name: e4, rebind: {message: m4}, provides: r4}",
                "    - {task: Echo, name: e5, rebind: {message: m5}, provides: r5}",
                ""));

    Cli.Result result =
        Cli.run(
            "run", flow,
            "--set", "m1=hello world",
            "--set", "m2=[1, {\"x\": true}]",
            "--set", "m3=\"42\"",
            "--set", "m4=007",
            "--set", "m5=a=b");

    assertThat(result.exitCode()).as(result.toString()).isZero();
    Map<String, Object> out = json(result.out());
    assertThat(out.get("r1")).isEqualTo("hello world");
    assertThat(out.get("r2")).isEqualTo(List.of(1, Map.of("x", true)));
    assertThat(out.get("r3")).isEqualTo("42");
    assertThat(out.get("r4")).isEqualTo("007");
    assertThat(out.get("r5")).isEqualTo("a=b");
  }

  @Test
  void failingTaskExitsWithOneAfterRevertingAndSaysWhatHappened() {
    Cli.Result result = Cli.run("run", Cli.example("fail-and-revert.yaml"));

    assertThat(result.exitCode()).as(result.toString()).isEqualTo(ExitCodes.FLOW_REVERTED);
    assertThat(result.out()).isEmpty();
    assertThat(result.err())
        .contains("flow 'order' failed; everything it did was reverted")
        .contains("failed: ship: java.lang.RuntimeException: the truck broke down")
        .containsPattern("reverted: (ship, )?charge, reserve \\(in this order\\)");
  }

  @Test
  void failedRevertExitsWithThreeAndNamesTheRevertThatFailed() {
    String flow =
        Cli.write(
            dir,
            "bad-revert.yaml",
            String.join(
                "\n",
                "flow:",
                "  name: stuck",
                "  pattern: linear",
                "  elements:",
                "    - task: io.taskflow4j.cli.testtasks.BadRevert",
                "      name: sticky",
                "    - task: Fail",
                "      inject: {message: boom}",
                ""));

    Cli.Result result = Cli.run("run", flow);

    assertThat(result.exitCode()).as(result.toString()).isEqualTo(ExitCodes.REVERT_FAILED);
    assertThat(result.err())
        .contains("flow 'stuck' failed and could not be fully reverted")
        .contains("failed: Fail: java.lang.RuntimeException: boom")
        .contains("revert failed: sticky: java.lang.IllegalStateException: cannot undo sticky");
  }

  @Test
  void graphFlowWithNestingRetryAndLinksRunsToTheExpectedResults() throws Exception {
    Cli.Result result = Cli.run("run", Cli.example("pipeline.yaml"), "-q");

    assertThat(result.exitCode()).as(result.toString()).isZero();
    assertThat(json(result.out()))
        .containsEntry("greeted", "hello")
        .containsEntry("sum", 42)
        .containsEntry("reported", 42);
  }

  @Test
  void jsonFlowFileRunsLikeItsYamlTwin() throws Exception {
    Cli.Result yaml = Cli.run("run", Cli.example("pipeline.yaml"), "-q");
    Cli.Result json = Cli.run("run", Cli.example("pipeline.json"), "-q");

    assertThat(json.exitCode()).as(json.toString()).isZero();
    assertThat(json(json.out())).isEqualTo(json(yaml.out()));
  }

  @Test
  void missingInputIsBadInputPointingAtTheTaskAndSayingHowToGiveIt() {
    String flow =
        Cli.write(
            dir,
            "needs.yaml",
            String.join(
                "\n",
                "inputs: {a: 1}",
                "flow:",
                "  name: f",
                "  pattern: linear",
                "  elements:",
                "    - task: Add",
                "      name: adder",
                ""));

    Cli.Result result = Cli.run("run", flow);

    assertThat(result.exitCode()).as(result.toString()).isEqualTo(ExitCodes.BAD_INPUT);
    assertThat(result.err())
        .contains(flow + ":6:7: flow.elements[0]:")
        .contains("atom 'adder' requires 'b'")
        .contains("--set b=VALUE");
    assertThat(Cli.run("run", flow, "--set", "b=2").out()).contains("{}");
  }

  @Test
  void resultsThatAreNotJsonValuesPrintAsText() throws Exception {
    String flow =
        Cli.write(
            dir,
            "noarg.yaml",
            String.join(
                "\n",
                "flow:",
                "  name: f",
                "  pattern: linear",
                "  elements:",
                "    - task: io.taskflow4j.cli.testtasks.NoArgTask",
                "      inject: {x: [1, 2]}",
                ""));

    Cli.Result result = Cli.run("run", flow);

    assertThat(result.exitCode()).as(result.toString()).isZero();
    assertThat(json(result.out())).containsExactly(Map.entry("own", "got [1, 2]"));
  }
}
