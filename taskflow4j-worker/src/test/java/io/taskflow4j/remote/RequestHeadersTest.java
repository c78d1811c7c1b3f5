package io.taskflow4j.remote;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.taskflow4j.engine.Engine;
import io.taskflow4j.engine.FlowFailedException;
import io.taskflow4j.flow.Flow;
import io.taskflow4j.persistence.FlowStore;
import io.taskflow4j.protocol.Action;
import io.taskflow4j.state.FlowState;
import io.taskflow4j.task.Outcome;
import io.taskflow4j.task.Task;
import io.taskflow4j.task.TaskFactory;
import io.taskflow4j.task.TaskSpec;
import io.taskflow4j.transport.memory.InMemoryBroker;
import io.taskflow4j.worker.TaskRun;
import io.taskflow4j.worker.TaskRunInterceptor;
import io.taskflow4j.worker.Worker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Extra request headers: from the executor's {@link RequestHeaders} to the worker's {@link
 * TaskRunInterceptor}, within the limits, and never a reason for a task to fail.
 */
@Timeout(30)
class RequestHeadersTest {

  private static final String EXCHANGE = "headers";

  private final InMemoryBroker broker = InMemoryBroker.builder().name("headers-test").build();
  private final List<AutoCloseable> closing = new ArrayList<>();
  private final List<TaskRun> runs = new CopyOnWriteArrayList<>();
  private final AtomicInteger executed = new AtomicInteger();

  @AfterEach
  void tearDown() throws Exception {
    for (int i = closing.size() - 1; i >= 0; i--) {
      closing.get(i).close();
    }
    broker.close();
  }

  private final TaskFactory adder = name -> Task.builder(name)
      .execute(ctx -> {
        executed.incrementAndGet();
        if (name.startsWith("fail")) {
          throw new IllegalStateException(name + " broke");
        }
        return ctx.argument("x", Integer.class) + 1;
      })
      .build();

  private final TaskRunInterceptor recording = (run, task) -> {
    runs.add(run);
    task.get();
  };

  private static Task remote(String name, String requires, String provides) {
    return Task.remote("calc.Inc", TaskSpec.builder(name).rebind("x", requires).provides(provides).build());
  }

  private RemoteTaskExecutor start(TaskRunInterceptor interceptor, RequestHeaders... headers) throws Exception {
    Worker worker = Worker.builder(broker.transport()).exchange(EXCHANGE).topic("calc")
        .serve("calc.Inc", adder).interceptor(interceptor).build();
    closing.add(worker);
    worker.start();
    RemoteTaskExecutor.Builder builder = RemoteTaskExecutor.builder(broker.transport()).exchange(EXCHANGE)
        .topics("calc").tickPeriod(Duration.ofMillis(10));
    for (RequestHeaders each : headers) {
      builder.requestHeaders(each);
    }
    RemoteTaskExecutor executor = builder.build();
    closing.add(executor);
    executor.start();
    executor.waitForWorkers(1, Duration.ofSeconds(10));
    return executor;
  }

  @Test
  void headersCarryTheRunIdAndReachTheWorkerOfEveryExecuteAndRevertEvenWithAStore() throws Exception {
    RemoteTaskExecutor executor = start(recording, invocation -> Map.of(
        "x-run", invocation.flowId().orElse("none"),
        "x-call", (invocation.isRevert() ? "revert " : "execute ") + invocation.task().name()));
    Flow flow = Flow.linear("inc").add(remote("one", "x", "y"), remote("fail-two", "y", "z"));
    try (FlowStore store = FlowStore.inMemory();
        Engine engine = Engine.builder(flow).taskExecutor(executor).store(store).input("x", 1).build()) {
      catchThrowableOfType(FlowFailedException.class, engine::run);

      assertThat(runs).extracting(TaskRun::taskName, TaskRun::action).containsExactly(
          org.assertj.core.groups.Tuple.tuple("one", Action.EXECUTE),
          org.assertj.core.groups.Tuple.tuple("fail-two", Action.EXECUTE),
          org.assertj.core.groups.Tuple.tuple("fail-two", Action.REVERT),
          org.assertj.core.groups.Tuple.tuple("one", Action.REVERT));
      assertThat(runs).allSatisfy(run -> {
        assertThat(run.headers()).containsEntry("x-run", engine.flowId());
        assertThat(run.headers()).containsEntry("x-call", run.action().wireName() + " " + run.taskName());
        assertThat(run.servedName()).isEqualTo("calc.Inc");
        assertThat(run.workerTopic()).isEqualTo("calc");
        assertThat(run.requestId()).isNotBlank();
      });
    }
  }

  @Test
  void headersOutsideTheLimitsAreLeftOutAndTheRestAreSent() throws Exception {
    Map<String, String> given = new LinkedHashMap<>();
    given.put("traceparent", "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01");
    given.put("with space", "x");
    given.put("", "x");
    given.put("ünïcode", "x");
    given.put("n".repeat(RequestHeaders.MAX_NAME_LENGTH + 1), "x");
    given.put("too-long", "v".repeat(RequestHeaders.MAX_VALUE_LENGTH + 1));
    given.put("longest", "v".repeat(RequestHeaders.MAX_VALUE_LENGTH));
    for (int i = 0; i < RequestHeaders.MAX_HEADERS + 5; i++) {
      given.put("h" + i, "v" + i);
    }
    RemoteTaskExecutor executor = start(recording, invocation -> given);
    try (Engine engine = Engine.builder(Flow.linear("inc").add(remote("one", "x", "y")))
        .taskExecutor(executor).input("x", 1).build()) {
      assertThat(engine.run()).isEqualTo(FlowState.SUCCESS);
    }

    Map<String, String> headers = runs.get(0).headers();
    assertThat(headers).hasSize(RequestHeaders.MAX_HEADERS)
        .containsEntry("traceparent", "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01")
        .containsKey("longest")
        .doesNotContainKeys("with space", "", "ünïcode", "too-long", "n".repeat(RequestHeaders.MAX_NAME_LENGTH + 1));
  }

  @Test
  void aHeaderSourceThatThrowsOrGivesNothingFailsNoTask() throws Exception {
    RemoteTaskExecutor executor = start(recording,
        invocation -> {
          throw new IllegalStateException("broken source");
        },
        invocation -> Map.of(),
        invocation -> Map.of("kept", "yes"));
    try (Engine engine = Engine.builder(Flow.linear("inc").add(remote("one", "x", "y")))
        .taskExecutor(executor).input("x", 1).build()) {
      assertThat(engine.run()).isEqualTo(FlowState.SUCCESS);
      assertThat(engine.result("y")).contains(2);
    }
    assertThat(runs.get(0).headers()).containsExactly(Map.entry("kept", "yes"));
  }

  @Test
  void aWorkerWithoutInterceptorIgnoresTheHeadersAsAReferenceWorkerDoes() throws Exception {
    Worker worker = Worker.builder(broker.transport()).exchange(EXCHANGE).topic("plain")
        .serve("calc.Inc", adder).build();
    closing.add(worker);
    worker.start();
    RemoteTaskExecutor executor = RemoteTaskExecutor.builder(broker.transport()).exchange(EXCHANGE)
        .topics("plain").requestHeaders(invocation -> Map.of("traceparent", "garbage")).build();
    closing.add(executor);
    executor.start();
    executor.waitForWorkers(1, Duration.ofSeconds(10));
    try (Engine engine = Engine.builder(Flow.linear("inc").add(remote("one", "x", "y")))
        .taskExecutor(executor).input("x", 1).build()) {
      assertThat(engine.run()).isEqualTo(FlowState.SUCCESS);
    }
  }

  @Test
  void anInterceptorThatThrowsOrSkipsTheTaskStillHasItRunOnceWithItsOwnOutcome() throws Exception {
    List<String> seen = new CopyOnWriteArrayList<>();
    TaskRunInterceptor throwsBefore = (run, task) -> {
      seen.add("before " + run.taskName());
      if (run.taskName().equals("one")) {
        throw new IllegalStateException("interceptor broke before");
      }
      Outcome outcome = task.get();
      seen.add(run.taskName() + " " + (outcome instanceof Outcome.Succeeded ? "ok" : "failed"));
      task.get(); // a second call does not run the task again
      throw new IllegalStateException("interceptor broke after");
    };
    RemoteTaskExecutor executor = start(throwsBefore);
    try (Engine engine = Engine.builder(Flow.linear("inc").add(remote("one", "x", "y"), remote("two", "y", "z")))
        .taskExecutor(executor).input("x", 1).build()) {
      assertThat(engine.run()).isEqualTo(FlowState.SUCCESS);
      assertThat(engine.result("z")).contains(3);
    }
    assertThat(executed).hasValue(2);
    assertThat(seen).containsExactly("before one", "before two", "two ok");
  }
}
