package com.example.guide;

import io.taskflow4j.flow.Flow;
import io.taskflow4j.jobs.Conductor;
import io.taskflow4j.jobs.ConductorEvent;
import io.taskflow4j.jobs.FactoryCall;
import io.taskflow4j.jobs.FlowFactories;
import io.taskflow4j.jobs.Job;
import io.taskflow4j.jobs.JobBoard;
import io.taskflow4j.jobs.JobBoards;
import io.taskflow4j.jobs.JobPosting;
import io.taskflow4j.jobs.JobPriority;
import io.taskflow4j.persistence.FlowStore;
import io.taskflow4j.task.AbstractTask;
import io.taskflow4j.task.TaskContext;
import io.taskflow4j.task.TaskSpec;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** The guide's job board, flow factories and conductor ("Jobs and conductors"). */
public final class Jobs {

  private Jobs() {}

  /** Allocates an address for the machine. */
  public static final class AllocateIp extends AbstractTask {
    /** Creates the task. */
    public AllocateIp() {
      super(TaskSpec.builder("allocate-ip").requires("vm").provides("ip").build());
    }

    @Override
    public Object execute(TaskContext ctx) {
      return "10.0.0.7";
    }
  }

  /** Creates the machine. */
  public static final class CreateVm extends AbstractTask {
    private final Object size;

    /**
     * Creates the task.
     *
     * @param size the machine's size
     */
    public CreateVm(Object size) {
      super(TaskSpec.builder("create-vm").requires("vm", "ip").provides("machine").build());
      this.size = size;
    }

    @Override
    public Object execute(TaskContext ctx) {
      return ctx.argument("vm", String.class) + " (" + size + ") at " + ctx.argument("ip", String.class);
    }
  }

  /**
   * The factories a conductor serves.
   *
   * @return the factories
   */
  public static FlowFactories factories() {
    FlowFactories factories = FlowFactories.builder()
        .register("provision", call -> Flow.linear("provision")
            .add(new AllocateIp(), new CreateVm(call.kwargs().get("size"))))
        .alias("myapp.flows.make_provision", "provision")
        .build();
    return factories;
  }

  /**
   * Posts a job.
   *
   * @param board the board
   * @return the job
   */
  public static Job post(JobBoard board) {
    Job job = board.post(JobPosting.builder("provision web-1")
        .factory(FactoryCall.of("provision", Map.of("size", "large")))
        .input("vm", "web-1")
        .priority(JobPriority.HIGH)
        .build());
    return job;
  }

  /**
   * Posts a job on an in-memory board and lets a conductor run it into an in-memory store.
   *
   * @return the conductor's events for the job, in order
   * @throws InterruptedException when interrupted while waiting
   */
  public static List<ConductorEvent.Type> postAndConduct() throws InterruptedException {
    List<ConductorEvent.Type> seen = new CopyOnWriteArrayList<>();
    CountDownLatch consumed = new CountDownLatch(1);
    try (JobBoard board = JobBoards.open("memory");
         FlowStore store = FlowStore.inMemory()) {
      post(board);
      FlowFactories factories = factories();
      try (Conductor conductor = Conductor.builder(board, store, factories)
              .maxConcurrentJobs(8)
              .lease(Duration.ofSeconds(30))
              .listener(event -> {
                seen.add(event.type());
                if (event.type() == ConductorEvent.Type.CONSUMED) {
                  consumed.countDown();
                }
              })
              .build()) {
        conductor.start();
        if (!consumed.await(30, TimeUnit.SECONDS)) {
          throw new IllegalStateException("the job was not consumed; events: " + seen);
        }
      }
    }
    return seen;
  }
}
