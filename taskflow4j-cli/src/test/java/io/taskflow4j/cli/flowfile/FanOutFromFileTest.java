package io.taskflow4j.cli.flowfile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.taskflow4j.FlowElement;
import io.taskflow4j.engine.Engine;
import io.taskflow4j.examples.ExampleTasks;
import io.taskflow4j.flow.Flow;
import io.taskflow4j.persistence.FlowStore;
import io.taskflow4j.state.FlowState;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The fan_out element: a task per item of an input list, expanded with the run's inputs. */
class FanOutFromFileTest {

  private static String lines(String... lines) {
    return String.join("\n", lines) + "\n";
  }

  /** Adds ten to each number of the input 'numbers' with the example task Add. */
  private static final String ADD_TEN = lines(
      "inputs: {numbers: [1, 2, 3]}",
      "flow:",
      "  name: f",
      "  pattern: linear",
      "  elements:",
      "    - fan_out:",
      "        name: plus",
      "        over: numbers",
      "        task: Add",
      "        argument: a",
      "        inject: {b: 10}",
      "        provides: sums");

  private static FlowAssembler assembler() {
    return new FlowAssembler(new ClassTaskResolver(FanOutFromFileTest.class.getClassLoader(), ExampleTasks.byName()));
  }

  private static Object run(LoadedFlow loaded, Map<String, Object> inputs, String result) {
    try (Engine engine = Engine.builder(loaded.flow()).inputs(inputs).build()) {
      assertThat(engine.run()).isEqualTo(FlowState.SUCCESS);
      return engine.result(result).orElseThrow();
    }
  }

  private static FlowFileException errorOf(String yaml) {
    return catchThrowableOfType(FlowFileException.class,
        () -> assembler().assemble(FlowFiles.parse("f.yaml", yaml, FlowFileFormat.YAML)));
  }

  @Test
  void aFanOutRunsTheTaskOncePerItemOfTheInputListAndGathersTheResults() {
    LoadedFlow loaded = assembler().assemble(FlowFiles.parse("f.yaml", ADD_TEN, FlowFileFormat.YAML));
    assertThat(run(loaded, loaded.inputs(), "sums")).isEqualTo(List.of(11L, 12L, 13L));
    Flow items = (Flow) ((Flow) loaded.flow().elements().get(0)).elements().get(0);
    assertThat(items.elements()).extracting(FlowElement::name).containsExactly("plus-0", "plus-1", "plus-2");
    assertThat(loaded.locationOf("plus-2").orElseThrow().path()).isEqualTo("flow.elements[0].fan_out");
  }

  @Test
  void theRunsInputsDecideTheItems() {
    FlowFile parsed = FlowFiles.parse("f.yaml", ADD_TEN, FlowFileFormat.YAML);
    Map<String, Object> inputs = Map.of("numbers", List.of(5, 6));
    LoadedFlow loaded = assembler().assemble(parsed, inputs);
    assertThat(run(loaded, inputs, "sums")).isEqualTo(List.of(15L, 16L));
  }

  @Test
  void aFanOutIsWrittenTheSameWayInJson() {
    String json = "{\"inputs\": {\"words\": [\"a\", \"b\"]}, \"flow\": {\"name\": \"f\", \"pattern\": \"unordered\","
        + " \"elements\": [{\"fan_out\": {\"over\": \"words\", \"task\": \"Echo\", \"argument\": \"message\","
        + " \"provides\": \"echoed\"}}]}}";
    LoadedFlow loaded = assembler().assemble(FlowFiles.parse("f.json", json, FlowFileFormat.JSON));
    assertThat(run(loaded, loaded.inputs(), "echoed")).isEqualTo(List.of("a", "b"));
    assertThat(((Flow) loaded.flow().elements().get(0)).name()).as("named after its task by default").isEqualTo("Echo");
  }

  @Test
  void aRecordedRunsInputsAreReadBackForResuming() {
    FlowStore store = FlowStore.inMemory();
    FlowFile parsed = FlowFiles.parse("f.yaml", ADD_TEN, FlowFileFormat.YAML);
    Map<String, Object> inputs = Map.of("numbers", List.of(7, 8, 9, 10));
    String id;
    try (Engine engine = Engine.builder(assembler().assemble(parsed, inputs).flow()).inputs(inputs).store(store).build()) {
      id = engine.flowId();
      assertThat(engine.run()).isEqualTo(FlowState.SUCCESS);
    }
    assertThat(RecordedInputs.of(store, id)).isEqualTo(inputs);
    assertThat(RecordedInputs.of(store, "no-such-flow")).isEmpty();
  }

  @Test
  void anInputThatIsMissingOrNotAListIsReportedAtOver() {
    FlowFileException missing = errorOf(ADD_TEN.replace("over: numbers", "over: nums"));
    assertThat(missing.getMessage())
        .contains("f.yaml:8:15: flow.elements[0].fan_out.over:")
        .contains("fan-out 'plus' is over 'nums', which no input gives");
    FlowFileException notAList = errorOf(ADD_TEN.replace("numbers: [1, 2, 3]", "numbers: 3"));
    assertThat(notAList.getMessage())
        .contains("flow.elements[0].fan_out.over:")
        .contains("'numbers', which is a JSON number, not a list");
  }

  @Test
  void anEmptyListIsReportedAtTheFanOut() {
    FlowFileException empty = errorOf(ADD_TEN.replace("numbers: [1, 2, 3]", "numbers: []"));
    assertThat(empty.getMessage())
        .contains("f.yaml:7:9: flow.elements[0].fan_out:")
        .contains("fan-out 'plus' has no items")
        .contains("the input 'numbers'");
  }

  @Test
  void schemaMistakesInAFanOutNameTheField() {
    assertThat(errorOf(ADD_TEN.replace("provides: sums", "provide: sums")).getMessage())
        .contains("flow.elements[0].fan_out.provide: unknown field 'provide' in a fan-out (did you mean 'provides'?)");
    assertThat(errorOf(ADD_TEN.replace("        provides: sums", "        provides: sums\n      name: x")).getMessage())
        .contains("flow.elements[0].name: a fan-out element has only the field 'fan_out'");
    assertThat(errorOf(ADD_TEN.replace("        over: numbers\n", "")).getMessage())
        .contains("flow.elements[0].fan_out: a fan-out needs the field 'over'");
    assertThat(errorOf(ADD_TEN.replace("task: Add", "task: Ad")).getMessage())
        .contains("f.yaml:9:15: flow.elements[0].fan_out.task: unknown task 'Ad'");
  }

  @Test
  void anItemNameTakenByAnotherElementIsReportedWithBothPlaces() {
    String clash = ADD_TEN + lines("    - {task: Echo, name: plus-1, inject: {message: hi}}");
    assertThat(errorOf(clash).getMessage())
        .contains("flow.elements[1]:")
        .contains("the task name 'plus-1' is already used at line 7");
  }
}
