package io.taskflow4j.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.taskflow4j.engine.FlowSymbols;
import io.taskflow4j.flow.Flow;
import io.taskflow4j.flow.FlowDefinitionException;
import io.taskflow4j.flow.UnorderedFlow;
import io.taskflow4j.retry.Retry;
import io.taskflow4j.retry.RetryController;
import io.taskflow4j.retry.RetryDecision;
import io.taskflow4j.retry.RetryHistory;
import io.taskflow4j.task.LambdaTaskBuilder;
import io.taskflow4j.task.Task;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Scenarios of the reference's {@code test_flow_dependencies.py}, in our words: what a task or a
 * flow of each pattern requires from outside and what it provides, as {@link FlowSymbols} tells
 * from the compiled flow (the reference's {@code requires} and {@code provides} properties).
 * {@code docs/conformance.md} maps them.
 *
 * <p>Our atoms and flows need unique names, so tasks the reference leaves to their default (and
 * equal) names are named here. The reference rebinds by position ({@code rebind=['a']} binds the
 * first argument); ours names the argument.
 */
class FlowDependenciesConformanceTest {

  static Stream<Named<Function<String, Flow>>> patterns() {
    return Stream.of(
        Named.of("linear", Flow::linear), Named.of("unordered", Flow::unordered), Named.of("graph", Flow::graph));
  }

  static Stream<Named<Function<String, Flow>>> linearAndUnordered() {
    return patterns().limit(2);
  }

  /** A task that does nothing, to be given requirements and provides. */
  private static LambdaTaskBuilder task(String name) {
    return Task.builder(name).execute(ctx -> null);
  }

  private static Task oneArg(String name) {
    return task(name).requires("x").build();
  }

  private static Task multiArg(String name) {
    return task(name).requires("x", "y", "z").build();
  }

  private static FlowSymbols symbols(Flow flow) {
    return FlowSymbols.of(flow);
  }

  /** A task's symbols: those of a linear flow holding it alone. */
  private static FlowSymbols alone(Task task) {
    return FlowSymbols.of(Flow.linear("lf").add(task));
  }

  private static void assertSymbols(FlowSymbols symbols, List<String> requires, List<String> provides) {
    assertThat(symbols.requires()).as("requires").containsExactlyInAnyOrderElementsOf(requires);
    assertThat(symbols.provides()).as("provides").containsExactlyInAnyOrderElementsOf(provides);
  }

  /** Never retries; its history is its own, not a requirement. */
  private static Retry alwaysRevert() {
    return Retry.alwaysRevert().named("rt");
  }

  // ---- tasks

  // test_task_without_dependencies
  @Test
  void aTaskWithoutArgumentsOrProvidesHasNoSymbols() {
    assertSymbols(alone(task("t").build()), List.of(), List.of());
  }

  // test_task_requires_default_values
  @Test
  void aTaskRequiresItsArguments() {
    assertSymbols(alone(multiArg("t")), List.of("x", "y", "z"), List.of());
  }

  // test_task_requires_rebinded_mapped
  @Test
  void aTaskWithReboundArgumentsRequiresTheirSources() {
    Task task = task("t").requires("x", "y", "z").rebind("x", "a").rebind("y", "b").rebind("z", "c").build();
    assertSymbols(alone(task), List.of("a", "b", "c"), List.of());
  }

  // test_task_requires_additional_values
  @Test
  void aTaskRequiresExtraNamesBesidesItsArguments() {
    Task task = task("t").requires("x", "y", "z").requires("a", "b").build();
    assertSymbols(alone(task), List.of("a", "b", "x", "y", "z"), List.of());
  }

  // test_task_provides_values
  @Test
  void aTaskProvidesEachOfItsNames() {
    assertSymbols(alone(task("t").provides("a", "b", "c").build()), List.of(), List.of("a", "b", "c"));
  }

  // test_task_provides_and_requires_values
  @Test
  void aTaskRequiresAndProvidesAtOnce() {
    Task task = task("t").requires("x", "y", "z").provides("a", "b", "c").build();
    assertSymbols(alone(task), List.of("x", "y", "z"), List.of("a", "b", "c"));
  }

  // test_task_requires_and_provides_same_values
  @Test
  void aTaskRequiringWhatItProvidesStillRequiresItFromOutside() {
    assertSymbols(alone(task("rt").requires("x").provides("x").build()), List.of("x"), List.of("x"));
  }

  // ---- flows, the same in each pattern

  // test_linear_flow_without_dependencies, test_unordered_flow_without_dependencies
  @ParameterizedTest
  @MethodSource("linearAndUnordered")
  void aFlowOfTasksWithoutSymbolsHasNone(Function<String, Flow> pattern) {
    Flow flow = pattern.apply("f").add(task("task1").build(), task("task2").build());
    assertSymbols(symbols(flow), List.of(), List.of());
  }

  // test_linear_flow_requires_values, test_unordered_flow_requires_values,
  // test_graph_flow_requires_values
  @ParameterizedTest
  @MethodSource("patterns")
  void aFlowRequiresWhatItsTasksRequire(Function<String, Flow> pattern) {
    Flow flow = pattern.apply("f").add(oneArg("task1"), multiArg("task2"));
    assertSymbols(symbols(flow), List.of("x", "y", "z"), List.of());
  }

  // test_linear_flow_requires_rebind_values, test_unordered_flow_requires_rebind_values,
  // test_graph_flow_requires_rebind_values
  @ParameterizedTest
  @MethodSource("patterns")
  void aFlowRequiresTheSourcesOfReboundArguments(Function<String, Flow> pattern) {
    Flow flow = pattern.apply("f").add(task("task1").requires("x").rebind("x", "q").build(), multiArg("task2"));
    assertSymbols(symbols(flow), List.of("x", "y", "z", "q"), List.of());
  }

  // test_linear_flow_provides_values, test_unordered_flow_provides_values,
  // test_graph_flow_provides_values
  @ParameterizedTest
  @MethodSource("patterns")
  void aFlowProvidesWhatItsTasksProvide(Function<String, Flow> pattern) {
    Flow flow = pattern.apply("f").add(task("task1").provides("x").build(), task("task2").provides("a", "b", "c").build());
    assertSymbols(symbols(flow), List.of(), List.of("x", "a", "b", "c"));
  }

  // ---- where the patterns differ: who satisfies a requirement inside the flow

  // test_linear_flow_provides_required_values
  @Test
  void inALinearFlowAnEarlierTaskSatisfiesALaterOne() {
    Flow flow = Flow.linear("lf").add(task("task1").provides("x").build(), oneArg("task2"));
    assertSymbols(symbols(flow), List.of(), List.of("x"));
  }

  // Not in the reference's file, the other side of the same rule: a later task does not.
  @Test
  void inALinearFlowALaterTaskDoesNotSatisfyAnEarlierOne() {
    Flow flow = Flow.linear("lf").add(oneArg("task2"), task("task1").provides("x").build());
    assertSymbols(symbols(flow), List.of("x"), List.of("x"));
  }

  // test_linear_flow_multi_provides_and_requires_values
  @Test
  void inALinearFlowOnlyWhatEarlierTasksProvideIsSatisfied() {
    Flow flow = Flow.linear("lf").add(
        task("task1").requires("x", "y", "z").rebind("x", "a").rebind("y", "b").rebind("z", "c")
            .provides("x", "y", "q").build(),
        task("task2").requires("x", "y", "z").provides("i", "j", "k").build());
    assertSymbols(symbols(flow), List.of("a", "b", "c", "z"), List.of("x", "y", "q", "i", "j", "k"));
  }

  // test_unordered_flow_requires_provided_value_other_call
  @Test
  void inAnUnorderedFlowASiblingDoesNotSatisfyARequirement() {
    UnorderedFlow flow = Flow.unordered("uf");
    flow.add(task("task1").provides("x").build());
    flow.add(oneArg("task2"));
    assertSymbols(symbols(flow), List.of("x"), List.of("x"));
  }

  // test_unordered_flow_provides_required_value_other_call
  @Test
  void inAnUnorderedFlowTheOrderOfAddingDoesNotMatter() {
    UnorderedFlow flow = Flow.unordered("uf");
    flow.add(oneArg("task2"));
    flow.add(task("task1").provides("x").build());
    assertThat(flow.elements()).hasSize(2);
    assertSymbols(symbols(flow), List.of("x"), List.of("x"));
  }

  // test_unordered_flow_provides_required_values
  @Test
  void inAnUnorderedFlowTasksAddedTogetherDoNotSatisfyEachOther() {
    UnorderedFlow flow = Flow.unordered("uf");
    flow.add(task("task1").provides("x").build(), oneArg("task2"));
    assertSymbols(symbols(flow), List.of("x"), List.of("x"));

    // The reference adds a second pair with the same names; our names are unique, so the flow is
    // refused as soon as it is compiled.
    flow.add(task("task1").provides("x").build(), oneArg("task2"));
    FlowDefinitionException refused = catchThrowableOfType(FlowDefinitionException.class, () -> symbols(flow));
    assertThat(refused.getMessage()).contains("duplicate names", "'task1'", "'task2'");
  }

  // test_unordered_flow_multi_provides_and_requires_values
  @Test
  void inAnUnorderedFlowEveryTaskRequiresFromOutside() {
    Flow flow = Flow.unordered("uf").add(
        task("task1").requires("x", "y", "z").rebind("x", "a").rebind("y", "b").rebind("z", "c")
            .provides("d", "e", "f").build(),
        task("task2").requires("x", "y", "z").provides("i", "j", "k").build());
    assertSymbols(symbols(flow), List.of("a", "b", "c", "x", "y", "z"), List.of("d", "e", "f", "i", "j", "k"));
  }

  // test_unordered_flow_provides_same_values
  @Test
  void anUnorderedFlowWhoseTasksProvideTheSameNameProvidesItOnce() {
    UnorderedFlow flow = Flow.unordered("uf");
    flow.add(task("t1").provides("x").build());
    flow.add(task("t2").provides("x").build());
    assertSymbols(symbols(flow), List.of(), List.of("x"));
  }

  // test_unordered_flow_provides_same_values_one_add
  @Test
  void anUnorderedFlowWhoseTasksAddedTogetherProvideTheSameNameProvidesItOnce() {
    Flow flow = Flow.unordered("uf").add(task("t1").provides("x").build(), task("t2").provides("x").build());
    assertSymbols(symbols(flow), List.of(), List.of("x"));
  }

  // test_graph_flow_provides_required_values
  @Test
  void inAGraphFlowASiblingSatisfiesARequirement() {
    Flow flow = Flow.graph("gf").add(task("task1").provides("x").build(), oneArg("task2"));
    assertSymbols(symbols(flow), List.of(), List.of("x"));
  }

  // Not in the reference's file: in a graph flow the order of adding does not matter either.
  @Test
  void inAGraphFlowALaterSiblingSatisfiesARequirementToo() {
    Flow flow = Flow.graph("gf").add(oneArg("task2"), task("task1").provides("x").build());
    assertSymbols(symbols(flow), List.of(), List.of("x"));
  }

  // test_graph_flow_provides_provided_value_other_call
  @Test
  void aGraphFlowWhoseTasksProvideTheSameNameProvidesItOnce() {
    Flow flow = Flow.graph("gf");
    flow.add(task("task1").provides("x").build());
    flow.add(task("task2").provides("x").build());
    assertSymbols(symbols(flow), List.of(), List.of("x"));
  }

  // test_graph_flow_multi_provides_and_requires_values
  @Test
  void inAGraphFlowWhatNoSiblingProvidesIsRequired() {
    Flow flow = Flow.graph("gf").add(
        task("task1").requires("x", "y", "z").rebind("x", "a").rebind("y", "b").rebind("z", "c")
            .provides("d", "e", "f").build(),
        task("task2").requires("x", "y", "z").provides("i", "j", "k").build());
    assertSymbols(symbols(flow), List.of("a", "b", "c", "x", "y", "z"), List.of("d", "e", "f", "i", "j", "k"));
  }

  // test_graph_cyclic_dependency
  @Test
  void aGraphFlowWhoseTasksRequireEachOtherInACircleIsACycle() {
    // The reference refuses the third add; ours refuses the flow when it is compiled.
    Flow flow = Flow.graph("g-3-cyclic").add(
        task("ta").requires("b").provides("a").build(),
        task("tb").requires("c").provides("b").build(),
        task("tc").requires("a").provides("c").build());
    FlowDefinitionException refused = catchThrowableOfType(FlowDefinitionException.class, () -> symbols(flow));
    assertThat(refused.getMessage()).startsWith("cycle in flow 'g-3-cyclic'");
    assertThat(refused.atoms()).containsExactlyInAnyOrder("ta", "tb", "tc");
  }

  // test_nested_flows_requirements
  @Test
  void nestedFlowsRequireOnlyWhatNothingInsideProvidesInTime() {
    Flow flow = Flow.unordered("uf").add(
        Flow.linear("lf").add(
            task("task1").requires("x").rebind("x", "a").provides("x").build(),
            task("task2").requires("x").provides("y").build()),
        Flow.unordered("uf-inner").add(
            task("task3").requires("x").rebind("x", "b").provides("z").build(),
            task("task4").requires("x").rebind("x", "c").provides("q").build()));
    assertSymbols(symbols(flow), List.of("a", "b", "c"), List.of("x", "y", "z", "q"));
  }

  // ---- retry controllers (ours provide one name: the reference's tests give some two)

  // test_retry_in_linear_flow_no_requirements_no_provides,
  // test_retry_in_unordered_flow_no_requirements_no_provides,
  // test_retry_in_graph_flow_no_requirements_no_provides
  @ParameterizedTest
  @MethodSource("patterns")
  void aRetryWithoutSymbolsAddsNone(Function<String, Flow> pattern) {
    assertSymbols(symbols(pattern.apply("f").retry(alwaysRevert())), List.of(), List.of());
  }

  // test_retry_in_linear_flow_with_requirements, test_retry_in_unordered_flow_with_requirements,
  // test_retry_in_graph_flow_with_requirements
  @ParameterizedTest
  @MethodSource("patterns")
  void aFlowRequiresWhatItsRetryRequires(Function<String, Flow> pattern) {
    assertSymbols(symbols(pattern.apply("f").retry(alwaysRevert().requiring("x", "y"))), List.of("x", "y"), List.of());
  }

  // test_retry_in_linear_flow_with_provides, test_retry_in_unordered_flow_with_provides,
  // test_retry_in_graph_flow_with_provides
  @ParameterizedTest
  @MethodSource("patterns")
  void aFlowProvidesWhatItsRetryProvides(Function<String, Flow> pattern) {
    assertSymbols(symbols(pattern.apply("f").retry(alwaysRevert().providing("x"))), List.of(), List.of("x"));
  }

  // test_retry_in_linear_flow_requires_and_provides,
  // test_retry_in_unordered_flow_requires_and_provides,
  // test_retry_in_graph_flow_requires_and_provides
  @ParameterizedTest
  @MethodSource("patterns")
  void aFlowRequiresAndProvidesWhatItsRetryDoes(Function<String, Flow> pattern) {
    Flow flow = pattern.apply("f").retry(alwaysRevert().requiring("x", "y").providing("a"));
    assertSymbols(symbols(flow), List.of("x", "y"), List.of("a"));
  }

  // test_retry_requires_and_provides_same_value
  @Test
  void aRetryRequiringWhatItProvidesStillRequiresItFromOutside() {
    Flow flow = Flow.linear("lf").retry(alwaysRevert().requiring("x", "y").providing("x"));
    assertSymbols(symbols(flow), List.of("x", "y"), List.of("x"));
  }

  // test_linear_flow_retry_and_task, test_unordered_flow_retry_and_task,
  // test_graph_flow_retry_and_task
  @ParameterizedTest
  @MethodSource("patterns")
  void whatARetryProvidesSatisfiesTheTasksOfItsFlow(Function<String, Flow> pattern) {
    Flow flow = pattern.apply("f").retry(alwaysRevert().requiring("x", "y").providing("a"));
    flow.add(task("t").requires("x", "y", "z").rebind("x", "a").rebind("y", "x").rebind("z", "c").provides("z").build());
    assertSymbols(symbols(flow), List.of("x", "y", "c"), List.of("a", "z"));
  }

  // test_unordered_flow_retry_and_task_same_requires_provides,
  // test_graph_flow_retry_and_task_dependency_provide_require
  @ParameterizedTest
  @MethodSource("patterns")
  void whatATaskProvidesDoesNotSatisfyItsFlowsRetry(Function<String, Flow> pattern) {
    Flow flow = pattern.apply("f").retry(alwaysRevert().requiring("x"));
    flow.add(task("t").provides("x").build());
    assertSymbols(symbols(flow), List.of("x"), List.of("x"));
  }

  // test_unordered_flow_retry_and_task_provide_same_value,
  // test_graph_flow_retry_and_task_provide_same_value
  @ParameterizedTest
  @MethodSource("patterns")
  void aRetryAndATaskProvidingTheSameNameProvideItOnce(Function<String, Flow> pattern) {
    Flow flow = pattern.apply("f").retry(alwaysRevert().providing("x"));
    flow.add(task("t1").provides("x").build());
    assertSymbols(symbols(flow), List.of(), List.of("x"));
  }

  // test_unordered_flow_retry_two_tasks_provide_same_value
  @Test
  void anUnorderedFlowProvidesItsRetrysNameAndItsTasksSharedName() {
    Flow flow = Flow.unordered("uf").retry(alwaysRevert().providing("y"));
    flow.add(task("t1").provides("x").build(), task("t2").provides("x").build());
    assertSymbols(symbols(flow), List.of(), List.of("x", "y"));
  }

  // test_builtin_retry_args
  @Test
  void whatTheEngineGivesARetryIsNotARequirement() {
    // The controller reads its history (and its arguments through it); only what it declares is
    // required.
    Retry retry = Retry.of(new RetryController() {
      @Override
      public RetryDecision onFailure(RetryHistory history) {
        return RetryDecision.REVERT;
      }

      @Override
      public Optional<Object> nextValue(RetryHistory history) {
        return Optional.ofNullable(history.arguments().get("a"));
      }
    }).requiring("a");
    assertSymbols(symbols(Flow.linear("lf").retry(retry)), List.of("a"), List.of());
  }
}
