package io.taskflow4j.bench;

import io.taskflow4j.engine.Engine;
import io.taskflow4j.flow.Decider;
import io.taskflow4j.flow.Flow;
import io.taskflow4j.flow.GraphFlow;
import io.taskflow4j.task.Task;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Times a graph flow of no-op tasks in chains of ten, each task linked to the next, side by side
 * in one run: with plain links; with the same links each carrying a decider that says yes at once,
 * which measures what asking a decider costs the engine; and with deciders that read the result
 * before them, which adds their own work. Each variant runs in a JVM of its own, one after the
 * other (as JMH forks): run in one JVM, a plain flow and a flow with deciders leave the JIT a
 * profile that suits neither. Each figure is the best of several runs after a warm-up, on the
 * serial engine. Run with {@code java -cp taskflow4j-benchmarks/target/benchmarks.jar
 * io.taskflow4j.bench.DeciderOverhead [tasks]}.
 */
public final class DeciderOverhead {

  private static final int CHAIN = 10;
  private static final AtomicLong SEEN = new AtomicLong();
  private static final Decider[] DECIDERS = {
    null,
    history -> true,
    history -> {
      String atom = history.atoms().iterator().next();
      SEEN.addAndGet(((Number) history.result(atom).orElseThrow()).longValue());
      return true;
    }
  };
  private static final String[] NAMES = {"plain links", "deciders saying yes", "deciders reading the result"};

  private DeciderOverhead() {}

  /**
   * Runs the benchmark.
   *
   * @param args optional task count; default 100000
   */
  public static void main(String[] args) throws IOException, InterruptedException {
    if (args.length == 3 && args[0].equals("--variant")) {
      runVariant(Integer.parseInt(args[1]), Integer.parseInt(args[2]));
      return;
    }
    int size = args.length == 0 ? 100_000 : Integer.parseInt(args[0]);
    int links = size - size / CHAIN;
    System.out.println("| links | tasks | deciders | compile ms | run ms | total ms | total / plain | ns per decision |");
    System.out.println("|---|---:|---:|---:|---:|---:|---:|---:|");
    double plain = -1;
    for (int k = 0; k < DECIDERS.length; k++) {
      double[] best = fork(k, size);
      if (plain < 0) {
        plain = best[0] + best[1];
      }
      double total = best[0] + best[1];
      String perDecision = k == 0 ? "" : String.format(Locale.ROOT, "%.0f", (total - plain) * 1e6 / links);
      System.out.printf(Locale.ROOT, "| %s | %,d | %,d | %.1f | %.1f | %.1f | %.2f | %s |%n",
          NAMES[k], size, k == 0 ? 0 : links, best[0], best[1], total, total / plain, perDecision);
    }
  }

  /** Runs one variant in a child JVM with this one's class path; its best compile and run ms. */
  private static double[] fork(int variant, int size) throws IOException, InterruptedException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    // A fixed, roomy heap, so that collections do not land at random in the timed part.
    Process child = new ProcessBuilder(java, "-Xms2g", "-Xmx2g", "-cp", System.getProperty("java.class.path"),
        DeciderOverhead.class.getName(), "--variant", String.valueOf(variant), String.valueOf(size))
        .redirectError(ProcessBuilder.Redirect.INHERIT)
        .start();
    String out = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
    if (child.waitFor() != 0) {
      throw new IllegalStateException("variant " + NAMES[variant] + " failed: " + out);
    }
    String[] parts = out.split(" ");
    return new double[] {Double.parseDouble(parts[0]), Double.parseDouble(parts[1])};
  }

  private static void runVariant(int variant, int size) {
    Decider decider = DECIDERS[variant];
    for (int warm = 0; warm < 10; warm++) {
      measure(decider, size);
    }
    double[] best = {Double.MAX_VALUE, Double.MAX_VALUE, Double.MAX_VALUE};
    for (int r = 0; r < 10; r++) {
      double[] t = measure(decider, size);
      if (t[0] + t[1] < best[2]) {
        best = new double[] {t[0], t[1], t[0] + t[1]};
      }
    }
    System.out.printf(Locale.ROOT, "%.3f %.3f%n", best[0], best[1]);
  }

  private static Flow build(Decider decider, int size) {
    GraphFlow flow = Flow.graph("chains");
    Task[] tasks = new Task[size];
    for (int i = 0; i < size; i++) {
      int index = i;
      tasks[i] = Task.builder("t" + i).execute(ctx -> index).build();
    }
    flow.add(tasks);
    for (int i = 0; i + 1 < size; i++) {
      if ((i + 1) % CHAIN == 0) {
        continue;
      }
      if (decider == null) {
        flow.link(tasks[i], tasks[i + 1]);
      } else {
        flow.link(tasks[i], tasks[i + 1], decider);
      }
    }
    return flow;
  }

  private static double[] measure(Decider decider, int size) {
    // The previous run's garbage is collected before the flow is built, not between building and
    // running it: a full collection there moves the new flow to the old generation, and the run
    // then pays for references from it to what the run allocates, more so with deciders.
    System.gc();
    Flow flow = build(decider, size);
    try (Engine engine = Engine.builder(flow).serial().build()) {
      return EngineScaling.compileAndRun(engine);
    }
  }
}
