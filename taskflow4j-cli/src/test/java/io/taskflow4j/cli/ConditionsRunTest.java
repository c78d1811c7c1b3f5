package io.taskflow4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.taskflow4j.cli.flowfile.FlowAssembler;
import io.taskflow4j.cli.flowfile.FlowFileFormat;
import io.taskflow4j.cli.flowfile.FlowFiles;
import io.taskflow4j.cli.flowfile.LoadedFlow;
import io.taskflow4j.cli.testtasks.EvenResults;
import io.taskflow4j.engine.Engine;
import io.taskflow4j.persistence.AtomDetail;
import io.taskflow4j.persistence.FlowQuery;
import io.taskflow4j.persistence.FlowStore;
import io.taskflow4j.state.AtomState;
import io.taskflow4j.state.FlowState;
import io.taskflow4j.store.jdbc.FlowStores;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Flow files' link conditions, decider classes, priorities and revert arguments, run end to end. */
class ConditionsRunTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  private static Map<String, Object> results(Cli.Result result) throws Exception {
    assertThat(result.exitCode()).as(result.toString()).isEqualTo(ExitCodes.OK);
    @SuppressWarnings("unchecked")
    Map<String, Object> map = JSON.readValue(result.out(), Map.class);
    return map;
  }

  private static Map<String, AtomState> atomStates(String store) {
    try (FlowStore opened = FlowStores.open(store)) {
      String id = opened.flows(FlowQuery.all()).get(0).flow().uuid();
      return opened.atoms(id).stream().collect(Collectors.toMap(AtomDetail::name, AtomDetail::state));
    }
  }

  @Test
  void theConditionsExampleRunsOnlyTheBranchWhoseConditionHolds() throws Exception {
    assertThat(results(Cli.run("run", Cli.example("conditions.yaml"))))
        .containsExactlyInAnyOrderEntriesOf(Map.of("score", 35, "reviewed", 35));
    assertThat(results(Cli.run("run", Cli.example("conditions.yaml"), "--set", "b=30")))
        .containsExactlyInAnyOrderEntriesOf(Map.of("score", 50, "published", 50, "announced", 50));
  }

  @Test
  void anElementWhoseConditionDoesNotHoldIsRecordedIgnoreWithWhatFollowsIt() {
    String store = "sqlite:" + dir.resolve("flows.db");

    Cli.Result result = Cli.run("run", Cli.example("conditions.yaml"), "--store", store);

    assertThat(result.exitCode()).as(result.toString()).isEqualTo(ExitCodes.OK);
    assertThat(atomStates(store))
        .containsEntry("score", AtomState.SUCCESS)
        .containsEntry("review", AtomState.SUCCESS)
        .containsEntry("publish", AtomState.IGNORE)
        .containsEntry("announce", AtomState.IGNORE);
  }

  @Test
  void depthAtomSkipsOnlyTheElementTheLinkLeadsTo() throws Exception {
    String flow = Cli.write(dir, "atom.yaml", String.join("\n",
        "inputs: {a: 1, b: 2, flag: false}",
        "flow:",
        "  name: shallow",
        "  pattern: graph",
        "  elements:",
        "    - {task: Echo, name: check, rebind: {message: flag}}",
        "    - {task: Add, name: skipped, provides: sum}",
        "    - {task: Echo, name: after, rebind: {message: a}, provides: after}",
        "  links:",
        "    - {from: check, to: skipped, when: {is_true: }, depth: atom}",
        "    - {from: skipped, to: after}",
        ""));

    assertThat(results(Cli.run("run", flow))).containsExactlyInAnyOrderEntriesOf(Map.of("after", 1));
  }

  @Test
  void aDeciderClassNamedInTheFileDecidesWhetherTheElementRuns() throws Exception {
    String flow = Cli.write(dir, "even.yaml", String.join("\n",
        "inputs: {a: 1, b: 2}",
        "flow:",
        "  name: even",
        "  pattern: graph",
        "  elements:",
        "    - {task: Add, name: sum, provides: sum}",
        "    - {task: Echo, name: report, rebind: {message: sum}, provides: reported}",
        "  links:",
        "    - {from: sum, to: report, decider: " + EvenResults.class.getName() + "}",
        ""));

    assertThat(results(Cli.run("run", flow))).doesNotContainKey("reported");
    assertThat(results(Cli.run("run", flow, "--set", "b=3"))).containsEntry("reported", 4);
  }

  @Test
  void aFailingConditionFailsTheElementAndTheRunRevertsNamingWhereTheConditionIsWritten() {
    String flow = Cli.write(dir, "mismatch.yaml", String.join("\n",
        "inputs: {message: high}",
        "flow:",
        "  name: mismatch",
        "  pattern: graph",
        "  elements:",
        "    - {task: Echo, name: level, provides: level}",
        "    - {task: Echo, name: alarm, rebind: {message: level}}",
        "  links:",
        "    - from: level",
        "      to: alarm",
        "      when: {greater_than: 3}",
        ""));

    Cli.Result result = Cli.run("run", flow);

    assertThat(result.exitCode()).as(result.toString()).isEqualTo(ExitCodes.FLOW_REVERTED);
    assertThat(result.err()).contains(
        "the condition level > 3 (" + flow + ":11:13: flow.links[0].when) needs a number, but the result of"
            + " 'level' is a JSON string (\"high\")");
  }

  @Test
  void revertRequiresAndRevertRebindGiveTheRevertItsOwnArguments() throws Exception {
    Path log = dir.resolve("log.txt");
    String flow = Cli.write(dir, "book.yaml", String.join("\n",
        "inputs: {booking: B-7, reason: none}",
        "flow:",
        "  name: booking",
        "  pattern: linear",
        "  elements:",
        "    - task: io.taskflow4j.cli.testtasks.RevertArguments",
        "      name: book",
        "      revert_requires: [log]",
        "      revert_rebind: {ref: booking}",
        "    - {task: Fail, inject: {message: no rooms}}",
        ""));

    Cli.Result result = Cli.run("run", flow, "--set", "log=" + log);

    assertThat(result.exitCode()).as(result.toString()).isEqualTo(ExitCodes.FLOW_REVERTED);
    assertThat(Files.readAllLines(log)).containsExactly("revert book {log=" + log + ", ref=B-7}");
  }

  @Test
  void prioritiesInTheFileOrderTasksReadyTogetherOnTheSerialEngine() throws Exception {
    Path log = dir.resolve("order.txt");
    String text = String.join("\n",
        "flow:",
        "  name: uploads",
        "  pattern: unordered",
        "  elements:",
        "    - {task: io.taskflow4j.cli.testtasks.AppendLine, name: small, priority: 1}",
        "    - {task: io.taskflow4j.cli.testtasks.AppendLine, name: large, priority: 10}",
        "    - {task: io.taskflow4j.cli.testtasks.AppendLine, name: last, priority: -5}",
        "    - {task: io.taskflow4j.cli.testtasks.AppendLine, name: medium}",
        "");
    LoadedFlow loaded = new FlowAssembler(LocalTasks.factory(getClass().getClassLoader()))
        .assemble(FlowFiles.parse("uploads.yaml", text, FlowFileFormat.YAML));

    try (Engine engine = Engine.builder(loaded.flow()).input("log", log.toString()).serial().build()) {
      assertThat(engine.run()).isEqualTo(FlowState.SUCCESS);
    }

    assertThat(Files.readAllLines(log))
        .containsExactly("execute large", "execute small", "execute medium", "execute last");
  }

  @Test
  void aMissingRevertArgumentIsBadInputBeforeAnythingRuns() {
    Path log = dir.resolve("never.txt");
    String flow = Cli.write(dir, "missing.yaml", String.join("\n",
        "flow:",
        "  name: booking",
        "  pattern: linear",
        "  elements:",
        "    - task: io.taskflow4j.cli.testtasks.AppendLine",
        "      name: book",
        "      revert_requires: [booking_ref]",
        ""));

    Cli.Result result = Cli.run("run", flow, "--set", "log=" + log);

    assertThat(result.exitCode()).as(result.toString()).isEqualTo(ExitCodes.BAD_INPUT);
    assertThat(result.err()).contains("booking_ref");
    assertThat(log).doesNotExist();
  }

  @Test
  void theExamplesTwoConditionsAreExclusiveSoExactlyOneBranchRuns() {
    // Guards the example's comment: the two conditions are exclusive, so exactly one branch runs.
    for (String b : List.of("15", "30")) {
      String store = "sqlite:" + dir.resolve("flows-" + b + ".db");
      assertThat(Cli.run("run", Cli.example("conditions.yaml"), "--set", "b=" + b, "--store", store).exitCode())
          .isZero();
      Map<String, AtomState> states = atomStates(store);
      assertThat(List.of(states.get("review"), states.get("publish")))
          .containsExactlyInAnyOrder(AtomState.SUCCESS, AtomState.IGNORE);
    }
  }
}
