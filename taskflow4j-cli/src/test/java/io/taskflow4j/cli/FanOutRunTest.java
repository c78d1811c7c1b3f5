package io.taskflow4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.taskflow4j.cli.flowfile.FlowAssembler;
import io.taskflow4j.cli.flowfile.FlowFiles;
import io.taskflow4j.cli.flowfile.FlowSource;
import io.taskflow4j.cli.flowfile.LoadedFlow;
import io.taskflow4j.cli.testtasks.SuspendHere;
import io.taskflow4j.engine.Engine;
import io.taskflow4j.persistence.FlowStore;
import io.taskflow4j.state.FlowState;
import io.taskflow4j.store.jdbc.FlowStores;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** 'taskflow run' and 'taskflow resume' expand a flow file's fan-out over the run's inputs. */
class FanOutRunTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  private String echoEach() {
    return Cli.write(dir, "echo.yaml", String.join("\n",
        "inputs: {words: [only]}",
        "flow:",
        "  name: echoes",
        "  pattern: linear",
        "  elements:",
        "    - fan_out: {name: say, over: words, task: Echo, argument: message, provides: said}",
        ""));
  }

  private static Map<String, Object> json(Cli.Result result) throws Exception {
    assertThat(result.exitCode()).as(result.toString()).isZero();
    @SuppressWarnings("unchecked")
    Map<String, Object> map = JSON.readValue(result.out(), Map.class);
    return map;
  }

  @Test
  void aResumedRunExpandsTheFanOutOverTheListItWasStartedWith() throws Exception {
    String file = Cli.write(dir, "paused.yaml", String.join("\n",
        "inputs: {words: [only]}",
        "flow:",
        "  name: paused",
        "  pattern: linear",
        "  elements:",
        "    - task: io.taskflow4j.cli.testtasks.SuspendHere",
        "      name: pause",
        "    - fan_out: {name: say, over: words, task: Echo, argument: message, provides: said}",
        ""));
    String store = "sqlite:" + dir.resolve("flows.db");
    FlowSource source = FlowFiles.source(Path.of(file));
    Map<String, Object> inputs = Map.of("words", List.of("x", "y", "z"));
    LoadedFlow loaded = new FlowAssembler(LocalTasks.factory(getClass().getClassLoader()))
        .assemble(FlowFiles.parse(source), inputs);
    String id;
    try (FlowStore opened = FlowStores.open(store);
        Engine engine = Engine.builder(loaded.flow()).inputs(inputs).store(opened)
            .flowMeta(RecordedFlows.META_KEY, RecordedFlows.metaWith(source, Map.of())).build()) {
      SuspendHere.ENGINE.set(engine);
      assertThat(engine.run()).isEqualTo(FlowState.SUSPENDED);
      id = engine.flowId();
    }

    Cli.Result resumed = Cli.run("resume", id, "--store", store);

    assertThat(resumed.exitCode()).as(resumed.toString()).isZero();
    try (FlowStore opened = FlowStores.open(store)) {
      assertThat(opened.flow(id).orElseThrow().state()).isEqualTo(FlowState.SUCCESS);
      assertThat(opened.atoms(id)).filteredOn(a -> a.name().equals("say-gather"))
          .singleElement().satisfies(a -> assertThat(a.results()).contains(List.of("x", "y", "z")));
    }
  }

  @Test
  void theFilesListGivesOneTaskPerItem() throws Exception {
    assertThat(json(Cli.run("run", echoEach()))).containsEntry("said", List.of("only"));
  }

  @Test
  void aListGivenWithSetReplacesTheFilesList() throws Exception {
    Map<String, Object> results = json(Cli.run("run", echoEach(), "--set", "words=[\"x\", \"y\", \"z\"]"));
    assertThat(results).containsEntry("said", List.of("x", "y", "z")).containsEntry("say-2", "z");
  }
}
