package io.taskflow4j.remote;

import static org.assertj.core.api.Assertions.assertThat;

import io.taskflow4j.engine.Engine;
import io.taskflow4j.flow.Flow;
import io.taskflow4j.listener.CapturingListener;
import io.taskflow4j.listener.RunEvent;
import io.taskflow4j.listener.RunStream;
import io.taskflow4j.state.FlowState;
import io.taskflow4j.task.AbstractTask;
import io.taskflow4j.task.Task;
import io.taskflow4j.task.TaskContext;
import io.taskflow4j.task.TaskSpec;
import io.taskflow4j.transport.memory.InMemoryBroker;
import io.taskflow4j.worker.Worker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A run whose tasks run on a worker, stepped through a {@link RunStream}. */
@Timeout(60)
class RunStreamRemoteTest {

  private static final List<String> RAN = new CopyOnWriteArrayList<>();

  private final InMemoryBroker broker = InMemoryBroker.builder().name("run-stream-test").build();
  private final List<AutoCloseable> closing = new ArrayList<>();

  @AfterEach
  void tearDown() throws Exception {
    for (int i = closing.size() - 1; i >= 0; i--) {
      closing.get(i).close();
    }
    broker.close();
    RAN.clear();
  }

  /** Notes that it ran, reports half its progress and returns 5. */
  public static final class Five extends AbstractTask {
    /**
     * Creates the task as a worker does.
     *
     * @param name its name in the flow
     */
    public Five(String name) {
      super(TaskSpec.builder(name).build());
    }

    @Override
    public Object execute(TaskContext context) {
      RAN.add(context.taskName());
      context.reportProgress(0.5);
      return 5;
    }
  }

  @Test
  void aRunOnAWorkerIsHeldAtEachChangeUntilTheNextIsAskedFor() throws Exception {
    Worker worker = Worker.builder(broker.transport()).exchange("flows").topic("calc")
        .serve("calc.Five", Five::new).build();
    closing.add(worker);
    worker.start();
    RemoteTaskExecutor executor = RemoteTaskExecutor.builder(broker.transport()).exchange("flows")
        .topics("calc").tickPeriod(Duration.ofMillis(10)).build();
    closing.add(executor);
    executor.start();
    executor.waitForWorkers(1, Duration.ofSeconds(10));

    RunStream stream = RunStream.create();
    CapturingListener after = CapturingListener.create();
    Flow flow = Flow.linear("flow-2").add(Task.remote("calc.Five", TaskSpec.builder("task1").build()),
        Task.remote("calc.Five", TaskSpec.builder("task2").build()));
    try (Engine engine = Engine.builder(flow).taskExecutor(executor).listener(stream).listener(after).build()) {
      CompletableFuture<FlowState> run = stream.start(engine::runAsync);
      List<String> changes = new ArrayList<>();
      List<String> events = new ArrayList<>();
      Iterator<RunEvent> iterator = stream.iterator();
      while (iterator.hasNext()) {
        RunEvent event = iterator.next();
        events.add(event.notation());
        if (event instanceof RunEvent.TaskReported) {
          continue;
        }
        if (event.notation().equals("task1.t RUNNING")) {
          // Held here: the request has not gone to the worker yet.
          assertThat(RAN).isEmpty();
        }
        if (event.notation().equals("task2.t RUNNING")) {
          assertThat(RAN).containsExactly("task1");
        }
        if (!event.notation().equals("flow-2.f SUCCESS")) {
          assertThat(after.notation()).as("at %s", event.notation()).containsExactlyElementsOf(changes);
        }
        changes.add(event.notation());
      }
      assertThat(run.join()).isEqualTo(FlowState.SUCCESS);
      assertThat(changes).containsExactly("flow-2.f RUNNING", "task1.t RUNNING", "task1.t SUCCESS(5)",
          "task2.t RUNNING", "task2.t SUCCESS(5)", "flow-2.f SUCCESS");
      assertThat(events).contains("task1.t EVENT update_progress {progress=0.5}",
          "task2.t EVENT update_progress {progress=0.5}");
    }
  }
}
