package io.taskflow4j.flow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.taskflow4j.FlowElement;
import io.taskflow4j.engine.Engine;
import io.taskflow4j.engine.EngineBuilder;
import io.taskflow4j.engine.FlowFailedException;
import io.taskflow4j.listener.AtomStateChange;
import io.taskflow4j.listener.FlowListener;
import io.taskflow4j.persistence.FlowStore;
import io.taskflow4j.state.AtomState;
import io.taskflow4j.state.FlowState;
import io.taskflow4j.task.Arguments;
import io.taskflow4j.task.Task;
import io.taskflow4j.task.TaskContext;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class FanOutTest {

  static List<UnaryOperator<EngineBuilder>> engines() {
    return List.of(EngineBuilder::serial, b -> b.threads(2));
  }

  private final List<String> log = Collections.synchronizedList(new ArrayList<>());

  private static List<Integer> oneTo(int n) {
    return IntStream.rangeClosed(1, n).boxed().toList();
  }

  private FanOut.Builder<Integer> tens(List<Integer> items) {
    return FanOut.over("tens", items)
        .execute((item, ctx) -> {
          log.add("execute " + item);
          return item * 10;
        })
        .revert((item, ctx) -> log.add("revert " + item))
        .provides("all");
  }

  @ParameterizedTest
  @MethodSource("engines")
  void itemResultsAreGatheredInTheCollectionsOrder(UnaryOperator<EngineBuilder> kind) {
    try (Engine engine = kind.apply(Engine.builder(tens(oneTo(20)).build())).build()) {
      assertThat(engine.run()).isEqualTo(FlowState.SUCCESS);
      assertThat(engine.result("all")).contains(oneTo(20).stream().map(i -> i * 10).toList());
      assertThat(engine.result("tens-4")).as("each item's own result").contains(50);
    }
    assertThat(log).hasSize(20).doesNotContain("revert 1");
  }

  @Test
  void theFlowIsAnUnorderedFlowOfOneTaskPerItemThenTheGatherTask() {
    LinearFlow flow = tens(oneTo(3)).build();
    assertThat(flow.name()).isEqualTo("tens");
    assertThat(flow.elements()).extracting(FlowElement::name).containsExactly("tens-items", "tens-gather");
    Flow items = (Flow) flow.elements().get(0);
    assertThat(items).isInstanceOf(UnorderedFlow.class);
    assertThat(items.elements()).extracting(FlowElement::name).containsExactly("tens-0", "tens-1", "tens-2");
    assertThat(((Task) items.elements().get(1)).spec().provides()).containsExactly("tens-1");
    assertThat(FanOut.itemName("tens", 2)).isEqualTo("tens-2");
    assertThat(FanOut.itemsFlowName("tens")).isEqualTo("tens-items");
    assertThat(FanOut.gatherName("tens")).isEqualTo("tens-gather");
  }

  @ParameterizedTest
  @MethodSource("engines")
  void sharedRequirementsReachEveryItemAndTheFanOutNestsInOtherFlows(UnaryOperator<EngineBuilder> kind) {
    Task factor = Task.builder("factor").provides("factor").execute(ctx -> 3).build();
    Flow fan = FanOut.over("times", List.of(1, 2, 3))
        .requires("factor")
        .execute((item, ctx) -> item * ctx.argument("factor", Integer.class))
        .provides("products")
        .build();
    Task sum = Task.builder("sum").requires("products").provides("sum")
        .execute(ctx -> ((List<?>) ctx.argument("products", List.class)).stream()
            .mapToInt(v -> ((Number) v).intValue()).sum())
        .build();
    try (Engine engine = kind.apply(Engine.builder(Flow.linear("outer").add(factor, fan, sum))).build()) {
      assertThat(engine.run()).isEqualTo(FlowState.SUCCESS);
      assertThat(engine.result("products")).contains(List.of(3, 6, 9));
      assertThat(engine.result("sum")).contains(18);
    }
  }

  @ParameterizedTest
  @MethodSource("engines")
  void aFailingItemRevertsEveryItemThatRanAndNothingIsGathered(UnaryOperator<EngineBuilder> kind) {
    Flow fan = FanOut.over("fail", oneTo(4))
        .execute((item, ctx) -> {
          log.add("execute " + item);
          if (item == 3) {
            throw new IllegalStateException("item 3 is bad");
          }
          return item;
        })
        .revert((item, ctx) -> log.add("revert " + item))
        .provides("all")
        .build();
    try (Engine engine = kind.apply(Engine.builder(fan)).build()) {
      FlowFailedException failed = catchThrowableOfType(FlowFailedException.class, engine::run);
      assertThat(failed).isNotNull();
      assertThat(failed.failures()).containsOnlyKeys("fail-2");
      assertThat(failed.state()).isEqualTo(FlowState.REVERTED);
      assertThat(engine.atomState("fail-gather")).isEqualTo(AtomState.PENDING);
    }
    Set<String> executed = new TreeSet<>();
    Set<String> reverted = new TreeSet<>();
    for (String line : log) {
      (line.startsWith("execute") ? executed : reverted).add(line.substring(line.indexOf(' ') + 1));
    }
    assertThat(executed).contains("3");
    assertThat(reverted).isEqualTo(executed);
  }

  @ParameterizedTest
  @MethodSource("engines")
  void tasksMadeByAFactoryGetTheItemAsAnInjectedArgument(UnaryOperator<EngineBuilder> kind) {
    Flow fan = FanOut.over("upper", List.of("a", "b"))
        .argument("word")
        .tasks((spec, item) -> new Shout(spec))
        .provides("shouted")
        .build();
    try (Engine engine = kind.apply(Engine.builder(fan)).build()) {
      assertThat(engine.run()).isEqualTo(FlowState.SUCCESS);
      assertThat(engine.result("shouted")).contains(List.of("A!", "B!"));
    }
  }

  /** A task class reading its item from the argument a fan-out injects. */
  private record Shout(io.taskflow4j.task.TaskSpec spec) implements Task {
    @Override
    public Object execute(TaskContext context) {
      return context.argument("word", String.class).toUpperCase(java.util.Locale.ROOT) + "!";
    }
  }

  @Test
  void theGatherTaskAWorkerRunsOrdersItsArgumentsByIndex() throws Exception {
    Task gather = FanOut.gatherTasks().create("g");
    assertThat(gather.remoteName()).isEqualTo(FanOut.GATHER_REMOTE_NAME);
    TaskContext context = new TaskContext() {
      @Override
      public String taskName() {
        return "g";
      }

      @Override
      public Arguments arguments() {
        return Arguments.of(Map.of("2", "c", "0", "a", "1", "b"));
      }

      @Override
      public void reportProgress(double progress) {}

      @Override
      public void emit(String eventType, Map<String, Object> details) {}
    };
    assertThat(gather.execute(context)).isEqualTo(List.of("a", "b", "c"));
  }

  @Test
  void aHalfDoneFanOutResumesRunningOnlyTheItemsThatHadNotSucceeded() {
    FlowStore store = FlowStore.inMemory();
    AtomicReference<Engine> running = new AtomicReference<>();
    FlowListener suspendAfterSecond = new FlowListener() {
      @Override
      public void onAtomStateChange(AtomStateChange change) {
        if (change.atomName().equals("tens-1") && change.to() == AtomState.SUCCESS) {
          running.get().suspend();
        }
      }
    };
    String flowId;
    try (Engine first = Engine.builder(tens(oneTo(5)).build()).serial().store(store)
        .listener(suspendAfterSecond).build()) {
      running.set(first);
      flowId = first.flowId();
      assertThat(first.run()).isEqualTo(FlowState.SUSPENDED);
    }
    List<String> firstRun = List.copyOf(log);
    log.clear();

    try (Engine resumed = Engine.builder(tens(oneTo(5)).build()).serial().resume(store, flowId).build()) {
      assertThat(resumed.run()).isEqualTo(FlowState.SUCCESS);
      assertThat(resumed.result("all")).contains(List.of(10, 20, 30, 40, 50));
    }
    assertThat(firstRun).contains("execute 2");
    List<String> all = new ArrayList<>(firstRun);
    all.addAll(log);
    assertThat(all).as("every item ran exactly once over the two runs")
        .containsExactlyInAnyOrder("execute 1", "execute 2", "execute 3", "execute 4", "execute 5");
    assertThat(log).doesNotContainAnyElementsOf(firstRun);
  }

  @Test
  void anEmptyOrNullCollectionIsRefusedNamingTheFanOut() {
    assertThatThrownBy(() -> tens(List.of()).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("fan-out 'tens' has no items");
    assertThatThrownBy(() -> FanOut.over("tens", null).execute((i, c) -> i).provides("all").build())
        .isInstanceOf(NullPointerException.class)
        .hasMessageContaining("fan-out 'tens'");
    assertThatThrownBy(() -> tens(java.util.Arrays.asList(1, null)).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("fan-out 'tens' has a null item at index 1");
  }

  @Test
  void aFanOutWithoutExactlyOneFunctionIsRefused() {
    assertThatThrownBy(() -> FanOut.over("f", List.of(1)).provides("all").build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("fan-out 'f' has no function");
    assertThatThrownBy(() -> FanOut.over("f", List.of(1)).execute((i, c) -> i).tasks((s, i) -> null)
            .provides("all").build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("both");
    assertThatThrownBy(() -> FanOut.over("f", List.of(1)).tasks((s, i) -> new Shout(s))
            .revert((i, c) -> {}).provides("all").build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("revert");
    assertThatThrownBy(() -> FanOut.over("f", List.of(1)).execute((i, c) -> i).build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("fan-out 'f' provides nothing");
  }

  @Test
  void namesUsedTwiceOrBlankAreRefused() {
    assertThatThrownBy(() -> FanOut.over(" ", List.of(1)).execute((i, c) -> i).provides("all").build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("fan-out name must not be blank");
    assertThatThrownBy(() -> FanOut.over("f", List.of(1)).requires("x", "x").execute((i, c) -> i)
            .provides("all").build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("fan-out 'f' names 'x' twice");
    assertThatThrownBy(() -> FanOut.over("f", List.of(1)).requires("item").tasks((s, i) -> new Shout(s))
            .provides("all").build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("fan-out 'f' names 'item' twice");
    assertThatThrownBy(() -> FanOut.over("f", List.of(1)).requires("x").execute((i, c) -> i)
            .provides("x").build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("fan-out 'f' provides 'x', which its item tasks also require");
  }

  @Test
  void aFactoryTaskThatDoesNotKeepItsSpecIsRefused() {
    assertThatThrownBy(() -> FanOut.over("f", List.of(1))
            .tasks((spec, item) -> Task.builder("other").execute(c -> 1).build())
            .provides("all").build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("fan-out 'f': the task made for item 0 is named 'other'");
  }

  @Test
  void anItemNameClashingWithAnotherAtomIsReportedWhenCompiled() {
    Task clash = Task.builder("tens-0").execute(ctx -> 1).build();
    Flow outer = Flow.linear("outer").add(clash, tens(oneTo(2)).build());
    try (Engine engine = Engine.builder(outer).build()) {
      assertThatThrownBy(engine::run)
          .isInstanceOf(FlowDefinitionException.class)
          .hasMessageContaining("tens-0");
    }
  }
}
