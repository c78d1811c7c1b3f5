package io.taskflow4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.taskflow4j.cli.flowfile.FlowAssembler;
import io.taskflow4j.cli.flowfile.FlowFiles;
import io.taskflow4j.cli.flowfile.FlowSource;
import io.taskflow4j.cli.flowfile.LoadedFlow;
import io.taskflow4j.cli.testtasks.SuspendHere;
import io.taskflow4j.engine.Engine;
import io.taskflow4j.persistence.FlowDetail;
import io.taskflow4j.persistence.FlowQuery;
import io.taskflow4j.persistence.FlowStore;
import io.taskflow4j.state.FlowState;
import io.taskflow4j.store.jdbc.FlowStores;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** run --store, resume, flows (list, show, revert, delete) and their errors, in this process. */
class StoreCommandsTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern RECORDED =
      Pattern.compile("flow '(\\S+)' recorded as (\\S+) in sqlite:\\S+; resume with: taskflow resume \\2 --store (\\S+)");

  @TempDir Path dir;

  private String store;
  private Path log;

  @BeforeEach
  void setUp() {
    store = "sqlite:" + dir.resolve("flows.db");
    log = dir.resolve("log.txt");
  }

  private String chores(String name, String middleTask) {
    return Cli.write(
        dir,
        name + ".yaml",
        "inputs:\n"
            + "  log: " + log + "\n"
            + "flow:\n"
            + "  name: " + name + "\n"
            + "  pattern: linear\n"
            + "  elements:\n"
            + "    - task: io.taskflow4j.cli.testtasks.AppendLine\n"
            + "      name: first\n"
            + "    - task: " + middleTask + "\n"
            + "      name: middle\n"
            + "    - task: io.taskflow4j.cli.testtasks.AppendLine\n"
            + "      name: second\n");
  }

  /** Records a run the way 'taskflow run --store' does and suspends it after its middle task. */
  private String suspendedRun(String name) throws IOException {
    String file = chores(name, "io.taskflow4j.cli.testtasks.SuspendHere");
    FlowSource source = FlowFiles.source(Path.of(file));
    LoadedFlow loaded =
        new FlowAssembler(LocalTasks.factory(getClass().getClassLoader())).assemble(FlowFiles.parse(source));
    try (FlowStore opened = FlowStores.open(store);
        Engine engine =
            Engine.builder(loaded.flow())
                .inputs(loaded.inputs())
                .store(opened)
                .flowMeta(RecordedFlows.META_KEY, RecordedFlows.metaWith(source, Map.of()))
                .build()) {
      SuspendHere.ENGINE.set(engine);
      assertThat(engine.run()).isEqualTo(FlowState.SUSPENDED);
      return engine.flowId();
    }
  }

  private List<String> logLines() throws IOException {
    return Files.exists(log) ? Files.readAllLines(log) : List.of();
  }

  private static JsonNode json(Cli.Result result) throws IOException {
    assertThat(result.exitCode()).as(result.toString()).isZero();
    return JSON.readTree(result.out());
  }

  private FlowDetail flow(String id) {
    try (FlowStore opened = FlowStores.open(store)) {
      return opened.flow(id).orElseThrow();
    }
  }

  private String recordedId(Cli.Result result) {
    Matcher matcher = RECORDED.matcher(result.err());
    assertThat(matcher.find()).as(result.toString()).isTrue();
    assertThat(matcher.group(3)).isEqualTo(store);
    return matcher.group(2);
  }

  @Test
  void runWithAStoreRecordsTheFlowFileAndPrintsTheIdToResumeWith() throws IOException {
    String file = chores("chores", "io.taskflow4j.cli.testtasks.AppendLine");

    Cli.Result result = Cli.run("run", file, "--store", store);

    assertThat(result.exitCode()).as(result.toString()).isZero();
    String id = recordedId(result);
    FlowDetail flow = flow(id);
    assertThat(flow.state()).isEqualTo(FlowState.SUCCESS);
    Map<?, ?> ours = (Map<?, ?>) flow.meta().get("taskflow4j");
    assertThat(ours.get("flow_file"))
        .isEqualTo(Map.of("path", file, "format", "yaml", "content", Files.readString(Path.of(file))));
    assertThat(ours.get("graph")).isEqualTo(Map.of("first", List.of(), "middle", List.of("first"), "second", List.of("middle")));
    JsonNode listed = json(Cli.run("flows", "--store", store, "--json"));
    assertThat(listed).hasSize(1);
    assertThat(listed.get(0).get("id").asText()).isEqualTo(id);
    assertThat(listed.get(0).get("name").asText()).isEqualTo("chores");
    assertThat(listed.get(0).get("state").asText()).isEqualTo("SUCCESS");
    assertThat(listed.get(0).get("atoms").asInt()).isEqualTo(3);
    assertThat(listed.get(0).get("atoms_done").asInt()).isEqualTo(3);
    assertThat(listed.get(0).get("flow_file").asText()).isEqualTo(file);
    assertThat(listed.get(0).get("started_at").asText()).isEqualTo(flow.createdAt().toString());
  }

  @Test
  void runWithoutAStoreRecordsNothingAndSaysNothingAboutIt() {
    Cli.Result result = Cli.run("run", chores("chores", "io.taskflow4j.cli.testtasks.AppendLine"));

    assertThat(result.exitCode()).as(result.toString()).isZero();
    assertThat(result.err()).doesNotContain("recorded");
    assertThat(dir.resolve("flows.db")).doesNotExist();
  }

  @Test
  void resumeRebuildsTheFlowFromTheStoreAndRunsOnlyWhatWasLeft() throws IOException {
    String id = suspendedRun("chores");
    assertThat(logLines()).containsExactly("execute first");
    // The file is gone: resume must use the copy in the store.
    Files.delete(dir.resolve("chores.yaml"));

    Cli.Result result = Cli.run("resume", id, "--store", store);

    assertThat(result.exitCode()).as(result.toString()).isZero();
    assertThat(result.err()).contains("resuming flow 'chores' (" + id + ", SUSPENDED)");
    assertThat(logLines()).containsExactly("execute first", "execute second");
    JsonNode shown = json(Cli.run("flows", "show", id, "--store", store, "--json"));
    assertThat(shown.get("state").asText()).isEqualTo("SUCCESS");
    assertThat(shown.get("inputs").get("log").asText()).isEqualTo(log.toString());
    JsonNode first = shown.get("atoms").get(0);
    assertThat(first.get("name").asText()).isEqualTo("first");
    assertThat(first.get("attempts").asInt()).isEqualTo(1);
    assertThat(first.get("result").asText()).isEqualTo("first");
    assertThat(first.get("intention").asText()).isEqualTo("EXECUTE");
    assertThat(first.get("duration_ms").isIntegralNumber()).isTrue();
    assertThat(shown.get("atoms").get(2).get("state").asText()).isEqualTo("SUCCESS");
  }

  @Test
  void resumeWithFileUsesThatFileAndRecordsItForLaterResumes() throws IOException {
    String id = suspendedRun("chores");
    Path other = dir.resolve("other.json");
    // The same flow in JSON: the recorded atoms still match.
    Files.writeString(
        other,
        "{\"inputs\": {\"log\": " + JSON.writeValueAsString(log.toString()) + "}, \"flow\": {\"name\": \"chores\","
            + " \"pattern\": \"linear\", \"elements\": ["
            + "{\"task\": \"io.taskflow4j.cli.testtasks.AppendLine\", \"name\": \"first\"},"
            + "{\"task\": \"io.taskflow4j.cli.testtasks.SuspendHere\", \"name\": \"middle\"},"
            + "{\"task\": \"io.taskflow4j.cli.testtasks.AppendLine\", \"name\": \"second\"}]}}");

    Cli.Result result = Cli.run("resume", id, "--store", store, "--file", other.toString());

    assertThat(result.exitCode()).as(result.toString()).isZero();
    Object recorded = ((Map<?, ?>) flow(id).meta().get("taskflow4j")).get("flow_file");
    assertThat(((Map<?, ?>) recorded).get("format")).isEqualTo("json");
    assertThat(((Map<?, ?>) recorded).get("path")).isEqualTo(other.toString());
  }

  @Test
  void revertUndoesWhatASuspendedFlowDid() throws IOException {
    String id = suspendedRun("chores");

    Cli.Result result = Cli.run("flows", "revert", id, "--store", store);

    assertThat(result.exitCode()).as(result.toString()).isZero();
    assertThat(result.out()).contains("flow 'chores' (" + id + ") reverted").contains("first");
    assertThat(logLines()).containsExactly("execute first", "revert first");
    assertThat(flow(id).state()).isEqualTo(FlowState.REVERTED);
    // A reverted flow has finished: neither resume nor revert take it.
    Cli.Result again = Cli.run("resume", id, "--store", store);
    assertThat(again.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
    assertThat(again.err().strip()).isEqualTo(
        "taskflow: flow 'chores' (" + id + ") has finished in state REVERTED; there is nothing to resume");
    assertThat(Cli.run("flows", "revert", id, "--store", store).exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
  }

  @Test
  void listingFiltersByStateNameAndLimit() throws IOException {
    String suspended = suspendedRun("nightly-backup");
    Cli.Result done = Cli.run("run", chores("nightly-report", "io.taskflow4j.cli.testtasks.AppendLine"), "--store", store);
    String succeeded = recordedId(done);
    Cli.run("run", chores("hourly", "io.taskflow4j.cli.testtasks.AppendLine"), "--store", store);

    assertThat(ids(Cli.run("flows", "--store", store, "--json"))).hasSize(3);
    assertThat(ids(Cli.run("flows", "--store", store, "--json", "--state", "SUSPENDED"))).containsExactly(suspended);
    assertThat(ids(Cli.run("flows", "--store", store, "--json", "--state", "suspended", "--state", "SUCCESS", "--name", "nightly")))
        .containsExactlyInAnyOrder(suspended, succeeded);
    assertThat(ids(Cli.run("flows", "--store", store, "--json", "--name", "report"))).containsExactly(succeeded);
    assertThat(ids(Cli.run("flows", "--store", store, "--json", "--limit", "1"))).hasSize(1);
    assertThat(ids(Cli.run("flows", "--store", store, "--json", "--name", "nothing-like-it"))).isEmpty();

    Cli.Result table = Cli.run("flows", "--store", store, "--state", "SUSPENDED");
    assertThat(table.out().lines().toList())
        .hasSize(2)
        .first()
        .asString()
        .startsWith("ID")
        .contains("NAME", "STATE", "STARTED", "UPDATED", "DONE");
    assertThat(table.out().lines().toList().get(1)).startsWith(suspended).contains("nightly-backup", "SUSPENDED", "2/3");
    assertThat(Cli.run("flows", "--store", store, "--limit", "0").exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
  }

  private static List<String> ids(Cli.Result result) throws IOException {
    JsonNode array = json(result);
    assertThat(array.isArray()).isTrue();
    return java.util.stream.StreamSupport.stream(array.spliterator(), false).map(n -> n.get("id").asText()).toList();
  }

  @Test
  void showGivesFailuresWithTypeAndMessage() throws IOException {
    Cli.Result result = Cli.run("run", Cli.example("fail-and-revert.yaml"), "--store", store);
    assertThat(result.exitCode()).as(result.toString()).isEqualTo(ExitCodes.FLOW_REVERTED);
    String id = recordedId(result);

    JsonNode shown = json(Cli.run("flows", "show", id, "--store", store, "--json"));

    assertThat(shown.get("state").asText()).isEqualTo("REVERTED");
    JsonNode ship = shown.get("atoms").get(2);
    assertThat(ship.get("name").asText()).isEqualTo("ship");
    assertThat(ship.get("failure").get("message").asText()).contains("the truck broke down");
    assertThat(ship.get("failure").get("type").asText()).isNotBlank();
    assertThat(shown.get("atoms").get(0).get("state").asText()).isEqualTo("REVERTED");
    assertThat(shown.get("atoms").get(0).get("intention").asText()).isEqualTo("REVERT");
    Cli.Result text = Cli.run("flows", "show", id, "--store", store);
    assertThat(text.out()).contains("state:     REVERTED").containsPattern("ship\\s+\\S+\\s+\\S+\\s+1\\s+\\S+\\s+.*the truck broke down");
  }

  @Test
  void deleteOlderThanRemovesOnlyFinishedFlowsUnlessAllStates() throws IOException {
    String suspended = suspendedRun("paused");
    String succeeded = recordedId(Cli.run("run", chores("done", "io.taskflow4j.cli.testtasks.AppendLine"), "--store", store));

    Cli.Result recent = Cli.run("flows", "delete", "--older-than", "7d", "--store", store);
    assertThat(recent.out()).startsWith("deleted 0 flows");
    assertThat(ids(Cli.run("flows", "--store", store, "--json"))).hasSize(2);

    Cli.Result finished = Cli.run("flows", "delete", "--older-than", "0s", "--store", store);
    assertThat(finished.exitCode()).as(finished.toString()).isZero();
    assertThat(finished.out()).startsWith("deleted 1 flow ");
    assertThat(ids(Cli.run("flows", "--store", store, "--json"))).containsExactly(suspended);

    Cli.Result all = Cli.run("flows", "delete", "--older-than", "0s", "--all-states", "--store", store);
    assertThat(all.out()).startsWith("deleted 1 flow ");
    assertThat(ids(Cli.run("flows", "--store", store, "--json"))).isEmpty();
    assertThat(succeeded).isNotEqualTo(suspended);
  }

  @Test
  void deleteByIdChecksEveryIdBeforeDeletingAny() throws IOException {
    String suspended = suspendedRun("paused");
    String succeeded = recordedId(Cli.run("run", chores("done", "io.taskflow4j.cli.testtasks.AppendLine"), "--store", store));

    Cli.Result unknown = Cli.run("flows", "delete", succeeded, "no-such-id", "--store", store);
    assertThat(unknown.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
    assertThat(unknown.err()).contains("no flow with id 'no-such-id'");
    Cli.Result unfinished = Cli.run("flows", "delete", succeeded, suspended, "--store", store);
    assertThat(unfinished.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
    assertThat(unfinished.err()).contains("is SUSPENDED, not finished").contains("--all-states");
    assertThat(ids(Cli.run("flows", "--store", store, "--json"))).hasSize(2);

    Cli.Result deleted = Cli.run("flows", "delete", succeeded, suspended, "--all-states", "--store", store);
    assertThat(deleted.exitCode()).as(deleted.toString()).isZero();
    assertThat(deleted.out()).startsWith("deleted 2 flows");
    try (FlowStore opened = FlowStores.open(store)) {
      assertThat(opened.flows(FlowQuery.all())).isEmpty();
      assertThat(opened.atoms(suspended)).isEmpty();
    }
    assertThat(Cli.run("flows", "delete", "--store", store).exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
    assertThat(Cli.run("flows", "delete", "x", "--older-than", "1d", "--store", store).exitCode())
        .isEqualTo(ExitCodes.BAD_INPUT);
  }

  @Test
  void theStoreOfFlowsAppliesToItsSubcommands() throws IOException {
    String id = suspendedRun("paused");

    JsonNode shown = json(Cli.run("flows", "--store", store, "show", id, "--json"));

    assertThat(shown.get("id").asText()).isEqualTo(id);
  }

  @Test
  void anUnknownStoreSchemeIsAOneLineUsageError() {
    String file = chores("chores", "io.taskflow4j.cli.testtasks.AppendLine");

    Cli.Result result = Cli.run("run", file, "--store", "redis://localhost/0");

    assertThat(result.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
    assertThat(result.err().strip()).startsWith("taskflow: cannot open store redis://localhost/0: ").doesNotContain("\n");
    assertThat(result.out()).isEmpty();
    // Nothing ran: the store is opened before the engine starts.
    assertThat(log).doesNotExist();
  }

  @Test
  void anUnreachableDatabaseIsAOneLineUsageErrorWithoutThePassword() {
    // Port 1 on this machine: nothing listens, the connection is refused at once.
    Cli.Result result = Cli.run("flows", "--store", "postgresql://app:s3cret@127.0.0.1:1/flows");

    assertThat(result.exitCode()).as(result.toString()).isEqualTo(ExitCodes.BAD_INPUT);
    assertThat(result.err().strip()).startsWith("taskflow: cannot open store postgresql://app:****@127.0.0.1:1/flows: ")
        .doesNotContain("s3cret")
        .doesNotContain("\n");
  }

  @Test
  void anUnknownFlowIdIsAUsageError() {
    Cli.Result resume = Cli.run("resume", "no-such-id", "--store", store);
    assertThat(resume.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
    assertThat(resume.err().strip()).startsWith("taskflow: no flow with id 'no-such-id' in sqlite:").doesNotContain("\n");
    assertThat(Cli.run("flows", "show", "no-such-id", "--store", store).exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
    assertThat(Cli.run("flows", "revert", "no-such-id", "--store", store).exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
  }

  @Test
  void aFinishedFlowCannotBeResumed() {
    String id = recordedId(Cli.run("run", chores("chores", "io.taskflow4j.cli.testtasks.AppendLine"), "--store", store));

    Cli.Result result = Cli.run("resume", id, "--store", store);

    assertThat(result.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
    assertThat(result.err().strip())
        .isEqualTo("taskflow: flow 'chores' (" + id + ") has finished in state SUCCESS; there is nothing to resume");
  }

  @Test
  void commandsNeedAStore() {
    Cli.Result result = Cli.run("resume", "some-id");

    assertThat(result.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
    assertThat(result.err()).contains("no store given: add --store URL").contains("TASKFLOW4J_STORE");
  }

  @Test
  void aBadFlowFileWritesNothingToTheStore() {
    String file = Cli.write(dir, "bad.yaml", "flow:\n  name: bad\n  pattern: linear\n  elements:\n    - task: NoSuchTask\n");

    Cli.Result result = Cli.run("run", file, "--store", store);

    assertThat(result.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
    assertThat(result.err()).doesNotContain("recorded as");
    try (FlowStore opened = FlowStores.open(store)) {
      assertThat(opened.flows(FlowQuery.all())).isEmpty();
    }
  }

  @Test
  void anUnsatisfiedRequirementWritesNothingToTheStore() {
    String file = Cli.write(dir, "needs.yaml", "flow:\n  name: needs\n  pattern: linear\n  elements:\n    - task: Echo\n");

    Cli.Result result = Cli.run("run", file, "--store", store);

    assertThat(result.exitCode()).as(result.toString()).isEqualTo(ExitCodes.BAD_INPUT);
    try (FlowStore opened = FlowStores.open(store)) {
      assertThat(opened.flows(FlowQuery.all())).isEmpty();
    }
  }
}
