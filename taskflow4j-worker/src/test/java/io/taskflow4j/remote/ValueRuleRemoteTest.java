package io.taskflow4j.remote;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.taskflow4j.engine.Engine;
import io.taskflow4j.engine.FlowFailedException;
import io.taskflow4j.failure.Failure;
import io.taskflow4j.flow.Flow;
import io.taskflow4j.listener.FlowListener;
import io.taskflow4j.listener.TaskEvent;
import io.taskflow4j.spi.LocalTaskRunner;
import io.taskflow4j.spi.TaskExecutor;
import io.taskflow4j.state.AtomState;
import io.taskflow4j.state.FlowState;
import io.taskflow4j.task.Task;
import io.taskflow4j.task.TaskSpec;
import io.taskflow4j.transport.memory.InMemoryBroker;
import io.taskflow4j.worker.Worker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The value rule across the wire: records a worker's task returns travel as JSON and are read
 * back as records; records in arguments are sent as JSON; a result that is not convertible is a
 * FAILURE naming the task and the type.
 */
@Timeout(60)
class ValueRuleRemoteTest {

  record Vm(String name, int cpus) {}

  /** Has no properties, so Jackson cannot write it. */
  static final class Opaque {}

  private static final String EXCHANGE = "values";

  private final InMemoryBroker broker = InMemoryBroker.builder().name("value-rule").build();
  private final List<AutoCloseable> closing = new ArrayList<>();
  private final List<String> reverted = new CopyOnWriteArrayList<>();
  private final List<TaskEvent> events = new CopyOnWriteArrayList<>();
  private RemoteTaskExecutor remote;

  @BeforeEach
  void startWorkerAndExecutor() throws InterruptedException {
    Worker worker = Worker.builder(broker.transport()).exchange(EXCHANGE).topic("vms")
        .serve("vm.Create", name -> Task.builder(name).execute(ctx -> new Vm("web-1", 4)).build())
        .serve("vm.Announce", name -> Task.builder(name).execute(ctx -> {
          ctx.emit("made", Map.of("vm", new Vm("web-2", 2)));
          return null;
        }).build())
        .serve("vm.Opaque", name -> Task.builder(name).execute(ctx -> new Opaque()).build())
        .serve("vm.Grow", name -> Task.builder(name).execute(ctx -> {
          Vm vm = ctx.argument("vm", Vm.class);
          return new Vm(vm.name(), vm.cpus() * 2);
        }).build())
        .heartbeatInterval(Duration.ZERO)
        .build();
    closing.add(worker);
    worker.start();
    remote = RemoteTaskExecutor.builder(broker.transport()).exchange(EXCHANGE).topics("vms")
        .tickPeriod(Duration.ofMillis(10)).build();
    closing.add(remote);
    remote.start();
    remote.waitForWorkers(1, Duration.ofSeconds(10));
  }

  @AfterEach
  void tearDown() throws Exception {
    for (int i = closing.size() - 1; i >= 0; i--) {
      closing.get(i).close();
    }
    broker.close();
  }

  /** Sends the named tasks to the workers and runs the others in this process. */
  private TaskExecutor mixed(Set<String> remoteTasks) {
    return invocation -> remoteTasks.contains(invocation.task().name())
        ? remote.submit(invocation)
        : CompletableFuture.supplyAsync(() -> LocalTaskRunner.run(invocation));
  }

  private Engine engine(Flow flow, Set<String> remoteTasks, Map<String, ?> inputs) {
    Engine engine = Engine.builder(flow).taskExecutor(mixed(remoteTasks)).inputs(inputs)
        .listener(new FlowListener() {
          @Override
          public void onTaskEvent(TaskEvent event) {
            events.add(event);
          }
        })
        .build();
    closing.add(engine);
    return engine;
  }

  private Task local(String name, String requires, String provides) {
    return Task.builder(name).requires(requires).provides(provides)
        .execute(ctx -> {
          Vm vm = ctx.argument(requires, Vm.class);
          return vm.name() + " has " + vm.cpus() + " cpus";
        })
        .revert(ctx -> reverted.add(name))
        .build();
  }

  @Test
  void aRecordAWorkerReturnsReachesTheEnginesNextTaskAsTheRecord() {
    Flow flow = Flow.linear("creating").add(
        Task.remote("vm.Create", TaskSpec.builder("create").provides("vm").build()),
        local("describe", "vm", "description"));
    Engine engine = engine(flow, Set.of("create"), Map.of());

    assertThat(engine.run()).isEqualTo(FlowState.SUCCESS);

    assertThat(engine.result("vm")).contains(Map.of("name", "web-1", "cpus", 4));
    assertThat(engine.result("description")).contains("web-1 has 4 cpus");
  }

  @Test
  void aRecordArgumentIsSentAsJsonAndReadOnTheWorkerAsTheRecord() {
    Flow flow = Flow.linear("growing").add(
        Task.remote("vm.Grow", TaskSpec.builder("grow").requires("vm").provides("bigger").build()),
        local("describe", "bigger", "description"));
    Engine engine = engine(flow, Set.of("grow"), Map.of("vm", new Vm("db", 8)));

    assertThat(engine.run()).isEqualTo(FlowState.SUCCESS);

    assertThat(engine.result("bigger")).contains(Map.of("name", "db", "cpus", 16));
    assertThat(engine.result("description")).contains("db has 16 cpus");
  }

  @Test
  void aResultTheWorkerCannotConvertIsAFailureNamingTheTaskAndTheType() {
    Task first = Task.builder("first").provides("n").execute(ctx -> 1)
        .revert(ctx -> reverted.add("first")).build();
    Flow flow = Flow.linear("opaque-flow").add(
        first, Task.remote("vm.Opaque", TaskSpec.builder("opaque").requires("n").provides("o").build()));
    Engine engine = engine(flow, Set.of("opaque"), Map.of());

    FlowFailedException failed = catchThrowableOfType(FlowFailedException.class, engine::run);

    assertThat(failed.state()).isEqualTo(FlowState.REVERTED);
    assertThat(failed.failures()).containsOnlyKeys("opaque");
    Failure failure = failed.failures().get("opaque");
    assertThat(failure.message())
        .contains("task 'opaque'")
        .contains(Opaque.class.getName());
    assertThat(engine.atomState("first")).isEqualTo(AtomState.REVERTED);
    assertThat(reverted).containsExactly("first");
  }

  @Test
  void aRecordInAnEventsDetailsReachesTheListenersAsJson() {
    Flow flow = Flow.linear("announcing").add(Task.remote("vm.Announce", TaskSpec.builder("announce").build()));
    Engine engine = engine(flow, Set.of("announce"), Map.of());

    assertThat(engine.run()).isEqualTo(FlowState.SUCCESS);

    assertThat(events).filteredOn(event -> event.eventType().equals("made"))
        .extracting(TaskEvent::details)
        .containsExactly(Map.of("vm", Map.of("name", "web-2", "cpus", 2)));
  }
}
