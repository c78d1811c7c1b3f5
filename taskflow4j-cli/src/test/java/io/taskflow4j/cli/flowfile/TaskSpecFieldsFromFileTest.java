package io.taskflow4j.cli.flowfile;

import static org.assertj.core.api.Assertions.assertThat;

import io.taskflow4j.task.Task;
import io.taskflow4j.task.TaskSpec;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** A task's priority, optional arguments and revert arguments, as written in a flow file. */
class TaskSpecFieldsFromFileTest {

  private static String lines(String... lines) {
    return String.join("\n", lines) + "\n";
  }

  private static final String HEAD = lines("flow:", "  name: x", "  pattern: linear", "  elements:");

  private static TaskSpec onlyTaskSpec(String task) {
    LoadedFlow loaded = FlowFileErrorsTest.load("f", HEAD + task, FlowFileFormat.YAML);
    return ((Task) loaded.flow().elements().get(0)).spec();
  }

  @Test
  void theNewFieldsAreWiredIntoTheTasksSpec() {
    TaskSpec spec = onlyTaskSpec(lines(
        "    - task: Echo",
        "      priority: -7",
        "      optional: [suffix, prefix]",
        "      revert_requires: booking_ref",
        "      revert_rebind: {reason: why}"));

    assertThat(spec.priority()).isEqualTo(-7);
    assertThat(spec.optional()).containsExactly("suffix", "prefix");
    assertThat(spec.revertRequires()).containsExactly("booking_ref");
    assertThat(spec.revertRebind()).containsExactly(Map.entry("reason", "why"));
    assertThat(spec.requires()).as("the class's own arguments stay").containsExactly("message");
    assertThat(spec.revertSpec().requires()).containsExactly("booking_ref", "reason");
  }

  @Test
  void theDeclarationKeepsTheFieldsAsWritten() {
    FlowFile file = FlowFiles.parse("f", HEAD + lines(
        "    - {task: Echo, priority: 1000, optional: a, revert_requires: [b, c], revert_rebind: {d: e}}"),
        FlowFileFormat.YAML);

    TaskDeclaration task = (TaskDeclaration) file.flow().elements().get(0);
    assertThat(task.priority()).hasValue(1000);
    assertThat(task.optional()).containsExactly("a");
    assertThat(task.revertRequires()).containsExactly("b", "c");
    assertThat(task.revertRebind()).containsExactly(Map.entry("d", "e"));
  }

  @Test
  void aTaskThatLeavesThemOutKeepsTheClassesOwn() {
    TaskSpec spec = onlyTaskSpec(lines("    - {task: Echo, name: plain}"));

    assertThat(spec.priority()).isZero();
    assertThat(spec.optional()).isEmpty();
    assertThat(spec.hasRevertArguments()).isFalse();
  }

  @Test
  void theClassesOwnPriorityAndRevertArgumentsSurviveTheFilesOtherFields() {
    TaskDeclaration declaration = new TaskDeclaration("Own", "renamed", Optional.empty(),
        Optional.empty(), Optional.empty(), Map.of(), Map.of(), Optional.empty(),
        List.of("extra"), List.of(), Map.of(), new SourceLocation("f", 1, 1, ""), new SourceLocation("f", 1, 1, ""));
    TaskSpec own = TaskSpec.builder("own").requires("a").priority(5).revertRequires("r").optional("o").build();

    TaskSpec merged = TaskSpecs.merge(own, declaration);

    assertThat(merged.name()).isEqualTo("renamed");
    assertThat(merged.priority()).isEqualTo(5);
    assertThat(merged.revertRequires()).containsExactly("r");
    assertThat(merged.optional()).containsExactly("o", "extra");
  }

  static Stream<Arguments> badFields() {
    return Stream.of(
        Arguments.of(
            "priority above the range",
            lines("    - {task: Echo, priority: 1001}"),
            5, 30, "flow.elements[0].priority", "expected a whole number from -1000 to 1000, got 1001"),
        Arguments.of(
            "priority that is not whole",
            lines("    - {task: Echo, priority: 1.5}"),
            5, 30, "flow.elements[0].priority", "expected a whole number from -1000 to 1000, got a number (1.5)"),
        Arguments.of(
            "priority as a word",
            lines("    - {task: Echo, priority: high}"),
            5, 30, "flow.elements[0].priority", "expected a whole number from -1000 to 1000, got a string (high)"),
        Arguments.of(
            "optional that is also required",
            lines("    - {task: Echo, requires: [a, b], optional: [c, b]}"),
            5, 52, "flow.elements[0].optional[1]", "'b' is listed under requires too"),
        Arguments.of(
            "optional listed twice",
            lines("    - {task: Echo, optional: [c, c]}"),
            5, 34, "flow.elements[0].optional[1]", "'c' is listed twice"),
        Arguments.of(
            "revert_requires that is a number",
            lines("    - {task: Echo, revert_requires: 5}"),
            5, 37, "flow.elements[0].revert_requires", "expected a name or a list of names, got a number (5)"),
        Arguments.of(
            "revert_rebind that is a list",
            lines("    - {task: Echo, revert_rebind: [a]}"),
            5, 35, "flow.elements[0].revert_rebind", "expected an object (a map of names), got a list"),
        Arguments.of(
            "revert_rebind to an empty name",
            lines("    - {task: Echo, revert_rebind: {a: ''}}"),
            5, 39, "flow.elements[0].revert_rebind.a", "must not be empty"),
        Arguments.of(
            "misspelt field",
            lines("    - {task: Echo, revert_require: a}"),
            5, 20, "flow.elements[0].revert_require",
            "unknown field 'revert_require' in a task (did you mean 'revert_requires'?)"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badFields")
  void badFieldsAreReportedAtTheField(
      String description, String task, int line, int column, String path, String message) {
    FlowFileException error = FlowFileErrorsTest.errorOf(HEAD + task, FlowFileFormat.YAML);

    assertThat(error).as(description).isNotNull();
    assertThat(error.reason()).as(description).contains(message);
    assertThat(error.location()).as(description).hasValue(new SourceLocation("f", line, column, path));
  }

  @Test
  void anOptionalArgumentTheClassRequiresIsReportedAtTheTask() {
    FlowFileException error = FlowFileErrorsTest.errorOf(
        HEAD + lines("    - {task: Echo, optional: message}"), FlowFileFormat.YAML);

    assertThat(error.reason()).contains("'message' both as required and as optional");
    assertThat(error.location()).hasValue(new SourceLocation("f", 5, 14, "flow.elements[0].task"));
  }
}
