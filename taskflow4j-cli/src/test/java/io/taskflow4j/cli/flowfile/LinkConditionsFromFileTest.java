package io.taskflow4j.cli.flowfile;

import static org.assertj.core.api.Assertions.assertThat;

import io.taskflow4j.cli.testtasks.EvenResults;
import io.taskflow4j.flow.Decider;
import io.taskflow4j.flow.DeciderDepth;
import io.taskflow4j.flow.DeciderHistory;
import io.taskflow4j.flow.GraphFlow;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** A graph flow's links with a condition ({@code when}), a decider class and a depth. */
class LinkConditionsFromFileTest {

  private static String lines(String... lines) {
    return String.join("\n", lines) + "\n";
  }

  /** A graph flow with the tasks score, check, review and publish, a nested flow "later", then the links given. */
  private static String graph(String... links) {
    return lines(
            "flow:",
            "  name: g",
            "  pattern: graph",
            "  elements:",
            "    - {task: Echo, name: score, provides: s}",
            "    - {task: Echo, name: check, provides: c}",
            "    - {task: Echo, name: review}",
            "    - {task: Echo, name: publish}",
            "    - flow: {name: later, pattern: linear, elements: [{task: Echo, name: inner}]}",
            "  links:")
        + lines(links);
  }

  private static GraphFlow.Link onlyLink(String text) {
    GraphFlow flow = (GraphFlow) FlowFileErrorsTest.load("f", text, FlowFileFormat.YAML).flow();
    assertThat(flow.links()).hasSize(1);
    return flow.links().get(0);
  }

  private static Decider deciderOf(String link) {
    return onlyLink(graph(link)).decider().orElseThrow();
  }

  @Test
  void whenWithoutResultTestsTheResultOfTheLinksFrom() throws Exception {
    Decider decider = deciderOf("    - {from: score, to: review, when: {less_than: 50}}");

    assertThat(decider.shouldRun(DeciderHistory.of("score", 49))).isTrue();
    assertThat(decider.shouldRun(DeciderHistory.of("score", 50))).isFalse();
    assertThat(decider).hasToString("when score < 50");
  }

  @Test
  void everyComparisonIsReadIntoTheDecider() throws Exception {
    // written condition -> a result that satisfies it, and one that does not
    Map<String, List<Object>> cases = Map.of(
        "{equals: ok}", List.of("ok", "no"),
        "{not_equals: ok}", List.of("no", "ok"),
        "{in: [a, 2]}", List.of(2, 3),
        "{not_in: [a, 2]}", List.of(3, "a"),
        "{less_than: 2}", List.of(1.5, 2),
        "{at_most: 2}", List.of(2, 2.5),
        "{greater_than: 2}", List.of(2.5, 2),
        "{at_least: 2}", List.of(2, 1),
        "{is_true: }", List.of(true, false),
        "{is_false: true}", List.of(false, true));
    for (Map.Entry<String, List<Object>> each : cases.entrySet()) {
      Decider decider = deciderOf("    - {from: score, to: review, when: " + each.getKey() + "}");
      assertThat(decider.shouldRun(DeciderHistory.of("score", each.getValue().get(0)))).as(each.getKey()).isTrue();
      assertThat(decider.shouldRun(DeciderHistory.of("score", each.getValue().get(1)))).as(each.getKey()).isFalse();
    }
  }

  @Test
  void resultAndFieldNameTheAtomAndTheKeyTested() throws Exception {
    GraphFlow flow = (GraphFlow) FlowFileErrorsTest.load("f", graph(
        "    - {from: score, to: review, when: {greater_than: 0}}",
        "    - from: check",
        "      to: review",
        "      when: {result: score, field: n, equals: 1}",
        "      depth: Atom"), FlowFileFormat.YAML).flow();

    GraphFlow.Link second = flow.links().get(1);
    assertThat(second.depth()).isEqualTo(DeciderDepth.ATOM);
    assertThat(flow.links().get(0).depth()).as("the default depth").isEqualTo(DeciderDepth.ALL);
    Decider decider = second.decider().orElseThrow();
    assertThat(decider.shouldRun(DeciderHistory.of(Map.of("score", Map.of("n", 1), "check", "x")))).isTrue();
    assertThat(decider.shouldRun(DeciderHistory.of(Map.of("score", Map.of("n", 2), "check", "x")))).isFalse();
  }

  @Test
  void aLinkWithoutWhenOrDeciderAlwaysLetsTheElementRun() {
    assertThat(onlyLink(graph("    - {from: score, to: review}")).decider()).isEmpty();
  }

  @Test
  void deciderNamesAJavaClassThatTheLinkUses() throws Exception {
    GraphFlow.Link link = onlyLink(graph(
        "    - {from: score, to: review, decider: " + EvenResults.class.getName() + ", depth: neighbors}"));

    assertThat(link.decider().orElseThrow()).isInstanceOf(EvenResults.class);
    assertThat(link.depth()).isEqualTo(DeciderDepth.NEIGHBORS);
  }

  @Test
  void aConditionMayTestTheResultOfAnyTaskWhoseDecidingLinkLeadsToTheSameElement() {
    GraphFlow flow = (GraphFlow) FlowFileErrorsTest.load("f", graph(
        "    - {from: score, to: later, when: {result: check, equals: ok}}",
        "    - {from: check, to: later, decider: " + EvenResults.class.getName() + "}"),
        FlowFileFormat.YAML).flow();

    assertThat(flow.links()).extracting(link -> link.decider().isPresent()).containsExactly(true, true);
  }

  static Stream<Arguments> badLinks() {
    String even = EvenResults.class.getName();
    return Stream.of(
        Arguments.of(
            "unknown field in when, with a suggestion",
            graph("    - {from: score, to: review, when: {less_then: 5}}"),
            11, 40, "flow.links[0].when.less_then",
            "unknown field 'less_then' in a condition (did you mean 'less_than'?); the fields are: result,"
                + " field, equals, not_equals, in, not_in, less_than, at_most, greater_than, at_least, is_true,"
                + " is_false"),
        Arguments.of(
            "when without a test",
            graph("    - {from: score, to: review, when: {result: score}}"),
            11, 39, "flow.links[0].when",
            "a condition needs one test: equals, not_equals, in, not_in, less_than, at_most, greater_than,"
                + " at_least, is_true, is_false"),
        Arguments.of(
            "when with two tests",
            graph("    - {from: score, to: review, when: {equals: 1, less_than: 5}}"),
            11, 51, "flow.links[0].when.less_than",
            "a condition makes one test; this one has both 'equals' and 'less_than'"),
        Arguments.of(
            "when that is not an object",
            graph("    - {from: score, to: review, when: score < 5}"),
            11, 39, "flow.links[0].when", "expected an object (a condition on a result), got a string"),
        Arguments.of(
            "comparison with a string",
            graph("    - {from: score, to: review, when: {less_than: five}}"),
            11, 51, "flow.links[0].when.less_than",
            "less_than compares numbers; expected a number, got a string (five)"),
        Arguments.of(
            "in with an empty list",
            graph("    - {from: score, to: review, when: {in: []}}"),
            11, 44, "flow.links[0].when.in", "in needs at least one value to compare with"),
        Arguments.of(
            "not_in with a single value",
            graph("    - {from: score, to: review, when: {not_in: a}}"),
            11, 48, "flow.links[0].when.not_in", "expected a list, got a string (a)"),
        Arguments.of(
            "is_true with false",
            graph("    - {from: score, to: review, when: {is_true: false}}"),
            11, 49, "flow.links[0].when.is_true",
            "is_true takes no value (or true), got a boolean (false); write is_false for the opposite"),
        Arguments.of(
            "empty field",
            graph("    - {from: score, to: review, when: {field: '', equals: 1}}"),
            11, 47, "flow.links[0].when.field", "must not be empty"),
        Arguments.of(
            "result of an atom without a deciding link into the same element",
            graph("    - {from: score, to: review, when: {result: check, equals: 1}}"),
            11, 48, "flow.links[0].when.result",
            "the condition on the link score -> review (line 11) tests the result of 'check', which its decider"
                + " will not have: no link with a condition or decider goes from 'check' to 'review'; it can test"
                + " the result of 'score' (the tasks that links with a condition or decider into 'review' come"
                + " from)"),
        Arguments.of(
            "result of an unknown atom",
            graph("    - {from: score, to: review, when: {result: scor, equals: 1}}"),
            11, 48, "flow.links[0].when.result",
            "tests the result of 'scor', which is not an element of graph flow 'g' (did you mean 'score'?)"),
        Arguments.of(
            "condition on the result of a nested flow",
            graph("    - {from: later, to: review, when: {equals: 1}}"),
            11, 14, "flow.links[0].from",
            "the condition on the link later -> review (line 11) tests the result of 'later', a nested flow,"
                + " which has no result; a condition tests the result of a task that a link with a condition or"
                + " decider into 'review' comes from, and there is none"),
        Arguments.of(
            "when and decider together",
            graph("    - {from: score, to: review, when: {equals: 1}, decider: " + even + "}"),
            11, 52, "flow.links[0].decider",
            "a link has either 'when' (a condition on a result) or 'decider' (a Java class), not both"),
        Arguments.of(
            "depth without a decider",
            graph("    - {from: score, to: review, depth: atom}"),
            11, 33, "flow.links[0].depth",
            "'depth' says what a link's condition skips when it does not hold; this link has no 'when' or"
                + " 'decider'"),
        Arguments.of(
            "unknown depth",
            graph("    - {from: score, to: review, when: {equals: 1}, depth: deep}"),
            11, 59, "flow.links[0].depth",
            "unknown decider depth 'deep'; expected one of [ALL, FLOW, NEIGHBORS, ATOM] (any case)"),
        Arguments.of(
            "decider class not found",
            graph("    - {from: score, to: review, decider: com.acme.Nope}"),
            11, 42, "flow.links[0].decider",
            "unknown decider class 'com.acme.Nope'; give the full name of a class on the classpath that"
                + " implements io.taskflow4j.flow.Decider (add its jar or folder with --classpath)"),
        Arguments.of(
            "decider class that is not a decider",
            graph("    - {from: score, to: review, decider: io.taskflow4j.cli.testtasks.NoArgTask}"),
            11, 42, "flow.links[0].decider",
            "decider class io.taskflow4j.cli.testtasks.NoArgTask is not a decider: it does not implement"
                + " io.taskflow4j.flow.Decider"),
        Arguments.of(
            "decider class without a constructor without arguments",
            graph("    - {from: score, to: review, decider: io.taskflow4j.cli.testtasks.DeciderNeedingArgument}"),
            11, 42, "flow.links[0].decider",
            "decider class io.taskflow4j.cli.testtasks.DeciderNeedingArgument needs a public constructor"
                + " without arguments"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badLinks")
  void badConditionsAndDecidersAreReportedAtTheirField(
      String description, String yaml, int line, int column, String path, String message) {
    FlowFileException error = FlowFileErrorsTest.errorOf(yaml, FlowFileFormat.YAML);

    assertThat(error).as(description).isNotNull();
    assertThat(error.reason()).as(description).contains(message);
    assertThat(error.location()).as(description).hasValue(new SourceLocation("f", line, column, path));
  }

  @Test
  void conditionsAreReadFromJsonFilesToo() throws Exception {
    String json = "{\"flow\": {\"name\": \"g\", \"pattern\": \"graph\", \"elements\": ["
        + "{\"task\": \"Echo\", \"name\": \"a\"}, {\"task\": \"Echo\", \"name\": \"b\"}],"
        + " \"links\": [{\"from\": \"a\", \"to\": \"b\", \"when\": {\"in\": [1, \"x\"]}, \"depth\": \"FLOW\"}]}}";

    GraphFlow.Link link = ((GraphFlow) FlowFileErrorsTest.load("f.json", json, FlowFileFormat.JSON).flow()).links().get(0);

    assertThat(link.depth()).isEqualTo(DeciderDepth.FLOW);
    assertThat(link.decider().orElseThrow().toString()).isEqualTo("when a in [1, \"x\"]");
    for (Object value : List.of(1.0, "x")) {
      assertThat(link.decider().orElseThrow().shouldRun(DeciderHistory.of("a", value))).as("%s", value).isTrue();
    }
  }
}
