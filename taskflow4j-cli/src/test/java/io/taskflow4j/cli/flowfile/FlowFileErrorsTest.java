package io.taskflow4j.cli.flowfile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.taskflow4j.examples.ExampleTasks;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class FlowFileErrorsTest {

  @TempDir Path dir;

  static LoadedFlow load(String file, String text, FlowFileFormat format) {
    FlowFile parsed = FlowFiles.parse(file, text, format);
    return new FlowAssembler(
            new ClassTaskResolver(FlowFileErrorsTest.class.getClassLoader(), ExampleTasks.byName()))
        .assemble(parsed);
  }

  static FlowFileException errorOf(String text, FlowFileFormat format) {
    return catchThrowableOfType(FlowFileException.class, () -> load("f", text, format));
  }

  private static String lines(String... lines) {
    return String.join("\n", lines) + "\n";
  }

  private static final String HEAD = lines("flow:", "  name: x", "  pattern: linear", "  elements:");

  static Stream<Arguments> badYaml() {
    return Stream.of(
        Arguments.of(
            "yaml syntax error",
            HEAD + lines("    - task: Add", "   - task: Echo"),
            6, 4, "flow", "invalid YAML: "),
        Arguments.of(
            "unknown field with a suggestion",
            HEAD + lines("    - task: Add", "      provide: sum"),
            6, 7, "flow.elements[0].provide",
            "unknown field 'provide' in a task (did you mean 'provides'?); the fields are: task,"),
        Arguments.of(
            "unknown top-level field",
            lines("input: {a: 1}", "flow: {}"),
            1, 1, "input", "unknown field 'input' in the top level of a flow file (did you mean 'inputs'?)"),
        Arguments.of(
            "number where names are expected",
            HEAD + lines("    - task: Add", "      requires: 5"),
            6, 17, "flow.elements[0].requires", "expected a name or a list of names, got a number (5)"),
        Arguments.of(
            "string where a whole number is expected",
            lines("flow:", "  name: x", "  pattern: linear", "  retry:", "    kind: times",
                "    attempts: three", "  elements: [{task: Echo}]"),
            6, 15, "flow.retry.attempts", "expected a whole number from 1, got a string (three)"),
        Arguments.of(
            "zero attempts",
            lines("flow:", "  name: x", "  pattern: linear", "  retry: {kind: times, attempts: 0}",
                "  elements: [{task: Echo}]"),
            4, 34, "flow.retry.attempts", "expected a whole number from 1, got 0"),
        Arguments.of(
            "missing required field",
            lines("flow:", "  name: x", "  elements: [{task: Echo}]"),
            2, 3, "flow", "a flow needs the field 'pattern'"),
        Arguments.of(
            "missing flow",
            lines("inputs: {a: 1}"),
            1, 1, "", "a flow file needs the field 'flow'"),
        Arguments.of(
            "unknown pattern",
            lines("flow:", "  name: x", "  pattern: lineer", "  elements: [{task: Echo}]"),
            3, 12, "flow.pattern", "unknown pattern 'lineer' (did you mean 'linear'?)"),
        Arguments.of(
            "unknown task",
            HEAD + lines("    - task: Ad"),
            5, 13, "flow.elements[0].task", "unknown task 'Ad' (did you mean 'Add'?)"),
        Arguments.of(
            "class that is not a task",
            HEAD + lines("    - task: java.lang.String"),
            5, 13, "flow.elements[0].task", "class java.lang.String is not a task"),
        Arguments.of(
            "abstract task class",
            HEAD + lines("    - task: io.taskflow4j.task.AbstractTask"),
            5, 13, "flow.elements[0].task", "task class io.taskflow4j.task.AbstractTask is abstract"),
        Arguments.of(
            "task class without a usable constructor",
            HEAD + lines("    - task: io.taskflow4j.cli.testtasks.NoUsableConstructor"),
            5, 13, "flow.elements[0].task",
            "needs a public constructor taking the task's name (String)"),
        Arguments.of(
            "task class whose constructor throws",
            HEAD + lines("    - task: io.taskflow4j.cli.testtasks.ThrowingConstructor", "      name: db"),
            5, 13, "flow.elements[0].task",
            "creating task class io.taskflow4j.cli.testtasks.ThrowingConstructor failed:"
                + " java.lang.IllegalStateException: no database configured for db"),
        Arguments.of(
            "cycle",
            lines("flow:", "  name: g", "  pattern: graph", "  elements:",
                "    - {task: Echo, name: a, rebind: {message: y}, provides: x}",
                "    - {task: Echo, name: b, rebind: {message: x}, provides: y}"),
            5, 7, "flow.elements[0]", "cycle in flow 'g' between 'a', 'b'"),
        Arguments.of(
            "cycle through links",
            lines("flow:", "  name: g", "  pattern: graph", "  elements:",
                "    - {task: Undoable, name: a}", "    - {task: Undoable, name: b}",
                "  links:", "    - {from: a, to: b}", "    - {from: b, to: a}"),
            9, 14, "flow.links[1].from",
            "cycle in flow 'g' between 'a', 'b', made by the links a -> b (line 8), b -> a (line 9)"),
        Arguments.of(
            "cycle through a link and data",
            lines("flow:", "  name: g", "  pattern: graph", "  elements:",
                "    - {task: Echo, name: a, provides: x}",
                "    - {task: Echo, name: b, rebind: {message: x}}",
                "  links:", "    - {from: b, to: a}"),
            8, 14, "flow.links[0].from", "made by the links b -> a (line 8)"),
        Arguments.of(
            "name used twice",
            HEAD + lines("    - task: Echo", "    - task: Echo"),
            6, 7, "flow.elements[1]", "the task name 'Echo' is already used at line 5 (flow.elements[0])"),
        Arguments.of(
            "task named like a flow",
            HEAD + lines("    - task: Echo", "      name: x"),
            5, 7, "flow.elements[0]", "the task name 'x' is already used at line 2 (flow)"),
        Arguments.of(
            "links in a linear flow",
            HEAD + lines("    - task: Echo", "  links: []"),
            6, 3, "flow.links", "links are only allowed in graph flows; flow 'x' is linear"),
        Arguments.of(
            "link to an unknown element",
            lines("flow:", "  name: g", "  pattern: graph", "  elements:",
                "    - {task: Undoable, name: a}", "    - {task: Undoable, name: b}",
                "  links:", "    - {from: a, to: bb}"),
            8, 21, "flow.links[0].to",
            "graph flow 'g' has no element named 'bb' (did you mean 'b'?); links join the flow's own"
                + " elements: a, b"),
        Arguments.of(
            "link to itself",
            lines("flow:", "  name: g", "  pattern: graph", "  elements: [{task: Undoable, name: a}]",
                "  links: [{from: a, to: a}]"),
            5, 25, "flow.links[0].to", "a link cannot go from 'a' to itself"),
        Arguments.of(
            "element that is neither task nor flow",
            HEAD + lines("    - tsk: Echo"),
            5, 7, "flow.elements[0]",
            "an element needs 'task' (a task class), 'flow' (a nested flow) or 'fan_out' (a task per item of an input list); found 'tsk'"
                + " (did you mean 'task'?)"),
        Arguments.of(
            "element that is both",
            HEAD + lines("    - task: Echo", "      flow: {}"),
            6, 7, "flow.elements[0].flow", "either a task (with 'task') or a nested flow"),
        Arguments.of(
            "nested flow element with fields beside flow",
            HEAD + lines("    - flow: {name: y, pattern: linear, elements: [{task: Echo}]}", "      name: y"),
            6, 7, "flow.elements[0].name", "a nested flow element has only the field 'flow'"),
        Arguments.of(
            "error inside a nested flow",
            HEAD + lines("    - flow:", "        name: inner", "        pattern: unordered",
                "        elements: {task: Echo}"),
            8, 19, "flow.elements[0].flow.elements", "expected a list, got an object"),
        Arguments.of(
            "document that is a list",
            lines("- flow: {}"),
            1, 1, "", "expected an object (the file), got a list"),
        Arguments.of(
            "flow without elements",
            lines("flow: {name: x, pattern: linear, elements: []}"),
            1, 44, "flow.elements", "a flow needs at least one element"),
        Arguments.of(
            "unknown retry kind",
            lines("flow:", "  name: x", "  pattern: linear", "  retry: {kind: for-each}",
                "  elements: [{task: Echo}]"),
            4, 17, "flow.retry.kind", "unknown retry kind 'for-each' (did you mean 'for_each'?)"),
        Arguments.of(
            "field of another retry kind",
            lines("flow:", "  name: x", "  pattern: linear", "  retry: {kind: times, attempts: 2, values: [1]}",
                "  elements: [{task: Echo}]"),
            4, 37, "flow.retry.values", "unknown field 'values' in a times retry"),
        Arguments.of(
            "for_each without values",
            lines("flow:", "  name: x", "  pattern: linear", "  retry: {kind: for_each, values: [], provides: v}",
                "  elements: [{task: Echo}]"),
            4, 35, "flow.retry.values", "a for_each retry needs at least one value"),
        Arguments.of(
            "for_each without provides",
            lines("flow:", "  name: x", "  pattern: linear", "  retry: {kind: for_each, values: [1]}",
                "  elements: [{task: Echo}]"),
            4, 10, "flow.retry", "a for_each retry needs the field 'provides'"),
        Arguments.of(
            "bad on_exhausted",
            lines("flow:", "  name: x", "  pattern: linear",
                "  retry: {kind: times, attempts: 2, on_exhausted: explode}", "  elements: [{task: Echo}]"),
            4, 51, "flow.retry.on_exhausted", "unknown value 'explode'; use revert (the default) or revert_all"),
        Arguments.of(
            "growing backoff without max",
            lines("flow:", "  name: x", "  pattern: linear",
                "  retry: {kind: always_revert, backoff: {initial: 1s, multiplier: 2}}",
                "  elements: [{task: Echo}]"),
            4, 41, "flow.retry.backoff", "a backoff with a multiplier above 1 needs 'max'"),
        Arguments.of(
            "duration that is not one",
            lines("flow:", "  name: x", "  pattern: linear",
                "  retry: {kind: always_revert, backoff: {initial: soon}}", "  elements: [{task: Echo}]"),
            4, 51, "flow.retry.backoff.initial", "'soon' is not a duration"),
        Arguments.of(
            "max shorter than initial",
            lines("flow:", "  name: x", "  pattern: linear",
                "  retry: {kind: always_revert, backoff: {initial: 2s, max: 500ms}}",
                "  elements: [{task: Echo}]"),
            4, 60, "flow.retry.backoff.max", "max (PT0.5S) is shorter than initial (PT2S)"),
        Arguments.of(
            "multiplier below one",
            lines("flow:", "  name: x", "  pattern: linear",
                "  retry: {kind: always_revert, backoff: {initial: 1s, multiplier: 0.5, max: 2s}}",
                "  elements: [{task: Echo}]"),
            4, 67, "flow.retry.backoff.multiplier", "the multiplier must be a number of at least 1"),
        Arguments.of(
            "inject that is not a map",
            HEAD + lines("    - task: Echo", "      inject: [1]"),
            6, 15, "flow.elements[0].inject", "expected an object (a map of values), got a list"),
        Arguments.of(
            "rebind to a number",
            HEAD + lines("    - task: Echo", "      rebind: {message: 1}"),
            6, 25, "flow.elements[0].rebind.message", "expected a string, got a number (1)"),
        Arguments.of(
            "provides listing a name twice",
            HEAD + lines("    - task: Echo", "      provides: [a, a]"),
            6, 21, "flow.elements[0].provides[1]", "'a' is listed twice"),
        Arguments.of(
            "empty name",
            HEAD + lines("    - task: Echo", "      name: ''"),
            6, 13, "flow.elements[0].name", "must not be empty"),
        Arguments.of(
            "version that is a list",
            HEAD + lines("    - task: Echo", "      version: [1]"),
            6, 16, "flow.elements[0].version", "expected a string, got a list"),
        Arguments.of(
            "duplicate key",
            lines("flow:", "  name: x", "  name: y"),
            3, 3, "flow.name", "duplicate field 'name' (first given at line 2)"),
        Arguments.of(
            "alias",
            lines("inputs:", "  a: &shared [1, 2]", "  b: *shared", "flow: {}"),
            3, 6, "inputs.b", "YAML aliases (*shared) are not supported"),
        Arguments.of(
            "second document",
            lines("flow: {}", "---", "flow: {}"),
            3, 1, "", "found a second YAML document"),
        Arguments.of("empty file", "", 1, 1, "", "the file is empty"),
        Arguments.of(
            "nesting too deep",
            "inputs: {x: " + "[".repeat(70) + "]".repeat(70) + "}\n",
            1, 75, "inputs.x" + "[0]".repeat(62), "nested more than 64 levels deep"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badYaml")
  void badYamlIsReportedWithLineColumnAndFieldPath(
      String description, String yaml, int line, int column, String path, String message) {
    FlowFileException error = errorOf(yaml, FlowFileFormat.YAML);

    assertThat(error).as(description + ": no error for\n" + yaml).isNotNull();
    assertThat(error.reason()).contains(message);
    assertThat(error.location()).hasValue(new SourceLocation("f", line, column, path));
    assertThat(error.getMessage())
        .startsWith("f:" + line + ":" + column + ": " + (path.isEmpty() ? "(top level)" : path) + ": ");
  }

  static Stream<Arguments> badJson() {
    return Stream.of(
        Arguments.of(
            "json syntax error", "{\"flow\": {\"name\": \"x\",, }}", 1, 23, "flow", "invalid JSON: "),
        Arguments.of(
            "json unknown field",
            "{\n  \"flow\": {\n    \"name\": \"x\",\n    \"patern\": \"linear\"\n  }\n}",
            4, 5, "flow.patern", "unknown field 'patern' in a flow (did you mean 'pattern'?)"),
        Arguments.of(
            "json wrong type",
            "{\"flow\": {\"name\": \"x\", \"pattern\": \"linear\", \"elements\": [{\"task\": \"Add\", \"requires\": {\"a\": 1}}]}}",
            1, 86, "flow.elements[0].requires", "expected a name or a list of names, got an object"),
        Arguments.of(
            "json trailing content", "{\"flow\": {}} {}", 1, 14, "", "found more content after the end"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badJson")
  void badJsonIsReportedWithLineColumnAndFieldPath(
      String description, String json, int line, int column, String path, String message) {
    FlowFileException error = errorOf(json, FlowFileFormat.JSON);

    assertThat(error).as(description).isNotNull();
    assertThat(error.reason()).contains(message);
    assertThat(error.location()).hasValue(new SourceLocation("f", line, column, path));
  }

  @Test
  void fileLargerThanTheLimitIsRefusedBeforeParsing() throws Exception {
    Path big = dir.resolve("big.yaml");
    Files.writeString(big, "# " + "x".repeat(FlowFiles.MAX_FILE_SIZE) + "\n");

    FlowFileException error = catchThrowableOfType(FlowFileException.class, () -> FlowFiles.read(big));

    assertThat(error.getMessage()).isEqualTo(big + ": is larger than 4 MiB, the limit for flow files");
    assertThat(error.location()).isEmpty();
  }

  @Test
  void fileWithTooManyValuesIsRefused() {
    String many = "inputs: {x: [" + "1,".repeat(TreeReader.MAX_VALUES) + "1]}\n";

    FlowFileException error = errorOf(many, FlowFileFormat.YAML);

    assertThat(error.reason()).contains("more than " + TreeReader.MAX_VALUES + " values");
  }

  @Test
  void longStringsAreRefusedByTheReadLimits() {
    String huge = "{\"inputs\": {\"x\": \"" + "y".repeat(1024 * 1024 + 1) + "\"}}";

    FlowFileException error = errorOf(huge, FlowFileFormat.JSON);

    assertThat(error.reason()).contains("invalid JSON").containsIgnoringCase("String value length");
  }

  @Test
  void longStringsAreRefusedInYamlToo() {
    String huge = "inputs: {x: " + "y".repeat(TreeReader.MAX_STRING_LENGTH + 1) + "}\n";

    FlowFileException error = errorOf(huge, FlowFileFormat.YAML);

    assertThat(error.reason()).isEqualTo("a string of 1048577 characters; the limit is 1048576");
    assertThat(error.location().orElseThrow().path()).isEqualTo("inputs.x");
  }

  @Test
  void missingFileAndUnknownExtensionAreNamed() throws Exception {
    Path missing = dir.resolve("nope.yaml");
    Path text = Files.writeString(dir.resolve("flow.txt"), "flow: {}");

    assertThat(catchThrowableOfType(FlowFileException.class, () -> FlowFiles.read(missing)))
        .hasMessage(missing + ": no such file");
    assertThat(catchThrowableOfType(FlowFileException.class, () -> FlowFiles.read(text)))
        .hasMessage(text + ": unknown kind of flow file; its name must end in .yaml, .yml or .json");
  }

  @Test
  void invalidUtf8IsRefused() throws Exception {
    Path file = Files.write(dir.resolve("latin.yaml"), new byte[] {'a', ':', ' ', (byte) 0xe9, '\n'});

    assertThat(catchThrowableOfType(FlowFileException.class, () -> FlowFiles.read(file)))
        .hasMessage(file + ": is not UTF-8 text");
  }
}
