package io.taskflow4j.bench.amqp;

import io.taskflow4j.engine.Engine;
import io.taskflow4j.flow.Flow;
import io.taskflow4j.listener.AtomStateChange;
import io.taskflow4j.listener.FlowListener;
import io.taskflow4j.remote.RemoteTaskExecutor;
import io.taskflow4j.state.AtomState;
import io.taskflow4j.task.Task;
import io.taskflow4j.transport.Transport;
import io.taskflow4j.transport.amqp.AmqpTransport;
import io.taskflow4j.transport.memory.InMemoryBroker;
import io.taskflow4j.worker.Worker;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * Runs N no-op tasks through the worker-based engine over RabbitMQ, the work the reference's
 * {@code reference_wbe.py} measures: one worker with 4 threads, on its own connection, and an
 * engine with a remote executor on another; the worker runs in this process or, with {@code
 * process}, in a child JVM of its own, as users run workers. Unordered flows report tasks/s;
 * linear flows also report the median time between one task's completion and the next, which is
 * the cost per task when they run one at a time.
 *
 * <p>{@code java -cp taskflow4j-benchmarks/target/benchmarks.jar io.taskflow4j.bench.amqp.AmqpFlowBench
 * N unordered|linear [amqp-url|memory] [rounds] [durable] [process]}
 */
public final class AmqpFlowBench {

  private AmqpFlowBench() {}

  /**
   * Runs the benchmark.
   *
   * @param args N, shape, optional URL (default the local RabbitMQ), optional number of rounds,
   *     then optionally {@code durable} for durable mode and {@code process} for a worker process
   * @throws Exception when the broker is unreachable or the flow fails
   */
  public static void main(String[] args) throws Exception {
    int tasks = Integer.parseInt(args[0]);
    String shape = args[1];
    String url = args.length > 2 ? args[2] : "amqp://guest:guest@127.0.0.1:5672/";
    boolean memory = url.equals("memory");
    int rounds = args.length > 3 ? Integer.parseInt(args[3]) : 3;
    List<String> flags = args.length > 4 ? List.of(args).subList(4, args.length) : List.of();
    boolean durable = flags.contains("durable");
    boolean process = flags.contains("process");
    if (memory && process) {
      throw new IllegalArgumentException("a worker process cannot reach an in-memory broker");
    }
    String exchange = "bench-" + UUID.randomUUID();
    InMemoryBroker broker = InMemoryBroker.builder().prefetch(256).build();
    Process child = process ? startWorkerProcess(url, exchange, durable) : null;
    try (Transport workerTransport =
            memory ? broker.transport() : AmqpTransport.builder(url).prefetch(256).durable(durable).build();
        Transport engineTransport =
            memory ? broker.transport() : AmqpTransport.builder(url).prefetch(256).durable(durable).build();
        Worker worker = BenchWorker.worker(workerTransport, exchange);
        RemoteTaskExecutor remote =
            RemoteTaskExecutor.builder(engineTransport).exchange(exchange).topics(BenchWorker.TOPIC).build()) {
      if (!process) {
        worker.start();
      }
      remote.start();
      remote.waitForWorkers(1, Duration.ofSeconds(30));
      // The first rounds (at least 25,000 tasks) warm up the JIT, connections and queues and are
      // not reported: a worker in its own JVM runs each hot method once per task, not twice as
      // one JVM with both sides does, and linear rounds were still getting faster up to about
      // 20,000 tasks; long-lived workers and engines run compiled code.
      int warmUp = Math.max(2, (25_000 + tasks - 1) / tasks);
      for (int round = 0; round < warmUp + rounds; round++) {
        runOnce(remote, tasks, shape, round >= warmUp, (durable ? "durable " : "") + (process ? "2 processes " : ""));
      }
    } finally {
      if (child != null) {
        child.getOutputStream().close();
        if (!child.waitFor(30, TimeUnit.SECONDS)) {
          child.destroyForcibly();
        }
      }
    }
  }

  private static Process startWorkerProcess(String url, String exchange, boolean durable) throws IOException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> command = new ArrayList<>(List.of(java, "-cp", System.getProperty("java.class.path"),
        BenchWorker.class.getName(), url, exchange));
    if (durable) {
      command.add("durable");
    }
    Process child = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
    String first = out.readLine();
    if (!"READY".equals(first)) {
      child.destroyForcibly();
      throw new IllegalStateException("the worker process did not start: " + first);
    }
    return child;
  }

  private static void runOnce(
      RemoteTaskExecutor remote, int count, String shape, boolean report, String mode) {
    Flow flow = shape.equals("linear") ? Flow.linear("bench") : Flow.unordered("bench");
    for (int i = 0; i < count; i++) {
      flow.add(
          Task.builder("t" + i)
              .requires("x")
              .inject("x", i)
              .provides("r" + i)
              .remoteName("bench.Noop")
              .execute(ctx -> {
                throw new IllegalStateException("runs on the worker only");
              })
              .build());
    }
    long[] done = new long[count];
    int[] finished = {0};
    FlowListener completions =
        new FlowListener() {
          @Override
          public void onAtomStateChange(AtomStateChange change) {
            if (change.to() == AtomState.SUCCESS) {
              done[finished[0]++] = System.nanoTime();
            }
          }
        };
    try (Engine engine = Engine.builder(flow).taskExecutor(remote).listener(completions).build()) {
      engine.compile();
      long start = System.nanoTime();
      engine.run();
      long elapsed = System.nanoTime() - start;
      Object last = engine.result("r" + (count - 1)).orElseThrow();
      if (!last.equals(count)) {
        throw new IllegalStateException("wrong result " + last);
      }
      if (!report) {
        return;
      }
      double seconds = elapsed / 1e9;
      String line =
          String.format(Locale.ROOT, "taskflow4j %s%s n=%d %.3fs %.1f tasks/s", mode, shape, count, seconds, count / seconds);
      if (shape.equals("linear")) {
        List<Long> gaps = new ArrayList<>();
        for (int i = 1; i < count; i++) {
          gaps.add(done[i] - done[i - 1]);
        }
        long[] sorted = gaps.stream().mapToLong(Long::longValue).toArray();
        Arrays.sort(sorted);
        line += String.format(Locale.ROOT, ", median per task %.3f ms, p90 %.3f ms",
            sorted[sorted.length / 2] / 1e6, sorted[(int) (sorted.length * 0.9)] / 1e6);
      }
      System.out.println(line);
    }
  }
}
