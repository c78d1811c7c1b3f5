package io.taskflow4j.cli.flowfile;

import static org.assertj.core.api.Assertions.assertThat;

import io.taskflow4j.FlowElement;
import io.taskflow4j.engine.FlowGraph;
import io.taskflow4j.flow.Flow;
import io.taskflow4j.flow.GraphFlow;
import io.taskflow4j.flow.LinearFlow;
import io.taskflow4j.flow.UnorderedFlow;
import io.taskflow4j.retry.Backoff;
import io.taskflow4j.task.Task;
import io.taskflow4j.task.TaskSpec;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FlowFileSchemaTest {

  private static final String FULL =
      String.join(
          "\n",
          "inputs:",
          "  base: 10",
          "  tags: [a, b]",
          "  nothing: null",
          "flow:",
          "  name: root",
          "  pattern: graph",
          "  retry:",
          "    kind: times",
          "    name: root-attempts",
          "    attempts: 3",
          "    on_exhausted: revert_all",
          "    backoff: {initial: 0.5, multiplier: 2, max: 1m}",
          "  elements:",
          "    - task: Add",
          "      name: add",
          "      version: 1.10",
          "      requires: extra",
          "      provides: [sum]",
          "      rebind: {a: base}",
          "      inject: {b: 5}",
          "    - flow:",
          "        name: fan",
          "        pattern: unordered",
          "        retry: {kind: for_each, values: [1, two, {three: 3}], provides: v, backoff: {initial: 250ms}}",
          "        elements:",
          "          - task: Echo",
          "          - task: Undoable",
          "    - flow:",
          "        name: line",
          "        pattern: linear",
          "        retry: {kind: parameterized_for_each, values_from: tags, provides: tag}",
          "        elements:",
          "          - {task: Sleep, inject: {seconds: 0}}",
          "          - flow:",
          "              name: deep",
          "              pattern: linear",
          "              retry: {kind: always_revert, backoff: {initial: PT1S}}",
          "              elements: [{task: Fail, name: f1, inject: {message: m}}]",
          "          - flow:",
          "              name: deeper",
          "              pattern: linear",
          "              retry: {kind: always_revert_all}",
          "              elements: [{task: io.taskflow4j.cli.testtasks.NoArgTask, inject: {x: 1}}]",
          "  links:",
          "    - {from: fan, to: line}",
          "");

  private static LoadedFlow loadFull() {
    return FlowFileErrorsTest.load("full.yaml", FULL, FlowFileFormat.YAML);
  }

  private static FlowElement element(Flow flow, String name) {
    return flow.elements().stream().filter(e -> e.name().equals(name)).findFirst().orElseThrow();
  }

  @Test
  void everyPartOfTheSchemaIsRead() {
    FlowFile file = FlowFiles.parse("full.yaml", FULL, FlowFileFormat.YAML);

    assertThat(file.inputs().keySet()).containsExactly("base", "tags", "nothing");
    assertThat(file.inputs())
        .containsEntry("base", 10)
        .containsEntry("tags", List.of("a", "b"))
        .containsEntry("nothing", null);
    FlowDeclaration root = file.flow();
    assertThat(root.name()).isEqualTo("root");
    assertThat(root.pattern()).isEqualTo(FlowPattern.GRAPH);
    assertThat(root.location()).isEqualTo(new SourceLocation("full.yaml", 6, 3, "flow"));
    assertThat(root.retry().orElseThrow().kind()).isEqualTo("times");
    assertThat(root.retry().orElseThrow().retry().name()).hasValue("root-attempts");
    assertThat(root.retry().orElseThrow().retry().backoff())
        .hasValue(new Backoff(Duration.ofMillis(500), 2.0, Duration.ofMinutes(1)));

    TaskDeclaration add = (TaskDeclaration) root.elements().get(0);
    assertThat(add.task()).isEqualTo("Add");
    assertThat(add.version()).hasValue("1.10");
    assertThat(add.requires()).hasValue(List.of("extra"));
    assertThat(add.provides()).hasValue(List.of("sum"));
    assertThat(add.rebind()).containsExactly(Map.entry("a", "base"));
    assertThat(add.inject()).containsExactly(Map.entry("b", 5));
    assertThat(add.taskLocation()).isEqualTo(new SourceLocation("full.yaml", 15, 13, "flow.elements[0].task"));

    FlowDeclaration fan = (FlowDeclaration) root.elements().get(1);
    assertThat(fan.pattern()).isEqualTo(FlowPattern.UNORDERED);
    assertThat(fan.retry().orElseThrow().retry().provides()).hasValue("v");
    assertThat(fan.retry().orElseThrow().retry().backoff())
        .hasValue(Backoff.fixed(Duration.ofMillis(250)));
    TaskDeclaration echo = (TaskDeclaration) fan.elements().get(0);
    assertThat(echo.name()).as("a task's name defaults to its task").isEqualTo("Echo");
    assertThat(echo.provides()).isEmpty();
    assertThat(echo.location().path()).isEqualTo("flow.elements[1].flow.elements[0]");

    FlowDeclaration line = (FlowDeclaration) root.elements().get(2);
    assertThat(line.retry().orElseThrow().retry().requires()).containsExactly("tags");
    FlowDeclaration deep = (FlowDeclaration) line.elements().get(1);
    assertThat(deep.retry().orElseThrow().retry().backoff()).hasValue(Backoff.fixed(Duration.ofSeconds(1)));

    assertThat(root.links()).hasSize(1);
    assertThat(root.links().get(0).from()).isEqualTo("fan");
    assertThat(root.links().get(0).to()).isEqualTo("line");
  }

  @Test
  void assembledFlowHasThePatternsNestingRetriesAndSpecsOfTheFile() {
    LoadedFlow loaded = loadFull();
    Flow root = loaded.flow();

    assertThat(root).isInstanceOf(GraphFlow.class);
    assertThat(root.retryName()).hasValue("root-attempts");
    Flow fan = (Flow) element(root, "fan");
    Flow line = (Flow) element(root, "line");
    assertThat(fan).isInstanceOf(UnorderedFlow.class);
    assertThat(line).isInstanceOf(LinearFlow.class);
    assertThat(fan.retryName()).hasValue("fan-retry");
    assertThat(((GraphFlow) root).links()).containsExactly(new GraphFlow.Link(fan, line));
    assertThat(((Flow) element(line, "deep")).retryController()).isPresent();

    TaskSpec add = ((Task) element(root, "add")).spec();
    assertThat(add.version()).isEqualTo("1.10");
    assertThat(add.requires()).as("the class's requires, then the file's").containsExactly("a", "b", "extra");
    assertThat(add.provides()).containsExactly("sum");
    assertThat(add.rebind()).containsExactly(Map.entry("a", "base"));
    assertThat(add.inject()).containsExactly(Map.entry("b", 5));
    assertThat(((Task) element(root, "add")).remoteName()).isEqualTo("io.taskflow4j.examples.Add");

    assertThat(loaded.locationOf("fan-retry")).hasValueSatisfying(l -> assertThat(l.path()).isEqualTo("flow.elements[1].flow.retry"));
    assertThat(loaded.locationOf("Undoable")).hasValueSatisfying(l -> assertThat(l.line()).isEqualTo(28));
    assertThat(loaded.inputs()).containsKey("nothing");
  }

  @Test
  void taskWithOnlyANoArgumentConstructorTakesTheFileNameAndKeepsItsOwnProvides() {
    LoadedFlow loaded = loadFull();
    Flow deeper = (Flow) element((Flow) element(loaded.flow(), "line"), "deeper");

    Task task = (Task) deeper.elements().get(0);

    assertThat(task.name()).isEqualTo("io.taskflow4j.cli.testtasks.NoArgTask");
    assertThat(task.spec().requires()).containsExactly("x");
    assertThat(task.spec().provides()).containsExactly("own");
  }

  @Test
  void taskWhoseSpecIsUnchangedIsTheInstanceItself() {
    LoadedFlow loaded =
        FlowFileErrorsTest.load(
            "f", "flow: {name: f, pattern: linear, elements: [{task: Echo, name: e}]}", FlowFileFormat.YAML);

    assertThat(loaded.flow().elements().get(0)).isInstanceOf(io.taskflow4j.examples.Echo.class);
  }

  @Test
  void yamlAndJsonExamplesDescribeTheSameFlow() {
    String examples = System.getProperty("taskflow.examples", "../examples");
    FlowAssembler assembler =
        new FlowAssembler(
            new ClassTaskResolver(getClass().getClassLoader(), io.taskflow4j.examples.ExampleTasks.byName()));

    LoadedFlow yaml = assembler.assemble(FlowFiles.read(Path.of(examples, "pipeline.yaml")));
    LoadedFlow json = assembler.assemble(FlowFiles.read(Path.of(examples, "pipeline.json")));

    assertThat(FlowGraph.of(json.flow())).isEqualTo(FlowGraph.of(yaml.flow()));
    assertThat(json.inputs()).isEqualTo(yaml.inputs());
    assertThat(json.locations().keySet()).isEqualTo(yaml.locations().keySet());
  }

  @Test
  void durationsAcceptSecondsUnitsAndIsoForms() {
    for (String[] pair :
        Arrays.asList(
            new String[] {"2", "PT2S"},
            new String[] {"1.5", "PT1.5S"},
            new String[] {"750ms", "PT0.75S"},
            new String[] {"3s", "PT3S"},
            new String[] {"2m", "PT2M"},
            new String[] {"1h", "PT1H"},
            new String[] {"PT0.1S", "PT0.1S"})) {
      String yaml =
          "flow: {name: f, pattern: linear, retry: {kind: always_revert, backoff: {initial: "
              + pair[0]
              + "}}, elements: [{task: Echo}]}";

      FlowFile file = FlowFiles.parse("f", yaml, FlowFileFormat.YAML);

      assertThat(file.flow().retry().orElseThrow().retry().backoff().orElseThrow().initial())
          .as(pair[0])
          .isEqualTo(Duration.parse(pair[1]));
    }
  }
}
