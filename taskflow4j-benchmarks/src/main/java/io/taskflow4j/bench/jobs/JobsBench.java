package io.taskflow4j.bench.jobs;

import io.taskflow4j.bench.persistence.BenchStores;
import io.taskflow4j.flow.Flow;
import io.taskflow4j.jobs.Conductor;
import io.taskflow4j.jobs.ConductorEvent;
import io.taskflow4j.jobs.FactoryCall;
import io.taskflow4j.jobs.FlowFactories;
import io.taskflow4j.jobs.JobBoard;
import io.taskflow4j.jobs.JobBoards;
import io.taskflow4j.jobs.JobPosting;
import io.taskflow4j.persistence.FlowStore;
import io.taskflow4j.task.Task;
import java.util.Arrays;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Jobs through one conductor, the work {@code reference_jobs.py} times for the reference: jobs of
 * three no-op tasks in a linear flow built by a factory, each with an input, on a board with a
 * store. Store and board are fresh each round: a PostgreSQL store database named {@code
 * tf4jbench...} is dropped and created again, and a board URL {@code same} means a PostgreSQL
 * board in the store's database; a Redis board URL gets a new namespace per round.
 *
 * <pre>
 * java -cp taskflow4j-benchmarks/target/benchmarks.jar io.taskflow4j.bench.jobs.JobsBench \
 *     throughput N BOARD_URL|same STORE_URL [CONCURRENT_JOBS] [ROUNDS]
 * java -cp ... JobsBench latency N BOARD_URL|same STORE_URL
 * </pre>
 *
 * <p>Throughput posts N jobs, then starts a conductor and times it from start to the last
 * consume. Latency runs an idle conductor and posts N jobs one at a time, each once the previous
 * was consumed, timing the post (from before the call) to its first task's start; the first 20 are
 * a warm-up.
 */
public final class JobsBench {

  private static final String FACTORY = "bench.noop3";
  private static final int WARM_UP = 20;

  private JobsBench() {}

  /**
   * Runs the benchmark.
   *
   * @param args as in the class comment
   * @throws InterruptedException when interrupted
   */
  public static void main(String[] args) throws InterruptedException {
    BenchStores.quietLogs();
    String mode = args[0];
    int jobs = Integer.parseInt(args[1]);
    String boardUrl = args[2];
    String storeUrl = args[3];
    if (mode.equals("latency")) {
      latency(jobs, boardUrl, storeUrl);
      return;
    }
    int concurrent = args.length > 4 ? Integer.parseInt(args[4]) : 8;
    int rounds = args.length > 5 ? Integer.parseInt(args[5]) : 3;
    double[] rates = new double[rounds];
    for (int round = 0; round <= rounds; round++) {
      double rate = throughput(jobs, boardUrl, storeUrl, concurrent, round);
      if (round > 0) {
        rates[round - 1] = rate; // round 0 warms up
        System.out.printf(Locale.ROOT, "round %d: %.0f jobs/s%n", round, rate);
      }
    }
    Arrays.sort(rates);
    System.out.printf(Locale.ROOT, "taskflow4j jobs throughput n=%d board=%s store=%s concurrent=%d: median %.0f jobs/s (rounds %.0f to %.0f)%n",
        jobs, BenchStores.kind(boardUrl), BenchStores.kind(storeUrl), concurrent, rates[rounds / 2], rates[0], rates[rounds - 1]);
  }

  private static double throughput(int jobs, String boardUrl, String storeUrl, int concurrent, int round)
      throws InterruptedException {
    AtomicInteger firstTasks = new AtomicInteger();
    try (FlowStore store = BenchStores.freshStore(storeUrl, round); JobBoard board = openBoard(boardUrl, storeUrl)) {
      for (int i = 0; i < jobs; i++) {
        board.post(JobPosting.builder("job-" + i).factory(FactoryCall.of(FACTORY)).input("x", i).build());
      }
      CountDownLatch consumed = new CountDownLatch(jobs);
      Conductor conductor = Conductor.builder(board, store, factories(() -> firstTasks.incrementAndGet()))
          .maxConcurrentJobs(concurrent)
          .listener(event -> {
            if (event.type() == ConductorEvent.Type.CONSUMED) {
              consumed.countDown();
            }
          })
          .build();
      long start = System.nanoTime();
      conductor.start();
      if (!consumed.await(10, TimeUnit.MINUTES)) {
        throw new IllegalStateException(consumed.getCount() + " jobs not consumed after 10 minutes");
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      conductor.close();
      return jobs / seconds;
    }
  }

  private static void latency(int jobs, String boardUrl, String storeUrl) throws InterruptedException {
    ConcurrentHashMap<Integer, Long> firstStart = new ConcurrentHashMap<>();
    AtomicInteger current = new AtomicInteger(-1);
    try (FlowStore store = BenchStores.freshStore(storeUrl, 0); JobBoard board = openBoard(boardUrl, storeUrl)) {
      CountDownLatch[] done = new CountDownLatch[1];
      Conductor conductor = Conductor.builder(board, store, factories(() -> firstStart.putIfAbsent(current.get(), System.nanoTime())))
          .maxConcurrentJobs(1)
          .listener(event -> {
            if (event.type() == ConductorEvent.Type.CONSUMED) {
              done[0].countDown();
            }
          })
          .build();
      conductor.start();
      Thread.sleep(500); // the conductor is idle and subscribed
      double[] millis = new double[jobs];
      for (int i = 0; i < jobs + WARM_UP; i++) {
        done[0] = new CountDownLatch(1);
        current.set(i);
        long posted = System.nanoTime();
        board.post(JobPosting.builder("job-" + i).factory(FactoryCall.of(FACTORY)).input("x", i).build());
        if (!done[0].await(60, TimeUnit.SECONDS)) {
          throw new IllegalStateException("job " + i + " not consumed after 60 s");
        }
        if (i >= WARM_UP) {
          millis[i - WARM_UP] = (firstStart.get(i) - posted) / 1e6;
        }
      }
      conductor.close();
      Arrays.sort(millis);
      System.out.printf(Locale.ROOT, "taskflow4j jobs latency n=%d board=%s store=%s: post to first task median %.1f ms, p90 %.1f ms, max %.1f ms%n",
          jobs, BenchStores.kind(boardUrl), BenchStores.kind(storeUrl), millis[jobs / 2], millis[jobs * 9 / 10], millis[jobs - 1]);
    }
  }

  private static JobBoard openBoard(String boardUrl, String storeUrl) {
    if (boardUrl.equals("same")) {
      return JobBoards.open(storeUrl);
    }
    if (boardUrl.startsWith("redis")) {
      return JobBoards.open(boardUrl.replaceAll("/+$", "") + "/tf4jbench-" + UUID.randomUUID().toString().substring(0, 8));
    }
    return JobBoards.open(boardUrl);
  }

  /** The factory of the jobs: three no-op tasks in a line, the first telling {@code onFirst}. */
  private static FlowFactories factories(Runnable onFirst) {
    return FlowFactories.builder()
        .register(FACTORY, call -> Flow.linear("noop3")
            .add(Task.builder("a").requires("x").provides("a").execute(ctx -> {
              onFirst.run();
              return ctx.argument("x", Integer.class) + 1;
            }).build())
            .add(Task.builder("b").requires("a").provides("b").execute(ctx -> ctx.argument("a", Integer.class) + 1).build())
            .add(Task.builder("c").requires("b").provides("c").execute(ctx -> ctx.argument("b", Integer.class) + 1).build()))
        .build();
  }
}
