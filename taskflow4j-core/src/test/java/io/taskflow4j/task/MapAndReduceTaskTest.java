package io.taskflow4j.task;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.taskflow4j.engine.Engine;
import io.taskflow4j.flow.Flow;
import io.taskflow4j.state.FlowState;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MapAndReduceTaskTest {

  private static Map<String, Object> run(Task task, Map<String, Object> inputs) {
    try (Engine engine = Engine.builder(Flow.linear("f").add(task)).serial().inputs(inputs).build()) {
      assertThat(engine.run()).isEqualTo(FlowState.SUCCESS);
      return engine.results();
    }
  }

  @Test
  void aMapTaskProvidingOneNameStoresTheWholeListInArgumentOrder() {
    Task task = MapTask.builder("len", String.class, String::length).requires("b", "a").provides("lengths").build();
    assertThat(run(task, Map.of("a", "x", "b", "yyy"))).isEqualTo(Map.of("lengths", List.of(3, 1)));
  }

  @Test
  void argumentsAreConvertedToTheGivenType() {
    Task task = ReduceTask.builder("sum", Long.class, Long::sum).requires("a", "b").provides("sum").build();
    assertThat(run(task, Map.of("a", 1, "b", 2))).isEqualTo(Map.of("sum", 3L));
  }

  @Test
  void aReduceTaskCombinesFromTheLeft() {
    Task task = ReduceTask.builder("minus", Integer.class, (x, y) -> x - y).requires("a", "b", "c").provides("r").build();
    assertThat(run(task, Map.of("a", 10, "b", 3, "c", 2))).isEqualTo(Map.of("r", 5));
  }

  @Test
  void aReduceTaskNeedsAtLeastTwoArguments() {
    assertThatThrownBy(() -> ReduceTask.builder("sum", Integer.class, Integer::sum).requires("a").build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("reduce task 'sum' requires 1 argument(s)");
  }

  @Test
  void aMapTaskNeedsAnArgumentAndOneNameOrOnePerArgument() {
    assertThatThrownBy(() -> MapTask.builder("m", Integer.class, x -> x).provides("r").build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("map task 'm' requires no arguments");
    assertThatThrownBy(() -> MapTask.builder("m", Integer.class, x -> x).requires("a", "b", "c").provides("r", "s").build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("map task 'm' provides 2 names for 3 arguments");
  }

  @Test
  void aMissingFunctionIsRefusedNamingTheTask() {
    assertThatThrownBy(() -> MapTask.builder("m", Integer.class, null).requires("a").build())
        .isInstanceOf(NullPointerException.class)
        .hasMessageContaining("map task 'm' has no function");
    assertThatThrownBy(() -> ReduceTask.<Integer>builder("r", Integer.class, null).requires("a", "b").build())
        .isInstanceOf(NullPointerException.class)
        .hasMessageContaining("reduce task 'r' has no function");
  }

  @Test
  void anArgumentListedTwiceIsRefused() {
    assertThatThrownBy(() -> ReduceTask.builder("r", Integer.class, Integer::sum).requires("a", "a").build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("task 'r' lists 'a' twice in requires");
  }
}
