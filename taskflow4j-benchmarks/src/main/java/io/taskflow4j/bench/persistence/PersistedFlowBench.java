package io.taskflow4j.bench.persistence;

import io.taskflow4j.engine.Engine;
import io.taskflow4j.engine.EngineBuilder;
import io.taskflow4j.flow.Flow;
import io.taskflow4j.state.FlowState;
import io.taskflow4j.task.Task;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Runs N no-op tasks (each returns its injected {@code x} plus one and provides {@code r<i>}, the
 * reference's {@code Noop} in {@code reference_persisted.py}) in an unordered or linear flow, with
 * every transition recorded in a store, or with no store, the work the reference's serial engine
 * does on its SQL backend. Each round records a new flow detail in a fresh store (a new SQLite
 * file; a PostgreSQL database named {@code tf4jbench...} is dropped and created again), opened
 * before the clock starts. The first rounds warm up and are not reported.
 *
 * <p>Per round it prints the run time ({@code run()} to its return; the flow is compiled before),
 * tasks/s, the commits (calls of {@code FlowStore.save}, one transaction each), the atom details
 * they wrote and the time spent inside them. For linear flows it also prints the median and 90th
 * percentile of the time between one task's execute and the next one's, the cost per task when
 * they run one at a time, next to run time / N.
 *
 * <pre>
 * java -cp taskflow4j-benchmarks/target/benchmarks.jar io.taskflow4j.bench.persistence.PersistedFlowBench \
 *     unordered|linear N STORE_URL|none [ROUNDS] [serial|parallel]
 * java -cp ... PersistedFlowBench scaling STORE_URL|none [ROUNDS] [serial|parallel]
 * </pre>
 *
 * <p>The scaling mode runs unordered flows of 1,000, 2,000, 5,000, 10,000 and 20,000 tasks and
 * prints the median run time of each size, per task and against the previous size.
 */
public final class PersistedFlowBench {

  private PersistedFlowBench() {}

  /** One round's figures. */
  record Round(double seconds, long commits, long atoms, long largest, double saveMillis, double medianGap,
      double p90Gap) {}

  /**
   * Runs the benchmark.
   *
   * @param args as in the class comment
   */
  public static void main(String[] args) {
    BenchStores.quietLogs();
    if (args[0].equals("scaling")) {
      scaling(args[1], args.length > 2 ? Integer.parseInt(args[2]) : 3, args.length > 3 && args[3].equals("parallel"));
      return;
    }
    String shape = args[0];
    int tasks = Integer.parseInt(args[1]);
    String url = args[2];
    int rounds = args.length > 3 ? Integer.parseInt(args[3]) : 5;
    boolean parallel = args.length > 4 && args[4].equals("parallel");
    int warmUp = Math.max(2, (5_000 + tasks - 1) / tasks);
    List<Round> measured = new ArrayList<>();
    for (int round = 0; round < warmUp + rounds; round++) {
      Round r = runOnce(shape, tasks, url, parallel, round);
      if (round < warmUp) {
        continue;
      }
      measured.add(r);
      System.out.println(line(shape, tasks, url, parallel, r));
    }
    double[] rates = measured.stream().mapToDouble(r -> tasks / r.seconds()).sorted().toArray();
    String summary = String.format(Locale.ROOT, "taskflow4j persisted %s n=%d store=%s %s: median %.0f tasks/s (rounds %.0f to %.0f)",
        shape, tasks, BenchStores.kind(url), parallel ? "parallel" : "serial", rates[rates.length / 2], rates[0],
        rates[rates.length - 1]);
    if (shape.equals("linear")) {
      double[] gaps = measured.stream().mapToDouble(Round::medianGap).sorted().toArray();
      summary += String.format(Locale.ROOT, ", median of round medians per task %.3f ms", gaps[gaps.length / 2]);
    }
    System.out.println(summary);
  }

  static String line(String shape, int tasks, String url, boolean parallel, Round r) {
    String line = String.format(Locale.ROOT, "taskflow4j persisted %s n=%d store=%s %s run %.3fs %.0f tasks/s",
        shape, tasks, BenchStores.kind(url), parallel ? "parallel" : "serial", r.seconds(), tasks / r.seconds());
    if (!BenchStores.none(url)) {
      line += String.format(Locale.ROOT, ", %d commits (%d atom details, largest %d, %.1f per commit), %.0f ms in save",
          r.commits(), r.atoms(), r.largest(), (double) r.atoms() / Math.max(1, r.commits()), r.saveMillis());
    }
    if (shape.equals("linear")) {
      line += String.format(Locale.ROOT, ", per task: median %.3f ms, p90 %.3f ms between executes, run/N %.3f ms",
          r.medianGap(), r.p90Gap(), r.seconds() * 1e3 / tasks);
    }
    return line;
  }

  static Flow flow(String shape, int tasks, long[] executed) {
    Flow flow = switch (shape) {
      case "linear" -> Flow.linear("bench");
      case "unordered" -> Flow.unordered("bench");
      default -> throw new IllegalArgumentException("shape must be linear or unordered: " + shape);
    };
    for (int i = 0; i < tasks; i++) {
      int index = i;
      flow.add(
          Task.builder("t" + i)
              .requires("x")
              .inject("x", i)
              .provides("r" + i)
              .execute(ctx -> {
                executed[index] = System.nanoTime();
                return ctx.argument("x", Integer.class) + 1;
              })
              .build());
    }
    return flow;
  }

  static Round runOnce(String shape, int tasks, String url, boolean parallel, int round) {
    long[] executed = new long[tasks];
    Flow flow = flow(shape, tasks, executed);
    CountingStore store = BenchStores.none(url) ? null : BenchStores.fresh(url, round);
    try {
      EngineBuilder builder = Engine.builder(flow);
      if (!parallel) {
        builder.serial();
      }
      if (store != null) {
        builder.store(store);
      }
      try (Engine engine = builder.build()) {
        engine.compile();
        System.gc();
        if (store != null) {
          store.reset();
        }
        long start = System.nanoTime();
        FlowState state = engine.run();
        long elapsed = System.nanoTime() - start;
        if (state != FlowState.SUCCESS) {
          throw new IllegalStateException("flow ended " + state);
        }
        Object last = engine.result("r" + (tasks - 1)).orElseThrow();
        if (!last.equals(tasks)) {
          throw new IllegalStateException("wrong result " + last);
        }
        double median = 0;
        double p90 = 0;
        if (shape.equals("linear")) {
          long[] gaps = new long[tasks - 1];
          for (int i = 1; i < tasks; i++) {
            gaps[i - 1] = executed[i] - executed[i - 1];
          }
          Arrays.sort(gaps);
          median = gaps[gaps.length / 2] / 1e6;
          p90 = gaps[(int) (gaps.length * 0.9)] / 1e6;
        }
        return store == null
            ? new Round(elapsed / 1e9, 0, 0, 0, 0, median, p90)
            : new Round(elapsed / 1e9, store.commits(), store.atoms(), store.largestCommit(), store.saveMillis(), median, p90);
      }
    } finally {
      if (store != null) {
        store.close();
      }
    }
  }

  private static void scaling(String url, int rounds, boolean parallel) {
    int[] sizes = {1_000, 2_000, 5_000, 10_000, 20_000};
    for (int warm = 0; warm < 3; warm++) {
      runOnce("unordered", 5_000, url, parallel, 100 + warm);
    }
    System.out.println("| tasks | median run ms | µs per task | commits | time / previous size | size / previous size |");
    System.out.println("|---:|---:|---:|---:|---:|---:|");
    double previous = -1;
    int previousSize = 0;
    for (int size : sizes) {
      double[] times = new double[rounds];
      long commits = 0;
      for (int r = 0; r < rounds; r++) {
        Round round = runOnce("unordered", size, url, parallel, r);
        times[r] = round.seconds() * 1e3;
        commits = round.commits();
      }
      Arrays.sort(times);
      double median = times[rounds / 2];
      String ratio = previous < 0 ? "" : String.format(Locale.ROOT, "%.2fx", median / previous);
      String sizeRatio = previous < 0 ? "" : String.format(Locale.ROOT, "%.1fx", (double) size / previousSize);
      System.out.printf(Locale.ROOT, "| %,d | %.1f | %.1f | %d | %s | %s |%n", size, median, median * 1e3 / size, commits,
          ratio, sizeRatio);
      previous = median;
      previousSize = size;
    }
  }
}
