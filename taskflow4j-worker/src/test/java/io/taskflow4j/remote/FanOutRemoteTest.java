package io.taskflow4j.remote;

import static org.assertj.core.api.Assertions.assertThat;

import io.taskflow4j.engine.Engine;
import io.taskflow4j.flow.FanOut;
import io.taskflow4j.flow.Flow;
import io.taskflow4j.state.FlowState;
import io.taskflow4j.task.Task;
import io.taskflow4j.task.TaskContext;
import io.taskflow4j.task.AbstractTask;
import io.taskflow4j.task.TaskSpec;
import io.taskflow4j.transport.memory.InMemoryBroker;
import io.taskflow4j.worker.Worker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A fan-out whose item tasks and gather task run on a worker. */
@Timeout(60)
class FanOutRemoteTest {

  private final InMemoryBroker broker = InMemoryBroker.builder().name("fan-out-test").build();
  private final List<AutoCloseable> closing = new ArrayList<>();

  @AfterEach
  void tearDown() throws Exception {
    for (int i = closing.size() - 1; i >= 0; i--) {
      closing.get(i).close();
    }
    broker.close();
  }

  /** Squares its injected item, plus an offset the flow gives. */
  public static final class Square extends AbstractTask {
    /**
     * Creates the task as a worker does.
     *
     * @param name its name in the flow
     */
    public Square(String name) {
      super(TaskSpec.builder(name).build());
    }

    @Override
    public Object execute(TaskContext context) {
      long item = context.argument("item", Long.class);
      return item * item + context.argument("offset", Long.class);
    }
  }

  @Test
  void itemTasksMadeAsRemoteTasksAndTheGatherTaskRunOnAWorker() throws Exception {
    Worker worker = Worker.builder(broker.transport()).exchange("flows").topic("calc")
        .serve("calc.Square", name -> new Square(name))
        .serve(FanOut.GATHER_REMOTE_NAME, FanOut.gatherTasks())
        .build();
    closing.add(worker);
    worker.start();
    RemoteTaskExecutor executor = RemoteTaskExecutor.builder(broker.transport()).exchange("flows")
        .topics("calc").tickPeriod(Duration.ofMillis(10)).build();
    closing.add(executor);
    executor.start();
    executor.waitForWorkers(1, Duration.ofSeconds(10));

    Flow fan = FanOut.over("squares", List.of(1, 2, 3, 4))
        .requires("offset")
        .tasks((spec, item) -> Task.remote("calc.Square", spec))
        .provides("all")
        .build();
    try (Engine engine = Engine.builder(fan).taskExecutor(executor).inputs(Map.of("offset", 100)).build()) {
      assertThat(engine.run()).isEqualTo(FlowState.SUCCESS);
      assertThat(engine.result("all")).contains(List.of(101, 104, 109, 116));
    }
  }
}
