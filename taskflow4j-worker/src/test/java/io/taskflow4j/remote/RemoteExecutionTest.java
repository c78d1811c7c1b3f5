package io.taskflow4j.remote;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import io.taskflow4j.testing.MutableClock;
import io.taskflow4j.engine.Engine;
import io.taskflow4j.engine.FlowFailedException;
import io.taskflow4j.failure.Failure;
import io.taskflow4j.flow.Flow;
import io.taskflow4j.listener.FlowListener;
import io.taskflow4j.listener.TaskEvent;
import io.taskflow4j.protocol.RequestTimeoutException;
import io.taskflow4j.state.AtomState;
import io.taskflow4j.state.FlowState;
import io.taskflow4j.task.AbstractTask;
import io.taskflow4j.task.Task;
import io.taskflow4j.task.TaskContext;
import io.taskflow4j.task.TaskSpec;
import io.taskflow4j.transport.Transport;
import io.taskflow4j.transport.memory.InMemoryBroker;
import io.taskflow4j.worker.Worker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Flows run by an engine whose tasks go to workers over the in-memory transport. */
@Timeout(60)
class RemoteExecutionTest {

  private static final String EXCHANGE = "flows";
  private static final Duration TICK = Duration.ofMillis(10);

  private final InMemoryBroker broker = InMemoryBroker.builder().name("remote-test").build();
  private final Journal journal = new Journal();
  private final MutableClock clock = new MutableClock();
  private final List<AutoCloseable> closing = new ArrayList<>();

  @AfterEach
  void tearDown() throws Exception {
    journal.release.countDown();
    for (int i = closing.size() - 1; i >= 0; i--) {
      closing.get(i).close();
    }
    broker.close();
  }

  private Worker.Builder worker(String topic) {
    return worker(topic, broker.transport());
  }

  private Worker.Builder worker(String topic, Transport transport) {
    return Worker.builder(transport).exchange(EXCHANGE).topic(topic);
  }

  private Worker start(Worker.Builder builder) {
    Worker worker = builder.build();
    closing.add(worker);
    worker.start();
    return worker;
  }

  private RemoteTaskExecutor.Builder executor(String... topics) {
    return RemoteTaskExecutor.builder(broker.transport()).exchange(EXCHANGE).topics(topics).tickPeriod(TICK);
  }

  private RemoteTaskExecutor start(RemoteTaskExecutor.Builder builder, int workers) throws InterruptedException {
    RemoteTaskExecutor executor = builder.build();
    closing.add(executor);
    executor.start();
    executor.waitForWorkers(workers, Duration.ofSeconds(10));
    return executor;
  }

  private Engine engine(Flow flow, RemoteTaskExecutor executor, FlowListener... listeners) {
    var builder = Engine.builder(flow).taskExecutor(executor);
    for (FlowListener listener : listeners) {
      builder.listener(listener);
    }
    Engine engine = builder.build();
    closing.add(engine);
    return engine;
  }

  private static Task add(String name, String a, String b, String provides) {
    return Task.remote("calc.Add", TaskSpec.builder(name)
        .rebind("a", a).rebind("b", b).provides(provides).build());
  }

  @Test
  void flowOfMixedTasksRunsOnTwoWorkersWithDifferentTopicsAndTaskSets() throws Exception {
    start(worker("adders").serve("calc.Add", journal.adder("adders")));
    start(worker("multipliers").serve(Multiply.class));
    RemoteTaskExecutor executor = start(executor("adders", "multipliers"), 2);
    Flow flow = Flow.linear("mixed").add(
        add("add-1", "x", "y", "sum"), new Multiply("multiply"), add("add-2", "product", "z", "total"));

    Engine engine = Engine.builder(flow).taskExecutor(executor)
        .inputs(Map.of("x", 1, "y", 2, "c", 3, "z", 4)).build();
    closing.add(engine);

    assertThat(engine.run()).isEqualTo(FlowState.SUCCESS);
    assertThat(engine.result("sum")).contains(3);
    assertThat(engine.result("product")).contains(9);
    assertThat(engine.result("total")).contains(13);
    assertThat(journal.entries()).containsExactly("execute add-1@adders", "execute add-2@adders");
    assertThat(executor.workers()).extracting(KnownWorker::topic, KnownWorker::tasks).containsExactlyInAnyOrder(
        tuple("adders", List.of("calc.Add")), tuple("multipliers", List.of(Multiply.class.getName())));
  }

  @Test
  void aDeciderOnTheEngineSkipsARemoteTaskFromTheResultAWorkerReturned() throws Exception {
    start(worker("adders").serve("calc.Add", journal.adder("adders")));
    RemoteTaskExecutor executor = start(executor("adders"), 1);
    Task first = add("first", "x", "x", "sum");
    Task big = add("big", "sum", "x", "big_total");
    Task small = add("small", "sum", "sum", "small_total");
    io.taskflow4j.flow.GraphFlow flow = Flow.graph("branch").add(first, big, small);
    flow.link(first, big, history -> ((Number) history.result("first").orElseThrow()).intValue() > 10);
    flow.link(first, small, history -> ((Number) history.result("first").orElseThrow()).intValue() <= 10);
    Engine engine = Engine.builder(flow).taskExecutor(executor).input("x", 2).build();
    closing.add(engine);

    assertThat(engine.run()).isEqualTo(FlowState.SUCCESS);
    assertThat(engine.result("small_total")).contains(8);
    assertThat(engine.atomState("big")).isEqualTo(AtomState.IGNORE);
    assertThat(journal.entries()).containsExactlyInAnyOrder("execute first@adders", "execute small@adders");
  }

  @Test
  void aRevertWithArgumentsOfItsOwnReceivesThemOnTheWorkerAndWhatItReturnsIsRecorded() throws Exception {
    start(worker("left").serve("calc.Add", journal.adder("left"))
        .serve("job.Undo", journal.failingShowingRevertArguments("left")));
    RemoteTaskExecutor executor = start(executor("left"), 1);
    Task undo = Task.remote("job.Undo", TaskSpec.builder("undo").requires("sum")
        .revertRequires("ticket").revertRebind("total", "sum").build());
    Flow flow = Flow.linear("undoing").add(add("sum-up", "x", "x", "sum"), undo);
    io.taskflow4j.persistence.FlowStore store = io.taskflow4j.persistence.FlowStore.inMemory();
    Engine engine = Engine.builder(flow).taskExecutor(executor).inputs(Map.of("x", 2, "ticket", "T-7"))
        .store(store).build();
    closing.add(engine);

    FlowFailedException failed = catchThrowableOfType(FlowFailedException.class, engine::run);

    assertThat(failed.state()).isEqualTo(FlowState.REVERTED);
    assertThat(journal.entries()).contains("revert-arguments undo {ticket=T-7, total=4}");
    // What the worker's revert returned comes back and is recorded as the revert result.
    assertThat(store.atoms(engine.flowId()).stream().filter(atom -> atom.name().equals("undo")).findFirst()
        .orElseThrow().revertResults()).contains("undone T-7");
  }

  @Test
  void aFailureOnAWorkerRevertsEveryTaskRemotelyInReverseOrder() throws Exception {
    start(worker("left").serve("calc.Add", journal.adder("left")).serve("job.Fail", journal.failing("left")));
    start(worker("right").serve("calc.Add", journal.adder("right")).serve("job.Fail", journal.failing("right")));
    RemoteTaskExecutor executor = start(executor("left", "right"), 2);
    Flow flow = Flow.linear("failing").add(
        add("a", "x", "x", "ax"), add("b", "ax", "x", "bx"),
        Journal.remote("job.Fail", "c", List.of("bx")));
    Engine engine = Engine.builder(flow).taskExecutor(executor).input("x", 1).build();
    closing.add(engine);

    FlowFailedException failed = catchThrowableOfType(FlowFailedException.class, engine::run);

    assertThat(failed.failures()).containsOnlyKeys("c");
    assertThat(failed.failures().get("c").matches(IllegalStateException.class)).isTrue();
    assertThat(failed.failures().get("c").message()).isEqualTo("c broke");
    assertThat(journal.reverts()).extracting(e -> e.substring(0, e.indexOf('@')))
        .containsExactly("revert c", "revert b", "revert a");
    assertThat(engine.atomState("a")).isEqualTo(AtomState.REVERTED);
  }

  @Test
  void progressReachesALocalListenerAndHeartbeatsDoNot() throws Exception {
    start(worker("w").serve("job.Progress", journal.progressing("w")).heartbeatInterval(Duration.ofMillis(5)));
    RemoteTaskExecutor executor = start(executor("w"), 1);
    List<TaskEvent> events = new CopyOnWriteArrayList<>();
    Engine engine = engine(Flow.linear("progress").add(Journal.remote("job.Progress", "p", List.of())),
        executor, new FlowListener() {
          @Override
          public void onTaskEvent(TaskEvent event) {
            events.add(event);
          }
        });

    engine.run();

    assertThat(events).extracting(TaskEvent::taskName).containsOnly("p");
    assertThat(events).extracting(TaskEvent::eventType).containsOnly("update_progress");
    // The engine's own 0.0 as the task starts and 1.0 as it succeeds, the worker's reports between.
    assertThat(events).extracting(e -> e.progress().orElseThrow()).containsExactly(0.0, 0.25, 0.75, 1.0);
  }

  @Test
  void aTaskNoWorkerServesFailsWithARequestTimeoutAndTheFlowReverts() throws Exception {
    start(worker("w").serve("calc.Add", journal.adder("w")));
    RemoteTaskExecutor executor =
        start(executor("w").clock(clock).requestTimeout(Duration.ofSeconds(1)), 1);
    Flow flow = Flow.linear("unserved").add(add("a", "x", "x", "ax"), Journal.remote("nobody.Serves", "b", List.of()));
    Engine engine = Engine.builder(flow).taskExecutor(executor).input("x", 1).build();
    closing.add(engine);

    CompletableFuture<FlowState> run = engine.runAsync();
    await().until(() -> engine.atomState("b") == AtomState.RUNNING);
    await().until(() -> {
      clock.advance(Duration.ofMillis(500));
      return run.isDone();
    });

    FlowFailedException failed = catchThrowableOfType(FlowFailedException.class, () -> join(run));
    Failure failure = failed.failures().get("b");
    assertThat(failure.matches(RequestTimeoutException.class)).isTrue();
    assertThat(failure.message()).contains("task 'b'", "timed out after");
    assertThat(journal.reverts()).containsExactly("revert a@w");
  }

  @Test
  void aWorkerThatStopsAnsweringIsForgottenAfterItsExpiry() throws Exception {
    Worker leaving = start(worker("leaving").serve("calc.Add", journal.adder("leaving")));
    start(worker("staying").serve("calc.Add", journal.adder("staying")));
    RemoteTaskExecutor executor = start(executor("leaving", "staying").clock(clock)
        .notifyPeriod(Duration.ofSeconds(5)).workerExpiry(Duration.ofSeconds(60)), 2);
    leaving.stop(Duration.ZERO);

    clock.advance(Duration.ofSeconds(30));
    await().until(() -> lastSeen(executor, "staying").equals(clock.instant()));
    assertThat(executor.workers()).extracting(KnownWorker::topic).containsExactlyInAnyOrder("leaving", "staying");
    clock.advance(Duration.ofSeconds(31));

    await().until(() -> executor.workers().size() == 1);
    assertThat(executor.workers()).extracting(KnownWorker::topic).containsExactly("staying");
  }

  private static java.time.Instant lastSeen(RemoteTaskExecutor executor, String topic) {
    return executor.workers().stream().filter(w -> w.topic().equals(topic)).findFirst().orElseThrow().lastSeen();
  }

  @Test
  void aWorkerThatDiesMidTaskFailsTheTaskThroughHeartbeatLossAndALiveWorkerReverts() throws Exception {
    Map<String, Transport> transports = Map.of("one", broker.transport(), "two", broker.transport());
    for (String topic : transports.keySet()) {
      start(worker(topic, transports.get(topic))
          .serve("calc.Add", journal.adder(topic))
          .serve("job.Hang", journal.hanging(topic))
          .heartbeatInterval(Duration.ofMillis(100)));
    }
    List<String> started = new CopyOnWriteArrayList<>();
    RemoteTaskExecutor executor = start(executor("one", "two").clock(clock).listener(new RemoteExecutorListener() {
      @Override
      public void onStarted(String taskName, String taskClass, String workerTopic, Duration queueWait) {
        started.add(taskName);
      }
    }), 2);
    Flow flow = Flow.linear("crash").add(add("a", "x", "x", "ax"), Journal.remote("job.Hang", "hang", List.of("ax")));
    Engine engine = Engine.builder(flow).taskExecutor(executor).input("x", 1).build();
    closing.add(engine);

    CompletableFuture<FlowState> run = engine.runAsync();
    await().until(() -> journal.entries().stream().anyMatch(e -> e.startsWith("execute hang@")));
    // Mid-task: its worker said RUNNING, which it does once the task ran for the notice delay.
    await().until(() -> started.contains("hang"));
    String dead = journal.entries().stream().filter(e -> e.startsWith("execute hang@")).findFirst()
        .orElseThrow().substring("execute hang@".length());
    String live = dead.equals("one") ? "two" : "one";
    // The worker's connection goes away without a word, as when its process is killed.
    transports.get(dead).close();
    // Time moves only until the loss is noticed, so the reverts on the live worker run in peace.
    await().until(() -> {
      clock.advance(Duration.ofSeconds(1));
      return engine.atomState("hang") != AtomState.RUNNING;
    });

    FlowFailedException failed = catchThrowableOfType(FlowFailedException.class, () -> join(run));
    Failure failure = failed.failures().get("hang");
    assertThat(failure.matches(WorkerLostException.class)).isTrue();
    assertThat(failure.message()).contains("worker '" + dead + "'", "task 'hang'", "nothing heard for");
    assertThat(journal.reverts()).containsExactly("revert hang@" + live, "revert a@" + live);
    assertThat(executor.workers()).extracting(KnownWorker::topic).containsExactly(live);
  }

  @Test
  void whenAFlowFailsTheRequestsNotYetSentAreWithdrawnAndNeitherRunNorReverted() throws Exception {
    // The adders wait for the gate, so the one request the failure lets out cannot free the
    // window again before the engine has withdrawn the rest.
    CountDownLatch gate = new CountDownLatch(1);
    start(worker("w").threads(1)
        .serve("calc.Add", journal.gatedAdder("w", gate)).serve("job.Fail", journal.failing("w")));
    RemoteTaskExecutor executor = start(executor("w").inFlight(1), 1);
    var flow = Flow.unordered("window");
    for (int i = 0; i < 10; i++) {
      flow.add(add("add-" + i, "x", "x", "r" + i));
    }
    // Ready atoms are submitted last added first: the failing one goes out first.
    flow.add(Journal.remote("job.Fail", "boom", List.of()));
    Engine engine = Engine.builder(flow).taskExecutor(executor).input("x", 1).build();
    closing.add(engine);

    CompletableFuture<FlowState> run = engine.runAsync();
    await().until(() -> pendingAdds(engine) >= 9);
    gate.countDown();

    assertThatThrownBy(() -> join(run)).isInstanceOf(FlowFailedException.class);
    assertThat(engine.state()).isEqualTo(FlowState.REVERTED);
    List<String> executed = journal.entries().stream()
        .filter(e -> e.startsWith("execute add-")).map(e -> e.substring("execute ".length())).toList();
    // At most the one sent when the failure freed the window ran; it was reverted.
    assertThat(executed).hasSizeLessThanOrEqualTo(1);
    assertThat(journal.reverts()).contains("revert boom@w")
        .containsAll(executed.stream().map(e -> "revert " + e).toList()).hasSize(1 + executed.size());
    assertThat(pendingAdds(engine)).isEqualTo(10 - executed.size());
  }

  private static long pendingAdds(Engine engine) {
    return java.util.stream.IntStream.range(0, 10)
        .filter(i -> engine.atomState("add-" + i) == AtomState.PENDING).count();
  }

  @Test
  void aTaskThatRunsLongerThanItsExecutionTimeoutFails() throws Exception {
    start(worker("w").serve("job.Hang", journal.hanging("w")).serve("calc.Add", journal.adder("w")));
    RemoteTaskExecutor executor = start(
        executor("w").clock(clock).executionTimeout("slow", Duration.ofSeconds(2)), 1);
    Flow flow = Flow.linear("long-running").add(add("a", "x", "x", "ax"), Journal.remote("job.Hang", "slow", List.of()));
    Engine engine = Engine.builder(flow).taskExecutor(executor).input("x", 1).build();
    closing.add(engine);

    CompletableFuture<FlowState> run = engine.runAsync();
    await().until(() -> journal.has("execute slow@w"));
    await().until(() -> {
      clock.advance(Duration.ofMillis(500));
      return engine.atomState("slow") != AtomState.RUNNING;
    });

    FlowFailedException failed = catchThrowableOfType(FlowFailedException.class, () -> join(run));
    Failure failure = failed.failures().get("slow");
    assertThat(failure.matches(ExecutionTimeoutException.class)).isTrue();
    assertThat(failure.message()).contains("task 'slow'", "execution timeout of 2s", "worker 'w'");
    assertThat(journal.reverts()).containsExactly("revert slow@w", "revert a@w");
  }

  @Test
  void aRemoteOnlyTaskRunsOnAWorkerServingItsName() throws Exception {
    start(worker("resizers").serve("pkg.mod.Resize", name -> new AbstractTask(TaskSpec.builder(name).build()) {
      @Override
      public Object execute(TaskContext context) {
        return context.argument("height", Long.class) * context.argument("width", Long.class);
      }
    }));
    RemoteTaskExecutor executor = start(executor("resizers"), 1);
    Task resize = Task.remote("pkg.mod.Resize",
        TaskSpec.builder("resize").requires("height", "width").provides("area").build());
    Engine engine = Engine.builder(Flow.linear("images").add(resize)).taskExecutor(executor)
        .input("height", 3).input("width", 4).build();
    closing.add(engine);

    assertThat(engine.run()).isEqualTo(FlowState.SUCCESS);
    assertThat(engine.result("area")).contains(12);
  }

  private static FlowState join(CompletableFuture<FlowState> run) {
    try {
      return run.join();
    } catch (java.util.concurrent.CompletionException e) {
      throw (RuntimeException) e.getCause();
    }
  }
}
