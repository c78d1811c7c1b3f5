package io.taskflow4j.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.taskflow4j.engine.Engine;
import io.taskflow4j.engine.EngineBuilder;
import io.taskflow4j.engine.FlowFailedException;
import io.taskflow4j.flow.Flow;
import io.taskflow4j.flow.FlowDefinitionException;
import io.taskflow4j.listener.CapturingListener;
import io.taskflow4j.state.FlowState;
import io.taskflow4j.task.LambdaTaskBuilder;
import io.taskflow4j.task.Task;
import io.taskflow4j.task.TaskSpec;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Scenarios of the reference's {@code test_arguments_passing.py}, in our words: how a task's
 * arguments are found (inputs, rebinding, injected values) and how its result is stored under
 * what it provides; on the serial and the parallel engine. {@code docs/conformance.md} maps them.
 *
 * <p>The reference compares its storage's {@code fetch_all()}, which holds the injected inputs
 * and every provided value. Our {@code results()} holds only what atoms provide; inputs are read
 * back one by one with {@code result(name)}, which these tests do where the reference lists them.
 */
class ArgumentsPassingConformanceTest {

  static List<UnaryOperator<EngineBuilder>> engines() {
    return List.of(EngineBuilder::serial, b -> b.threads(2));
  }

  /** Requires x, y and z and returns their sum (the reference's multi-argument, one-return task). */
  private static LambdaTaskBuilder sumOfXyz(String name) {
    return Task.builder(name).requires("x", "y", "z").execute(ctx ->
        ctx.argument("x", Integer.class) + ctx.argument("y", Integer.class) + ctx.argument("z", Integer.class));
  }

  /** Requires x, y and z and returns nothing. */
  private static LambdaTaskBuilder needsXyz(String name) {
    return Task.builder(name).requires("x", "y", "z").execute(ctx -> null);
  }

  private static Map<String, Object> map(Object... keysAndValues) {
    Map<String, Object> out = new LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      out.put((String) keysAndValues[i], keysAndValues[i + 1]);
    }
    return out;
  }

  /** Runs a one-task flow to SUCCESS and returns the engine's results. */
  private static Map<String, Object> runAlone(
      UnaryOperator<EngineBuilder> kind, Task task, Map<String, Object> inputs) {
    try (Engine engine = kind.apply(Engine.builder(Flow.linear("flow").add(task))).inputs(inputs).build()) {
      assertThat(engine.run()).isEqualTo(FlowState.SUCCESS);
      for (Map.Entry<String, Object> input : inputs.entrySet()) {
        assertThat(engine.result(input.getKey())).as("input %s", input.getKey()).contains(input.getValue());
      }
      return engine.results();
    }
  }

  /** Runs a one-task flow that must refuse to start; the symbols it names as missing. */
  private static List<String> missingWhenRun(
      UnaryOperator<EngineBuilder> kind, Task task, Map<String, Object> inputs) {
    CapturingListener capture = CapturingListener.create();
    try (Engine engine =
        kind.apply(Engine.builder(Flow.linear("flow").add(task))).inputs(inputs).listener(capture).build()) {
      FlowDefinitionException refused = catchThrowableOfType(FlowDefinitionException.class, engine::run);
      assertThat(refused).as("the run is refused").isNotNull();
      assertThat(capture.notation()).as("nothing ran").isEmpty();
      return refused.symbols();
    }
  }

  // test_save_as
  @ParameterizedTest
  @MethodSource("engines")
  void aResultIsStoredUnderTheOneNameTheTaskProvides(UnaryOperator<EngineBuilder> kind) {
    Task task = Task.builder("task1").provides("first_data").execute(ctx -> 1).build();
    assertThat(runAlone(kind, task, Map.of())).isEqualTo(map("first_data", 1));
  }

  // test_save_all_in_one
  @ParameterizedTest
  @MethodSource("engines")
  void aSequenceResultUnderOneNameIsStoredWhole(UnaryOperator<EngineBuilder> kind) {
    Task task = Task.builder("multi").provides("all_data").execute(ctx -> List.of(1, 3, 5)).build();
    assertThat(runAlone(kind, task, Map.of())).isEqualTo(map("all_data", List.of(1, 3, 5)));
  }

  // test_save_several_values
  @ParameterizedTest
  @MethodSource("engines")
  void aSequenceResultIsSplitOverSeveralNamesInOrder(UnaryOperator<EngineBuilder> kind) {
    Task task = Task.builder("multi").provides("badger", "mushroom", "snake").execute(ctx -> List.of(1, 3, 5)).build();
    assertThat(runAlone(kind, task, Map.of())).isEqualTo(map("badger", 1, "mushroom", 3, "snake", 5));
  }

  // test_save_dict
  @ParameterizedTest
  @MethodSource("engines")
  void aMapResultIsSplitOverSeveralNamesByKey(UnaryOperator<EngineBuilder> kind) {
    List<String> provides = List.of("snake", "badger", "mushroom");
    Task task = Task.builder("dict").provides(provides.toArray(String[]::new)).execute(ctx -> {
      // Each name gets its index in sorted order, as the reference's task does.
      Map<String, Object> out = new LinkedHashMap<>();
      int index = 0;
      for (String name : new TreeSet<>(provides)) {
        out.put(name, index++);
      }
      return out;
    }).build();
    assertThat(runAlone(kind, task, Map.of())).isEqualTo(map("badger", 0, "mushroom", 1, "snake", 2));
  }

  // test_bad_save_as_value
  @Test
  void aTaskProvidingSomethingThatIsNotANameIsRefusedWhenBuilt() {
    // Java's types allow only strings; what is left to refuse is a null or blank name.
    assertThatThrownBy(() -> Task.builder("task1").provides((String) null).execute(ctx -> 1).build())
        .isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> TaskSpec.builder("task1").provides(" ").build())
        .isInstanceOf(IllegalArgumentException.class);
  }

  // test_arguments_passing
  @ParameterizedTest
  @MethodSource("engines")
  void argumentsAreTakenFromTheInputsOfTheirNames(UnaryOperator<EngineBuilder> kind) {
    Task task = sumOfXyz("sum").provides("result").build();
    assertThat(runAlone(kind, task, map("x", 1, "y", 4, "z", 9, "a", 17))).isEqualTo(map("result", 14));
  }

  // test_arguments_missing
  @ParameterizedTest
  @MethodSource("engines")
  void aRunMissingArgumentsIsRefusedNamingThem(UnaryOperator<EngineBuilder> kind) {
    assertThat(missingWhenRun(kind, needsXyz("multi").build(), map("a", 1, "b", 4, "x", 17)))
        .containsExactlyInAnyOrder("y", "z");
  }

  // test_partial_arguments_mapping
  @ParameterizedTest
  @MethodSource("engines")
  void aReboundArgumentIsTakenFromItsSourceAndTheOthersFromTheirNames(UnaryOperator<EngineBuilder> kind) {
    Task task = sumOfXyz("sum").rebind("x", "a").provides("result").build();
    assertThat(runAlone(kind, task, map("x", 1, "y", 4, "z", 9, "a", 17))).isEqualTo(map("result", 30));
  }

  // test_argument_injection
  @ParameterizedTest
  @MethodSource("engines")
  void injectedValuesSupplyArgumentsWithoutInputs(UnaryOperator<EngineBuilder> kind) {
    Task task = sumOfXyz("sum").inject("x", 1).inject("y", 4).inject("z", 9).provides("result").build();
    assertThat(runAlone(kind, task, Map.of())).isEqualTo(map("result", 14));
  }

  // test_argument_injection_rebind
  @ParameterizedTest
  @MethodSource("engines")
  void valuesInjectedUnderTheReboundNamesSupplyTheArguments(UnaryOperator<EngineBuilder> kind) {
    // The reference rebinds by position (['a', 'b', 'c']); ours names each argument.
    Task task = sumOfXyz("sum").rebind("x", "a").rebind("y", "b").rebind("z", "c")
        .inject("a", 1).inject("b", 4).inject("c", 9).provides("result").build();
    assertThat(runAlone(kind, task, Map.of())).isEqualTo(map("result", 14));
  }

  // test_argument_injection_required
  @ParameterizedTest
  @MethodSource("engines")
  void injectedValuesAlsoSupplyExtraRequirements(UnaryOperator<EngineBuilder> kind) {
    Task task = sumOfXyz("sum").requires("a", "b", "c")
        .inject("x", 1).inject("y", 4).inject("z", 9).inject("a", 0).inject("b", 0).inject("c", 0)
        .provides("result").build();
    assertThat(runAlone(kind, task, Map.of())).isEqualTo(map("result", 14));
  }

  // test_all_arguments_mapping
  @ParameterizedTest
  @MethodSource("engines")
  void everyReboundArgumentIsTakenFromItsSource(UnaryOperator<EngineBuilder> kind) {
    Task task = sumOfXyz("sum").rebind("x", "a").rebind("y", "b").rebind("z", "c").provides("result").build();
    assertThat(runAlone(kind, task, map("a", 1, "b", 2, "c", 3, "x", 4, "y", 5, "z", 6)))
        .isEqualTo(map("result", 6));
  }

  // test_invalid_argument_name_map
  @ParameterizedTest
  @MethodSource("engines")
  void aRunIsRefusedWhenARebindSourceIsMissing(UnaryOperator<EngineBuilder> kind) {
    Task task = needsXyz("multi").rebind("z", "b").build();
    assertThat(missingWhenRun(kind, task, map("a", 1, "y", 4, "c", 9, "x", 17))).containsExactly("b");
  }

  // test_invalid_argument_name_list
  @ParameterizedTest
  @MethodSource("engines")
  void aRunIsRefusedWhenOneOfSeveralRebindSourcesIsMissing(UnaryOperator<EngineBuilder> kind) {
    // The reference rebinds by position (['a', 'z', 'b']); ours names each argument.
    Task task = needsXyz("multi").rebind("x", "a").rebind("y", "z").rebind("z", "b").build();
    assertThat(missingWhenRun(kind, task, map("a", 1, "b", 4, "c", 9, "x", 17))).containsExactly("z");
  }

  // test_bad_rebind_args_value
  @Test
  void aRebindThatIsNotANameIsRefusedWhenBuilt() {
    // Java's types allow only string pairs; what is left to refuse is a null or blank one.
    assertThatThrownBy(() -> Task.builder("one").requires("x").rebind("x", null).execute(ctx -> null).build())
        .isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> TaskSpec.builder("one").requires("x").rebind("x", " ").build())
        .isInstanceOf(IllegalArgumentException.class);
  }

  // test_long_arg_name
  @ParameterizedTest
  @MethodSource("engines")
  void aLongArgumentNameIsPassedLikeAnyOther(UnaryOperator<EngineBuilder> kind) {
    Task task = Task.builder("long").requires("long_arg_name").provides("result")
        .execute(ctx -> ctx.argument("long_arg_name", Integer.class)).build();
    assertThat(runAlone(kind, task, map("long_arg_name", 1))).isEqualTo(map("result", 1));
  }

  // test_revert_rebound_args_required
  @ParameterizedTest
  @MethodSource("engines")
  void aRunIsRefusedWhenTheSourceOfARevertRebindIsMissing(UnaryOperator<EngineBuilder> kind) {
    Task task = needsXyz("multi").revertRebind("z", "b").build();
    // As in the reference, z is missing too: b is what the revert rebind adds.
    assertThat(missingWhenRun(kind, task, map("a", 1, "y", 4, "c", 9, "x", 17))).containsExactlyInAnyOrder("z", "b");
  }

  // test_revert_required_args_required
  @ParameterizedTest
  @MethodSource("engines")
  void aRunIsRefusedWhenARevertRequirementIsMissing(UnaryOperator<EngineBuilder> kind) {
    Task task = needsXyz("multi").revertRequires("a").build();
    assertThat(missingWhenRun(kind, task, map("y", 4, "z", 9, "x", 17))).containsExactly("a");
  }

  // test_derived_revert_args_required: the reference derives the revert's argument from its
  // signature; Java declares it with revertRequires
  @ParameterizedTest
  @MethodSource("engines")
  void aRevertArgumentIsRequiredBeforeTheRunAndGivenToTheRevert(UnaryOperator<EngineBuilder> kind) {
    java.util.concurrent.atomic.AtomicReference<Map<String, Object>> seen = new java.util.concurrent.atomic.AtomicReference<>();
    Task task = Task.builder("revert-extra").requires("x", "y", "z").revertRequires("revert_arg")
        .execute(ctx -> {
          throw new IllegalStateException("We want to force a revert here");
        })
        .revert(ctx -> seen.set(ctx.arguments().asMap()))
        .build();
    assertThat(missingWhenRun(kind, task, map("y", 4, "z", 9, "x", 17))).containsExactly("revert_arg");
    try (Engine engine = kind.apply(Engine.builder(Flow.linear("flow").add(task)))
        .inputs(map("y", 4, "z", 9, "x", 17, "revert_arg", "undo-token")).build()) {
      FlowFailedException failed = catchThrowableOfType(FlowFailedException.class, engine::run);
      assertThat(failed.state()).isEqualTo(FlowState.REVERTED);
      assertThat(failed.failures().get("revert-extra").message()).isEqualTo("We want to force a revert here");
    }
    assertThat(seen.get()).isEqualTo(map("revert_arg", "undo-token"));
  }
}
