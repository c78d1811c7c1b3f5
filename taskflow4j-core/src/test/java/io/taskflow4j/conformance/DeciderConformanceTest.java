package io.taskflow4j.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.taskflow4j.engine.Engine;
import io.taskflow4j.engine.EngineBuilder;
import io.taskflow4j.engine.FlowFailedException;
import io.taskflow4j.flow.Decider;
import io.taskflow4j.flow.DeciderDepth;
import io.taskflow4j.flow.DeciderHistory;
import io.taskflow4j.flow.Flow;
import io.taskflow4j.flow.GraphFlow;
import io.taskflow4j.listener.CapturingListener;
import io.taskflow4j.listener.FlowListener;
import io.taskflow4j.state.AtomState;
import io.taskflow4j.state.FlowState;
import io.taskflow4j.task.Task;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The reference's conditional execution, in our words: {@code test_deciders.py} (decider depths)
 * and the decider scenarios of {@code test_engines.py} (links with deciders, skipped atoms ending
 * IGNORE and never reverted). Each engine scenario runs on the serial and the parallel engine.
 * {@code docs/conformance.md} maps them.
 */
class DeciderConformanceTest {

  static List<UnaryOperator<EngineBuilder>> engines() {
    return List.of(EngineBuilder::serial, b -> b.threads(2));
  }

  private static final Decider NO = history -> false;
  private static final Decider YES = history -> true;

  private static Task five(String name) {
    return Task.builder(name).execute(ctx -> 5).build();
  }

  private static Task nothing(String name) {
    return Task.builder(name).execute(ctx -> null).build();
  }

  private static Task woot(String name) {
    return Task.builder(name).execute(ctx -> {
      throw new IllegalStateException("Woot!");
    }).build();
  }

  private static CapturingListener tasks() {
    return CapturingListener.of(List.of(CapturingListener.Kind.TASK), List.of());
  }

  private static List<String> succeeds(UnaryOperator<EngineBuilder> kind, Flow flow) {
    CapturingListener capture = tasks();
    try (Engine engine = kind.apply(Engine.builder(flow)).listener(capture).build()) {
      assertThat(engine.run()).isEqualTo(FlowState.SUCCESS);
    }
    return capture.notation();
  }

  // test_translate
  @Test
  void aDepthIsReadByItsNameInAnyCase() {
    for (String text : List.of("all", "ALL", "aLL")) {
      assertThat(DeciderDepth.parse(text)).isEqualTo(DeciderDepth.ALL);
    }
    for (String text : List.of("atom", "ATOM", "atOM")) {
      assertThat(DeciderDepth.parse(text)).isEqualTo(DeciderDepth.ATOM);
    }
    for (String text : List.of("neighbors", "Neighbors", "NEIGHBORS")) {
      assertThat(DeciderDepth.parse(text)).isEqualTo(DeciderDepth.NEIGHBORS);
    }
    for (String text : List.of("flow", "FLOW", "flOW")) {
      assertThat(DeciderDepth.parse(text)).isEqualTo(DeciderDepth.FLOW);
    }
  }

  // test_bad_translate: the reference also refuses non-strings, which Java's types rule out
  @Test
  void anUnknownDepthIsRefusedNamingTheValidOnes() {
    assertThatThrownBy(() -> DeciderDepth.parse("stuff"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'stuff'")
        .hasMessageContaining("[ALL, FLOW, NEIGHBORS, ATOM]");
  }

  // test_pick_widest
  @Test
  void theWidestDepthIsAllThenFlowThenNeighborsThenAtom() {
    assertThat(DeciderDepth.widest(List.of(DeciderDepth.ATOM, DeciderDepth.FLOW))).isEqualTo(DeciderDepth.FLOW);
    assertThat(DeciderDepth.widest(List.of(DeciderDepth.ATOM, DeciderDepth.FLOW, DeciderDepth.ALL)))
        .isEqualTo(DeciderDepth.ALL);
    assertThat(DeciderDepth.widest(EnumSet.allOf(DeciderDepth.class))).isEqualTo(DeciderDepth.ALL);
    assertThat(DeciderDepth.widest(List.of(DeciderDepth.ATOM, DeciderDepth.NEIGHBORS)))
        .isEqualTo(DeciderDepth.NEIGHBORS);
  }

  // test_bad_pick_widest: the reference also refuses values that are not depths, which Java's
  // types rule out
  @Test
  void theWidestOfNoDepthsIsRefused() {
    assertThatThrownBy(() -> DeciderDepth.widest(List.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("at least one");
  }

  // test_run_graph_flow_decider_various_depths
  @ParameterizedTest
  @MethodSource("engines")
  void eachDepthSkipsAsMuchAsItSays(UnaryOperator<EngineBuilder> kind) {
    Map<DeciderDepth, Integer> ran = Map.of(
        DeciderDepth.ALL, 1, DeciderDepth.ATOM, 4, DeciderDepth.FLOW, 2, DeciderDepth.NEIGHBORS, 3);
    for (Map.Entry<DeciderDepth, Integer> expected : ran.entrySet()) {
      DeciderDepth depth = expected.getKey();
      Task g1 = five("g-1");
      Task g2 = five("g-2");
      Task g3 = five("g-3");
      Task g4 = five("g-4");
      Flow sub = Flow.graph("g_1").add(five("g_1-1"));
      GraphFlow flow = Flow.graph("g").add(g1, g2, sub, g3, g4);
      flow.link(g1, g2, NO, depth);
      flow.link(g2, sub);
      flow.link(g2, g3);
      flow.link(g3, g4);
      flow.link(g1, sub, YES, depth);
      List<String> captured = succeeds(kind, flow);
      assertThat(captured.stream().filter(line -> line.endsWith("RUNNING")).count())
          .as("%s: %s", depth, captured).isEqualTo(expected.getValue().longValue());
      assertThat(captured).as(depth.toString()).contains("g-2.t IGNORE");
    }
  }

  // test_run_graph_flow_decider_jump_over_atom: the reference's three tasks all provide 'value'
  // in a graph flow told not to order by requirements; ours always does, so b and c provide names
  // of their own and c reads a's 'value' as the reference's c does once b is skipped
  @ParameterizedTest
  @MethodSource("engines")
  void anAtomSkippedAloneLetsWhatFollowsRunOnTheValueBeforeIt(UnaryOperator<EngineBuilder> kind) {
    Task a = Task.builder("a").requires("value").provides("value").inject("value", 0)
        .execute(ctx -> ctx.arguments().get("value", Integer.class) + 1).build();
    Task b = Task.builder("b").requires("value").provides("b_value")
        .execute(ctx -> ctx.arguments().get("value", Integer.class) + 1).build();
    Task c = Task.builder("c").requires("value").provides("c")
        .execute(ctx -> ctx.arguments().get("value", Integer.class) + 1).build();
    GraphFlow flow = Flow.graph("g").add(a, b, c);
    flow.link(a, b, NO, DeciderDepth.ATOM);
    flow.link(b, c);
    try (Engine engine = kind.apply(Engine.builder(flow)).build()) {
      assertThat(engine.run()).isEqualTo(FlowState.SUCCESS);
      assertThat(engine.result("c")).contains(2);
      assertThat(engine.atomState("b")).isEqualTo(AtomState.IGNORE);
      assertThat(engine.result("b_value")).isEmpty();
    }
  }

  // test_run_graph_flow_decider_jump_over_bad_atom
  @ParameterizedTest
  @MethodSource("engines")
  void aSkippedAtomThatWouldFailDoesNotFailTheRun(UnaryOperator<EngineBuilder> kind) {
    Task a = nothing("a");
    Task b = woot("b");
    Task c = nothing("c");
    GraphFlow flow = Flow.graph("g").add(a, b, c);
    flow.link(a, b, NO, DeciderDepth.ATOM);
    flow.link(b, c);
    assertThat(succeeds(kind, flow)).containsExactly(
        "a.t RUNNING", "a.t SUCCESS(None)", "b.t IGNORE", "c.t RUNNING", "c.t SUCCESS(None)");
  }

  // test_run_graph_flow_decider_revert
  @ParameterizedTest
  @MethodSource("engines")
  void aSkippedAtomIsNotRevertedWhenALaterOneFails(UnaryOperator<EngineBuilder> kind) {
    Task a = nothing("a");
    Task b = nothing("b");
    Task c = woot("c");
    GraphFlow flow = Flow.graph("g").add(a, b, c);
    flow.link(a, b, NO, DeciderDepth.ATOM);
    flow.link(b, c);
    CapturingListener capture = tasks();
    try (Engine engine = kind.apply(Engine.builder(flow)).listener(capture).build()) {
      FlowFailedException failed = catchThrowableOfType(FlowFailedException.class, engine::run);
      assertThat(failed.state()).isEqualTo(FlowState.REVERTED);
      assertThat(engine.atomState("b")).isEqualTo(AtomState.IGNORE);
    }
    assertThat(capture.notation()).containsExactly(
        "a.t RUNNING", "a.t SUCCESS(None)",
        "b.t IGNORE",
        "c.t RUNNING", "c.t FAILURE(Failure: IllegalStateException: Woot!)",
        "c.t REVERTING", "c.t REVERTED(None)",
        "a.t REVERTING", "a.t REVERTED(None)");
  }

  // test_graph_flow_conditional_jumps_across_2
  @ParameterizedTest
  @MethodSource("engines")
  void aDeciderOnALinkIntoAFlowDecidesOnceAndSkipsTheFlowsItNests(UnaryOperator<EngineBuilder> kind) {
    List<DeciderHistory> histories = Collections.synchronizedList(new ArrayList<>());
    Task task1 = five("task1");
    Task task2 = five("task2");
    Flow sub = Flow.linear("more-work").add(Flow.linear("more-more-work").add(five("task3"), five("task4")));
    GraphFlow flow = Flow.graph("main-work").add(task1, task2);
    flow.link(task1, task2);
    flow.add(sub);
    flow.link(task2, sub, history -> {
      histories.add(history);
      return false;
    });
    assertThat(succeeds(kind, flow)).containsExactly(
        "task1.t RUNNING", "task1.t SUCCESS(5)", "task2.t RUNNING", "task2.t SUCCESS(5)",
        "task3.t IGNORE", "task4.t IGNORE");
    assertThat(histories).hasSize(1);
    assertThat(histories.get(0).atoms()).contains("task2");
  }

  // test_graph_flow_conditional_jumps_across
  @ParameterizedTest
  @MethodSource("engines")
  void everyDeciderIntoAnAtomSeesTheResultsOfAllItsDecidingLinks(UnaryOperator<EngineBuilder> kind) {
    List<DeciderHistory> histories = Collections.synchronizedList(new ArrayList<>());
    Decider shouldGo = history -> {
      histories.add(history);
      return false;
    };
    Task task1 = five("task1");
    Task task2 = five("task2");
    Flow sub = Flow.linear("more-work").add(five("task3"), five("task4"));
    GraphFlow flow = Flow.graph("main-work").add(task1, task2);
    flow.link(task1, task2);
    flow.add(sub);
    flow.link(task2, sub, shouldGo);
    flow.link(task1, sub, shouldGo);
    assertThat(succeeds(kind, flow)).containsExactly(
        "task1.t RUNNING", "task1.t SUCCESS(5)", "task2.t RUNNING", "task2.t SUCCESS(5)",
        "task3.t IGNORE", "task4.t IGNORE");
    assertThat(histories).hasSize(2);
    for (DeciderHistory history : histories) {
      assertThat(history.atoms()).containsExactlyInAnyOrder("task1", "task2");
      assertThat(history.result("task1")).contains(5);
    }
  }

  // test_graph_flow_conditional
  @ParameterizedTest
  @MethodSource("engines")
  void aNoSkipsItsBranchWhileAYesLetsTheOtherRun(UnaryOperator<EngineBuilder> kind) {
    Task task1 = five("task1");
    Task task2 = five("task2");
    Task task22 = five("task2_2");
    Task task3 = five("task3");
    GraphFlow flow = Flow.graph("root").add(task1, task2, task22, task3);
    flow.link(task1, task2, NO);
    flow.link(task2, task22);
    flow.link(task1, task3, YES);
    assertThat(succeeds(kind, flow)).containsExactlyInAnyOrder(
        "task1.t RUNNING", "task1.t SUCCESS(5)", "task2.t IGNORE", "task2_2.t IGNORE",
        "task3.t RUNNING", "task3.t SUCCESS(5)");
  }

  // test_graph_flow_conditional_ignore_reset
  @ParameterizedTest
  @MethodSource("engines")
  void aResetEngineAsksItsDecidersAgain(UnaryOperator<EngineBuilder> kind) {
    java.util.concurrent.atomic.AtomicBoolean allow = new java.util.concurrent.atomic.AtomicBoolean();
    Task task1 = five("task1");
    Task task2 = five("task2");
    Task task3 = five("task3");
    GraphFlow flow = Flow.graph("root").add(task1, task2, task3);
    flow.link(task1, task2);
    flow.link(task2, task3, history -> allow.get());
    CapturingListener first = tasks();
    CapturingListener second = tasks();
    FlowListener current = new FlowListener() {
      @Override
      public void onAtomStateChange(io.taskflow4j.listener.AtomStateChange change) {
        (allow.get() ? second : first).onAtomStateChange(change);
      }
    };
    try (Engine engine = kind.apply(Engine.builder(flow)).listener(current).build()) {
      assertThat(engine.run()).isEqualTo(FlowState.SUCCESS);
      assertThat(first.notation()).containsExactlyInAnyOrder(
          "task1.t RUNNING", "task1.t SUCCESS(5)", "task2.t RUNNING", "task2.t SUCCESS(5)", "task3.t IGNORE");
      assertThat(engine.atomState("task3")).isEqualTo(AtomState.IGNORE);
      engine.reset();
      allow.set(true);
      assertThat(engine.run()).isEqualTo(FlowState.SUCCESS);
      assertThat(second.notation()).containsExactlyInAnyOrder(
          "task1.t RUNNING", "task1.t SUCCESS(5)", "task2.t RUNNING", "task2.t SUCCESS(5)",
          "task3.t RUNNING", "task3.t SUCCESS(5)");
    }
  }

  // test_graph_flow_diamond_ignored
  @ParameterizedTest
  @MethodSource("engines")
  void oneNoAmongSeveralDecidingLinksSkipsTheAtom(UnaryOperator<EngineBuilder> kind) {
    Task task1 = five("task1");
    Task task2 = five("task2");
    Task task3 = five("task3");
    Task task4 = five("task4");
    GraphFlow flow = Flow.graph("root").add(task1, task2, task3, task4);
    flow.link(task1, task2);
    flow.link(task2, task4, NO);
    flow.link(task1, task3);
    flow.link(task3, task4, YES);
    CapturingListener capture = tasks();
    try (Engine engine = kind.apply(Engine.builder(flow)).listener(capture).build()) {
      assertThat(engine.run()).isEqualTo(FlowState.SUCCESS);
      assertThat(engine.atomState("task4")).isEqualTo(AtomState.IGNORE);
    }
    assertThat(capture.notation()).containsExactlyInAnyOrder(
        "task1.t RUNNING", "task1.t SUCCESS(5)", "task2.t RUNNING", "task2.t SUCCESS(5)",
        "task3.t RUNNING", "task3.t SUCCESS(5)", "task4.t IGNORE");
  }

  // test_graph_flow_conditional_history
  @ParameterizedTest
  @MethodSource("engines")
  void aDeciderChoosesABranchFromTheResultBeforeIt(UnaryOperator<EngineBuilder> kind) {
    for (int y : new int[] {1, 0}) {
      Task task1 = Task.builder("task1").requires("x", "y", "z")
          .execute(ctx -> ctx.arguments().get("x", Integer.class) + ctx.arguments().get("y", Integer.class)
              + ctx.arguments().get("z", Integer.class)).build();
      Task task2 = five("task2");
      Task task22 = five("task2_2");
      Task task3 = five("task3");
      Task task33 = five("task3_3");
      GraphFlow flow = Flow.graph("root").add(task1, task2, task22, task3, task33);
      flow.link(task1, task2, history -> sum(history) == 2);
      flow.link(task2, task22);
      flow.link(task1, task3, history -> sum(history) == 1);
      flow.link(task3, task33);
      CapturingListener capture = tasks();
      try (Engine engine = kind.apply(Engine.builder(flow)).inputs(Map.of("x", 0, "y", y, "z", 1))
          .listener(capture).build()) {
        assertThat(engine.run()).isEqualTo(FlowState.SUCCESS);
      }
      if (y == 1) {
        assertThat(capture.notation()).containsExactlyInAnyOrder(
            "task1.t RUNNING", "task1.t SUCCESS(2)", "task3.t IGNORE", "task3_3.t IGNORE",
            "task2.t RUNNING", "task2.t SUCCESS(5)", "task2_2.t RUNNING", "task2_2.t SUCCESS(5)");
      } else {
        assertThat(capture.notation()).containsExactlyInAnyOrder(
            "task1.t RUNNING", "task1.t SUCCESS(1)", "task2.t IGNORE", "task2_2.t IGNORE",
            "task3.t RUNNING", "task3.t SUCCESS(5)", "task3_3.t RUNNING", "task3_3.t SUCCESS(5)");
      }
    }
  }

  private static int sum(DeciderHistory history) {
    int total = 0;
    for (String atom : history.atoms()) {
      total += ((Number) history.result(atom).orElse(0)).intValue();
    }
    return total;
  }
}
