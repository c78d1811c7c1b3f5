package io.taskflow4j.bench.remote;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.taskflow4j.engine.Engine;
import io.taskflow4j.engine.EngineBuilder;
import io.taskflow4j.flow.Flow;
import io.taskflow4j.metrics.FlowMetrics;
import io.taskflow4j.remote.RemoteTaskExecutor;
import io.taskflow4j.task.AbstractTask;
import io.taskflow4j.task.Task;
import io.taskflow4j.task.TaskContext;
import io.taskflow4j.task.TaskSpec;
import io.taskflow4j.transport.Transport;
import io.taskflow4j.transport.memory.InMemoryBroker;
import io.taskflow4j.worker.Worker;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * Runs N no-op tasks in an unordered flow through one worker over the in-memory transport, the
 * work the reference's {@code reference_wbe.py N memory} measures: a worker with 4 threads and an
 * engine with a remote executor, each on its own transport of one in-process broker. Every task
 * makes the full protocol round trip (REQUEST; heartbeat, RUNNING, SUCCESS responses), encoded
 * and decoded as JSON. Prints tasks/s for each measured round, then the median and the best.
 *
 * <p>{@code java -cp taskflow4j-benchmarks/target/benchmarks.jar
 * io.taskflow4j.bench.remote.RemoteFlowBench [N] [rounds] [heartbeats on|off] [prefetch] [window] [metrics on|off]}
 */
public final class RemoteFlowBench {

  private static final String TASK = "bench.Noop";

  private RemoteFlowBench() {}

  /**
   * Runs the benchmark.
   *
   * @param args N (default 10000), rounds (default 5), heartbeats on|off (default on), the broker's
   *     prefetch (default 10), the executor's in-flight window (default 512), metrics on|off (default
   *     off: with on, every engine records {@code FlowMetrics} on a simple registry)
   * @throws InterruptedException when interrupted while waiting for the worker
   */
  public static void main(String[] args) throws InterruptedException {
    int tasks = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
    boolean heartbeats = args.length <= 2 || !args[2].equals("off");
    int prefetch = args.length > 3 ? Integer.parseInt(args[3]) : InMemoryBroker.DEFAULT_PREFETCH;
    int inFlight = args.length > 4 ? Integer.parseInt(args[4]) : RemoteTaskExecutor.DEFAULT_IN_FLIGHT;
    Optional<FlowMetrics> metrics = args.length > 5 && args[5].equals("on")
        ? Optional.of(FlowMetrics.of(new SimpleMeterRegistry()))
        : Optional.empty();
    if (tasks < 1 || rounds < 1) {
      throw new IllegalArgumentException("N and rounds must be at least 1");
    }
    try (InMemoryBroker broker = InMemoryBroker.builder().name("bench").prefetch(prefetch).build();
        Transport workerTransport = broker.transport();
        Transport engineTransport = broker.transport();
        Worker worker = Worker.builder(workerTransport)
            .exchange("bench")
            .topic("bench-topic")
            .threads(4)
            .heartbeatInterval(heartbeats ? Worker.DEFAULT_HEARTBEAT_INTERVAL : Duration.ZERO)
            .serve(TASK, Noop::new)
            .build();
        RemoteTaskExecutor remote =
            RemoteTaskExecutor.builder(engineTransport).exchange("bench").topics("bench-topic")
                .inFlight(inFlight).build()) {
      worker.start();
      remote.start();
      remote.waitForWorkers(1, Duration.ofSeconds(10));
      metrics.ifPresent(m -> m.bind(remote));
      // Warm-up rounds (at least 3, and 30,000 tasks) let the JIT compile the hot path; they are not
      // reported.
      int warmUp = Math.max(3, (30_000 + tasks - 1) / tasks);
      for (int i = 0; i < warmUp; i++) {
        run(remote, tasks, metrics);
      }
      double[] rates = new double[rounds];
      for (int i = 0; i < rounds; i++) {
        double seconds = run(remote, tasks, metrics);
        rates[i] = tasks / seconds;
        System.out.printf(Locale.ROOT, "taskflow4j unordered n=%d %.3fs %.1f tasks/s%n", tasks, seconds, rates[i]);
      }
      Arrays.sort(rates);
      System.out.printf(Locale.ROOT, "n=%d, %d rounds, heartbeats %s, metrics %s: median %.1f tasks/s, best %.1f tasks/s%n",
          tasks, rounds, heartbeats ? "on" : "off", metrics.isPresent() ? "on" : "off", rates[rounds / 2],
          rates[rounds - 1]);
    }
  }

  private static double run(RemoteTaskExecutor remote, int count, Optional<FlowMetrics> metrics) {
    Flow flow = Flow.unordered("bench");
    for (int i = 0; i < count; i++) {
      flow.add(Task.remote(TASK, TaskSpec.builder("t" + i).requires("x").inject("x", i).provides("r" + i).build()));
    }
    EngineBuilder builder = Engine.builder(flow).taskExecutor(remote);
    metrics.ifPresent(m -> builder.listener(m.listener()));
    try (Engine engine = builder.build()) {
      engine.compile();
      long start = System.nanoTime();
      engine.run();
      long elapsed = System.nanoTime() - start;
      Object last = engine.result("r" + (count - 1)).orElseThrow();
      if (!(last instanceof Number number) || number.intValue() != count) {
        throw new IllegalStateException("wrong result " + last);
      }
      return elapsed / 1e9;
    }
  }

  /** Returns {@code x + 1}, as the reference's benchmark task. */
  private static final class Noop extends AbstractTask {
    Noop(String name) {
      super(TaskSpec.builder(name).requires("x").build());
    }

    @Override
    public Object execute(TaskContext context) {
      return context.argument("x", Integer.class) + 1;
    }
  }
}
