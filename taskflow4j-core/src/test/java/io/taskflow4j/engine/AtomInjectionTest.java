package io.taskflow4j.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.taskflow4j.flow.Flow;
import io.taskflow4j.flow.FlowDefinitionException;
import io.taskflow4j.listener.AtomStateChange;
import io.taskflow4j.listener.FlowListener;
import io.taskflow4j.persistence.AtomDetail;
import io.taskflow4j.persistence.FlowStore;
import io.taskflow4j.state.AtomState;
import io.taskflow4j.state.FlowState;
import io.taskflow4j.task.Task;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** {@link EngineBuilder#inject(String, String, Object)}: values for one task, given to the engine. */
class AtomInjectionTest {

  private static Task add(String name, String provides) {
    return Task.builder(name).requires("a", "b").provides(provides)
        .execute(ctx -> ctx.argument("a", Integer.class) + ctx.argument("b", Integer.class)).build();
  }

  @Test
  void aValueInjectedForOneTaskWinsOverInputsProvidersAndTheTasksOwnInjection() {
    Task first = add("first", "a");
    Task second = Task.builder("second").requires("a", "b").inject("b", 100).provides("total")
        .execute(ctx -> ctx.argument("a", Integer.class) + ctx.argument("b", Integer.class)).build();
    Flow flow = Flow.linear("sums").add(first, second);
    try (Engine engine = Engine.builder(flow).serial().input("a", 1).input("b", 2)
        .inject("second", "a", 10).inject("second", "b", 20).build()) {
      assertThat(engine.run()).isEqualTo(FlowState.SUCCESS);
      // first adds the inputs; second takes its own injected values instead of first's 'a' and its 100.
      assertThat(engine.result("a")).contains(3);
      assertThat(engine.result("total")).contains(30);
    }
  }

  @Test
  void aValueInjectedForATaskTheFlowDoesNotHaveIsRefusedNamingIt() {
    Flow flow = Flow.linear("sums").add(add("first", "sum"));
    try (Engine engine = Engine.builder(flow).inputs(Map.of("a", 1, "b", 2)).inject("frist", "a", 5).build()) {
      FlowDefinitionException refused = catchThrowableOfType(FlowDefinitionException.class, engine::compile);
      assertThat(refused).hasMessageContaining("values are injected for [frist], which is not a task of flow 'sums'");
      assertThat(refused.atoms()).containsExactly("frist");
    }
  }

  @Test
  void anInjectedValueIsRecordedWithTheAtomAndAResumeKeepsIt() {
    FlowStore store = FlowStore.inMemory();
    AtomicReference<Engine> running = new AtomicReference<>();
    FlowListener suspendAfterFirst = new FlowListener() {
      @Override
      public void onAtomStateChange(AtomStateChange change) {
        if (change.atomName().equals("first") && change.to() == AtomState.SUCCESS) {
          running.get().suspend();
        }
      }
    };
    Flow flow = Flow.linear("sums").add(add("first", "x"), add("second", "total"));
    String id;
    try (Engine engine = Engine.builder(flow).serial().store(store).inputs(Map.of("a", 1, "b", 2))
        .inject("second", "b", 40).listener(suspendAfterFirst).build()) {
      running.set(engine);
      id = engine.flowId();
      assertThat(engine.run()).isEqualTo(FlowState.SUSPENDED);
    }
    AtomDetail second = store.atoms(id).stream().filter(atom -> atom.name().equals("second")).findFirst().orElseThrow();
    assertThat(second.meta()).containsEntry("injected", Map.of("b", 40));

    try (Engine resumed = Engine.builder(flow).serial().resume(store, id).build()) {
      assertThat(resumed.run()).isEqualTo(FlowState.SUCCESS);
      assertThat(resumed.result("total")).contains(41);
    }
  }
}
