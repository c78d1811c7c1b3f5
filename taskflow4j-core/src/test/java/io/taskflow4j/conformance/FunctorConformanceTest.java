package io.taskflow4j.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.taskflow4j.engine.Engine;
import io.taskflow4j.engine.EngineBuilder;
import io.taskflow4j.engine.FlowFailedException;
import io.taskflow4j.flow.Flow;
import io.taskflow4j.listener.CapturingListener;
import io.taskflow4j.state.FlowState;
import io.taskflow4j.task.MapTask;
import io.taskflow4j.task.ReduceTask;
import io.taskflow4j.task.Task;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Scenarios of the reference's {@code test_functor_task.py}, {@code test_mapfunctor_task.py} and
 * {@code test_reducefunctor_task.py}, in our words: tasks made from functions ({@link
 * Task#builder}), a task applying a function to each argument ({@link MapTask}) and one combining
 * its arguments ({@link ReduceTask}); on the serial and the parallel engine. {@code
 * docs/conformance.md} maps them.
 *
 * <p>The reference compares its storage's {@code fetch_all()}, which holds the inputs as well as
 * what tasks provide; these tests compare {@code results()} (what atoms provide) and read the
 * inputs back with {@code result(name)}.
 */
class FunctorConformanceTest {

  static List<UnaryOperator<EngineBuilder>> engines() {
    return List.of(EngineBuilder::serial, b -> b.threads(2));
  }

  /** The reference's map and reduce tests start from these five inputs. */
  private static Map<String, Object> fiveInputs() {
    Map<String, Object> inputs = new LinkedHashMap<>();
    inputs.put("a", 1);
    inputs.put("b", 2);
    inputs.put("c", 3);
    inputs.put("d", 4);
    inputs.put("e", 5);
    return inputs;
  }

  /** Runs a one-task linear flow to SUCCESS, checks the inputs are still there, returns the results. */
  private static Map<String, Object> run(UnaryOperator<EngineBuilder> kind, Flow flow, Map<String, Object> inputs) {
    try (Engine engine = kind.apply(Engine.builder(flow)).inputs(inputs).build()) {
      assertThat(engine.run()).isEqualTo(FlowState.SUCCESS);
      for (Map.Entry<String, Object> input : inputs.entrySet()) {
        assertThat(engine.result(input.getKey())).as("input %s", input.getKey()).contains(input.getValue());
      }
      return engine.results();
    }
  }

  // test_simple
  @Test
  void aTaskFromAFunctionMustBeNamedSinceJavaLambdasHaveNoName() {
    // The reference names a function task after its function; a Java lambda has no usable name,
    // so a name is required and a missing one is refused when the task is built.
    assertThatThrownBy(() -> Task.builder(null).execute(ctx -> 1).build())
        .isInstanceOf(NullPointerException.class)
        .hasMessageContaining("task name");
  }

  // test_other_name
  @Test
  void aTaskFromAFunctionHasTheNameItIsGiven() {
    Task task = Task.builder("my task").execute(ctx -> 1).build();
    assertThat(task.name()).isEqualTo("my task");
  }

  // test_it_runs
  @ParameterizedTest
  @MethodSource("engines")
  void functionTasksRunInOrderAndTheFirstIsRevertedWhenTheSecondFails(UnaryOperator<EngineBuilder> kind) {
    List<String> values = Collections.synchronizedList(new ArrayList<>());
    Task one = Task.builder("one")
        .execute(ctx -> values.add("one"))
        .revert(ctx -> values.add("revert one"))
        .build();
    Task fail = Task.builder("fail")
        .execute(ctx -> {
          values.add("fail");
          throw new IllegalStateException("Woot!");
        })
        .build();
    CapturingListener capture = CapturingListener.create();
    try (Engine engine = kind.apply(Engine.builder(Flow.linear("test").add(one, fail))).listener(capture).build()) {
      FlowFailedException failed = catchThrowableOfType(FlowFailedException.class, engine::run);
      assertThat(failed).as("the run fails").isNotNull();
      assertThat(failed.failures().get("fail").message()).startsWith("Woot");
      assertThat(failed.state()).isEqualTo(FlowState.REVERTED);
    }
    assertThat(values).containsExactly("one", "fail", "revert one");
    assertThat(capture.notation()).contains("one.t REVERTED(None)", "fail.t REVERTED(None)");
  }

  // test_lambda_functors
  @ParameterizedTest
  @MethodSource("engines")
  void lambdaTasksProvideTheirResultsAndReadInputs(UnaryOperator<EngineBuilder> kind) {
    Task five = Task.builder("five").provides("five").execute(ctx -> 5).build();
    Task product = Task.builder("product").requires("x", "y").provides("product")
        .execute(ctx -> ctx.argument("x", Integer.class) * ctx.argument("y", Integer.class))
        .build();
    Map<String, Object> inputs = new LinkedHashMap<>();
    inputs.put("x", 2);
    inputs.put("y", 3);
    assertThat(run(kind, Flow.linear("test").add(five, product), inputs))
        .containsExactlyInAnyOrderEntriesOf(Map.of("five", 5, "product", 6));
  }

  /** One name per input: {@code prefix_a} ... {@code prefix_e}. */
  private static String[] prefixed(String prefix) {
    return fiveInputs().keySet().stream().map(k -> prefix + "_" + k).toArray(String[]::new);
  }

  // test_double_array
  @ParameterizedTest
  @MethodSource("engines")
  void aMapTaskDoublesEachArgumentIntoItsOwnName(UnaryOperator<EngineBuilder> kind) {
    Task task = MapTask.builder("double", Integer.class, x -> x * 2)
        .requires(List.copyOf(fiveInputs().keySet()))
        .provides(prefixed("double"))
        .build();
    assertThat(run(kind, Flow.linear("double array flow").add(task), fiveInputs()))
        .containsExactlyInAnyOrderEntriesOf(
            Map.of("double_a", 2, "double_b", 4, "double_c", 6, "double_d", 8, "double_e", 10));
  }

  // test_square_array
  @ParameterizedTest
  @MethodSource("engines")
  void aMapTaskSquaresEachArgumentIntoItsOwnName(UnaryOperator<EngineBuilder> kind) {
    Task task = MapTask.builder("square", Integer.class, x -> x * x)
        .requires(List.copyOf(fiveInputs().keySet()))
        .provides(prefixed("square"))
        .build();
    assertThat(run(kind, Flow.linear("square array flow").add(task), fiveInputs()))
        .containsExactlyInAnyOrderEntriesOf(
            Map.of("square_a", 1, "square_b", 4, "square_c", 9, "square_d", 16, "square_e", 25));
  }

  // test_sum_array
  @ParameterizedTest
  @MethodSource("engines")
  void aReduceTaskSumsItsArguments(UnaryOperator<EngineBuilder> kind) {
    Task task = ReduceTask.builder("sum", Integer.class, Integer::sum)
        .requires(List.copyOf(fiveInputs().keySet()))
        .provides("sum")
        .build();
    assertThat(run(kind, Flow.linear("sum array flow").add(task), fiveInputs()))
        .containsExactlyInAnyOrderEntriesOf(Map.of("sum", 15));
  }

  // test_multiply_array
  @ParameterizedTest
  @MethodSource("engines")
  void aReduceTaskMultipliesItsArguments(UnaryOperator<EngineBuilder> kind) {
    Task task = ReduceTask.builder("multiply", Integer.class, (x, y) -> x * y)
        .requires(List.copyOf(fiveInputs().keySet()))
        .provides("product")
        .build();
    assertThat(run(kind, Flow.linear("square array flow").add(task), fiveInputs()))
        .containsExactlyInAnyOrderEntriesOf(Map.of("product", 120));
  }
}
