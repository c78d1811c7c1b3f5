package io.taskflow4j.bench.persistence;

import io.taskflow4j.engine.Engine;
import io.taskflow4j.flow.Flow;
import io.taskflow4j.state.AtomState;
import io.taskflow4j.state.FlowState;
import io.taskflow4j.task.Task;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Measures how soon a recorded flow that stopped half way runs again: a linear flow of N no-op
 * tasks (default 10,000) is run with a store until its task {@code t<N/2-1>} suspends the engine
 * ({@code engine.suspend()}; that task finishes, the flow is recorded SUSPENDED with N/2 tasks
 * done). The store is then closed and opened again, as a new process would, and a fresh engine
 * resumes the flow. Printed per round: the time to open the store, {@code
 * Engine.builder(flow).resume(store, id).build()} (reads the flow detail and its atom details,
 * compiles and checks the flow), {@code runAsync()} to the first task's execute, and the sum of
 * the last two, which is the figure the target is about; then the rest of the run to its end.
 *
 * <pre>
 * java -cp taskflow4j-benchmarks/target/benchmarks.jar io.taskflow4j.bench.persistence.ResumeBench \
 *     STORE_URL [N] [ROUNDS]
 * </pre>
 */
public final class ResumeBench {

  private ResumeBench() {}

  /**
   * Runs the benchmark.
   *
   * @param args store URL (as for {@link PersistedFlowBench}), optional N, optional rounds
   * @throws InterruptedException when interrupted
   */
  public static void main(String[] args) throws InterruptedException {
    BenchStores.quietLogs();
    String url = args[0];
    int tasks = args.length > 1 ? Integer.parseInt(args[1]) : 10_000;
    int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 5;
    int warmUp = 2;
    double[] totals = new double[rounds];
    for (int round = 0; round < warmUp + rounds; round++) {
      double total = once(url, tasks, round, round >= warmUp);
      if (round >= warmUp) {
        totals[round - warmUp] = total;
      }
    }
    Arrays.sort(totals);
    System.out.printf(Locale.ROOT, "taskflow4j resume n=%d store=%s: median build + runAsync to first execute %.1f ms (rounds %.1f to %.1f)%n",
        tasks, BenchStores.kind(url), totals[rounds / 2], totals[0], totals[rounds - 1]);
  }

  /** A linear flow of no-op tasks; the one at {@code suspendAt} suspends {@code suspender} when set. */
  static Flow flow(int tasks, AtomicReference<Engine> suspender, int suspendAt, AtomicLong first,
      AtomicInteger firstIndex, AtomicInteger executes, CountDownLatch started) {
    Flow flow = Flow.linear("bench");
    for (int i = 0; i < tasks; i++) {
      int index = i;
      flow.add(
          Task.builder("t" + i)
              .requires("x")
              .inject("x", i)
              .provides("r" + i)
              .execute(ctx -> {
                if (executes.getAndIncrement() == 0) {
                  first.set(System.nanoTime());
                  firstIndex.set(index);
                  started.countDown();
                }
                if (index == suspendAt && suspender.get() != null) {
                  suspender.get().suspend();
                }
                return ctx.argument("x", Integer.class) + 1;
              })
              .build());
    }
    return flow;
  }

  private static double once(String url, int tasks, int round, boolean report) throws InterruptedException {
    int half = tasks / 2;
    String flowId;
    // The recorded run, stopped half way.
    try (CountingStore store = BenchStores.fresh(url, round)) {
      AtomicReference<Engine> self = new AtomicReference<>();
      Flow flow = flow(tasks, self, half - 1, new AtomicLong(), new AtomicInteger(), new AtomicInteger(), new CountDownLatch(1));
      try (Engine engine = Engine.builder(flow).serial().store(store).build()) {
        self.set(engine);
        FlowState state = engine.run();
        if (state != FlowState.SUSPENDED) {
          throw new IllegalStateException("the first run ended " + state + ", not SUSPENDED");
        }
        if (engine.atomState("t" + (half - 1)) != AtomState.SUCCESS || engine.atomState("t" + half) != AtomState.PENDING) {
          throw new IllegalStateException("the first run did not stop half way");
        }
        flowId = engine.flowId();
      }
    }
    System.gc();
    // A fresh store and engine resume it.
    AtomicLong first = new AtomicLong();
    AtomicInteger firstIndex = new AtomicInteger(-1);
    AtomicInteger executes = new AtomicInteger();
    CountDownLatch started = new CountDownLatch(1);
    Flow flow = flow(tasks, new AtomicReference<>(), -1, first, firstIndex, executes, started);
    long t0 = System.nanoTime();
    try (CountingStore store = BenchStores.reopen(url, round)) {
      long t1 = System.nanoTime();
      Engine engine = Engine.builder(flow).serial().resume(store, flowId).build();
      try {
        long t2 = System.nanoTime();
        CompletableFuture<FlowState> done = engine.runAsync();
        long t3 = System.nanoTime();
        if (!started.await(60, TimeUnit.SECONDS)) {
          throw new IllegalStateException("no task ran within 60 s of the resume");
        }
        FlowState state = done.join();
        long t4 = System.nanoTime();
        if (state != FlowState.SUCCESS || executes.get() != tasks - half || firstIndex.get() != half) {
          throw new IllegalStateException("resume ran " + executes.get() + " tasks from t" + firstIndex.get() + ", ended " + state);
        }
        double total = (first.get() - t1) / 1e6;
        // For the breakdown only, after the measured resume: how much of build() is reading the
        // recorded atom details (now from a warm database), and how much compiling the flow.
        long r0 = System.nanoTime();
        int recorded = store.atoms(flowId).size();
        long r1 = System.nanoTime();
        try (Engine plain = Engine.builder(flow(tasks, new AtomicReference<>(), -1, new AtomicLong(), new AtomicInteger(),
            new AtomicInteger(), new CountDownLatch(1))).serial().build()) {
          plain.compile();
        }
        long r2 = System.nanoTime();
        if (report) {
          System.out.printf(Locale.ROOT, "  breakdown: store.atoms() of %d rows %.1f ms (again, warm), compile without store %.1f ms%n",
              recorded, (r1 - r0) / 1e6, (r2 - r1) / 1e6);
        }
        if (report) {
          System.out.printf(Locale.ROOT,
              "taskflow4j resume n=%d store=%s: open store %.1f ms, build %.1f ms, runAsync returned after %.1f ms (the serial engine runs the flow on the calling thread), to first execute (t%d) %.1f ms,"
                  + " build + runAsync to first execute %.1f ms; the other %d tasks in %.2f s, %d commits%n",
              tasks, BenchStores.kind(url), (t1 - t0) / 1e6, (t2 - t1) / 1e6, (t3 - t2) / 1e6, firstIndex.get(),
              (first.get() - t2) / 1e6, total, tasks - half, (t4 - first.get()) / 1e9, store.commits());
        }
        return total;
      } finally {
        engine.close();
      }
    }
  }
}
