package io.taskflow4j.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.taskflow4j.flow.Flow;
import io.taskflow4j.flow.FlowDefinitionException;
import io.taskflow4j.flow.GraphFlow;
import io.taskflow4j.flow.LinearFlow;
import io.taskflow4j.task.Task;
import io.taskflow4j.task.TaskSpec;
import org.junit.jupiter.api.Test;

class FlowDefinitionErrorsTest {

  private static Task task(String name, String[] requires, String... provides) {
    return Task.builder(name).requires(requires).provides(provides).execute(ctx -> null).build();
  }

  private static String[] none() {
    return new String[0];
  }

  private static FlowDefinitionException compileError(Flow flow) {
    return catchThrowableOfType(FlowDefinitionException.class, () -> Engine.of(flow).compile());
  }

  @Test
  void cycleInGraphNamesTheAtomsOnIt() {
    Task a = task("a", new String[] {"y"}, "x");
    Task b = task("b", new String[] {"x"}, "y");
    Task c = task("c", new String[] {"x"}, "z");

    FlowDefinitionException error = compileError(Flow.graph("g").add(a, b, c));

    assertThat(error).hasMessageContaining("cycle").hasMessageContaining("'a'").hasMessageContaining("'b'");
    assertThat(error.atoms()).contains("a", "b").doesNotContain("c");
  }

  @Test
  void cycleThroughExplicitLinksIsReported() {
    Task a = task("a", none());
    Task b = task("b", none());
    GraphFlow graph = Flow.graph("g").add(a, b).link(a, b).link(b, a);

    assertThat(compileError(graph).atoms()).containsExactlyInAnyOrder("a", "b");
  }

  @Test
  void duplicateAtomNameIsNamed() {
    Flow flow = Flow.linear("f").add(task("same", none()), Flow.linear("inner").add(task("same", none())));

    FlowDefinitionException error = compileError(flow);

    assertThat(error).hasMessageContaining("duplicate").hasMessageContaining("'same'");
  }

  @Test
  void missingRequirementNamesAtomAndSymbol() {
    Flow flow = Flow.linear("f").add(task("needs", new String[] {"ghost"}));

    FlowDefinitionException error = compileError(flow);

    assertThat(error).hasMessageContaining("atom 'needs' requires 'ghost'");
    assertThat(error.atoms()).containsExactly("needs");
    assertThat(error.symbols()).containsExactly("ghost");
  }

  @Test
  void missingRequirementIsSatisfiedByAnInput() {
    Flow flow = Flow.linear("f").add(task("needs", new String[] {"ghost"}));

    Engine.builder(flow).input("ghost", 1).build().compile();
  }

  @Test
  void siblingsOfAnUnorderedFlowDoNotSatisfyEachOther() {
    Flow flow = Flow.unordered("u").add(task("p", none(), "x"), task("c", new String[] {"x"}));

    assertThat(compileError(flow)).hasMessageContaining("atom 'c' requires 'x'");
  }

  @Test
  void ambiguousProviderInGraphNamesBothProviders() {
    Flow flow = Flow.graph("g").add(task("p1", none(), "x"), task("p2", none(), "x"), task("c", new String[] {"x"}));

    FlowDefinitionException error = compileError(flow);

    assertThat(error).hasMessageContaining("ambiguous provider of 'x'").hasMessageContaining("'p1'").hasMessageContaining("'p2'");
    assertThat(error.atoms()).contains("p1", "p2", "c");
    assertThat(error.symbols()).containsExactly("x");
  }

  @Test
  void ambiguousProviderFromAnEarlierUnorderedFlowIsReported() {
    Flow flow = Flow.linear("f").add(
        Flow.unordered("u").add(task("p1", none(), "x"), task("p2", none(), "x")),
        task("c", new String[] {"x"}));

    assertThat(compileError(flow).atoms()).contains("p1", "p2");
  }

  @Test
  void laterProviderInALinearFlowShadowsAnEarlierOne() {
    Task first = Task.builder("first").provides("x").execute(ctx -> 1).build();
    Task second = Task.builder("second").provides("x").execute(ctx -> 2).build();
    Task reader = Task.builder("reader").requires("x").provides("seen").execute(ctx -> ctx.argument("x", Integer.class)).build();
    Engine engine = Engine.builder(Flow.linear("f").add(first, second, reader)).serial().build();
    engine.run();

    assertThat(engine.result("seen")).contains(2);
  }

  @Test
  void flowCannotBeAddedToItselfOrToAFlowItContains() {
    LinearFlow outer = Flow.linear("outer");
    LinearFlow inner = Flow.linear("inner");
    outer.add(inner);

    assertThatThrownBy(() -> outer.add(outer)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("itself");
    assertThatThrownBy(() -> inner.add(outer)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("contains flow 'inner'");
  }

  @Test
  void badNamesFailFast() {
    assertThatThrownBy(() -> Flow.linear(" ")).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("blank");
    assertThatThrownBy(() -> Flow.linear(null)).isInstanceOf(NullPointerException.class).hasMessageContaining("flow name");
    assertThatThrownBy(() -> TaskSpec.builder("").build()).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("task name");
    assertThatThrownBy(() -> TaskSpec.builder("t").requires("a", "a").build()).hasMessageContaining("'a' twice");
    assertThatThrownBy(() -> Task.builder("t").build()).isInstanceOf(IllegalStateException.class).hasMessageContaining("no execute");
    assertThatThrownBy(() -> Flow.linear("f").add((Task) null)).isInstanceOf(NullPointerException.class);
  }

  @Test
  void linkRequiresElementsOfTheGraph() {
    Task a = task("a", none());
    Task stranger = task("stranger", none());
    GraphFlow graph = Flow.graph("g").add(a);

    assertThatThrownBy(() -> graph.link(a, stranger)).hasMessageContaining("'stranger' is not an element of graph flow 'g'");
  }

  @Test
  void aPriorityOutOfRangeIsRefusedWhenTheTaskIsBuiltNamingIt() {
    assertThatThrownBy(() -> io.taskflow4j.task.Task.builder("urgent").priority(5000).execute(ctx -> null).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("priority of task 'urgent' must be from -1000 to 1000, got 5000");
  }
}
