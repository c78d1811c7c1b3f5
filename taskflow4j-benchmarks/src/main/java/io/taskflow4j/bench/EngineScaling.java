package io.taskflow4j.bench;

import io.taskflow4j.engine.Engine;
import io.taskflow4j.flow.FanOut;
import io.taskflow4j.flow.Flow;
import io.taskflow4j.state.FlowState;
import io.taskflow4j.task.Task;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.IntStream;

/**
 * Times compiling and running flows of 1,000, 10,000 and 100,000 no-op tasks in linear, unordered
 * and graph-chain shapes, and a {@link FanOut} over as many items (the unordered shape plus a task
 * gathering every result into one list), on the serial engine and on the default parallel one, and
 * prints one table. Each figure is the best of several runs after a warm-up, since single runs on a shared
 * machine are noisy. Run with {@code java -cp taskflow4j-benchmarks/target/benchmarks.jar
 * io.taskflow4j.bench.EngineScaling [sizes...] [shapes...]}.
 */
public final class EngineScaling {

  private EngineScaling() {}

  /**
   * Runs the benchmark.
   *
   * @param args optional task counts (default 1000 10000 100000) and shape names (default linear
   *     unordered fan-out graph), in any order
   */
  public static void main(String[] args) {
    List<String> shapeArgs = new ArrayList<>();
    List<String> sizeArgs = new ArrayList<>();
    for (String arg : args) {
      (Character.isDigit(arg.charAt(0)) ? sizeArgs : shapeArgs).add(arg);
    }
    int[] sizes = sizeArgs.isEmpty() ? new int[] {1_000, 10_000, 100_000} : parse(sizeArgs);
    String[] shapes = shapeArgs.isEmpty()
        ? new String[] {"linear", "unordered", "fan-out", "graph"}
        : shapeArgs.toArray(new String[0]);
    for (int warm = 0; warm < 3; warm++) {
      for (String shape : shapes) {
        measure(shape, 10_000, true);
      }
    }
    System.out.println("| shape | mode | tasks | compile ms | run ms | total ms | total / previous size |");
    System.out.println("|---|---|---:|---:|---:|---:|---:|");
    for (boolean serial : new boolean[] {true, false}) {
      for (String shape : shapes) {
        double previous = -1;
        for (int size : sizes) {
          double[] best = {Double.MAX_VALUE, Double.MAX_VALUE, Double.MAX_VALUE};
          int repeats = size >= 100_000 ? 3 : 5;
          for (int r = 0; r < repeats; r++) {
            double[] t = measure(shape, size, serial);
            if (t[0] + t[1] < best[2]) {
              best = new double[] {t[0], t[1], t[0] + t[1]};
            }
          }
          String ratio = previous < 0 ? "" : String.format(Locale.ROOT, "%.1fx", best[2] / previous);
          System.out.printf(Locale.ROOT, "| %s | %s | %,d | %.1f | %.1f | %.1f | %s |%n",
              shape, serial ? "serial" : "parallel", size, best[0], best[1], best[2], ratio);
          previous = best[2];
        }
      }
    }
  }

  private static int[] parse(List<String> args) {
    int[] sizes = new int[args.size()];
    for (int i = 0; i < sizes.length; i++) {
      sizes[i] = Integer.parseInt(args.get(i));
    }
    return sizes;
  }

  /** Returns compile and run time in milliseconds. */
  static double[] measure(String shape, int size, boolean serial) {
    Flow flow = build(shape, size);
    var builder = Engine.builder(flow);
    if (serial) {
      builder.serial();
    }
    try (Engine engine = builder.build()) {
      // Start each measurement with the garbage of the previous one collected, so one run's
      // leftovers are not billed to the next.
      System.gc();
      return compileAndRun(engine);
    }
  }

  /**
   * Compiles an engine's flow and runs it to SUCCESS.
   *
   * @param engine an engine that has not compiled yet
   * @return the milliseconds compiling and running took
   */
  static double[] compileAndRun(Engine engine) {
    long t0 = System.nanoTime();
    engine.compile();
    long t1 = System.nanoTime();
    if (engine.run() != FlowState.SUCCESS) {
      throw new IllegalStateException("flow did not succeed");
    }
    long t2 = System.nanoTime();
    return new double[] {(t1 - t0) / 1e6, (t2 - t1) / 1e6};
  }

  /** Builds a flow of {@code size} no-op tasks. */
  static Flow build(String shape, int size) {
    if (shape.equals("fan-out")) {
      // The unordered shape's work (each item plus one), written as a fan-out over 0..size-1.
      return FanOut.over("bench", IntStream.range(0, size).boxed().toList())
          .execute((item, ctx) -> item + 1)
          .provides("all")
          .build();
    }
    List<Task> tasks = new ArrayList<>(size);
    for (int i = 0; i < size; i++) {
      // The same shapes as the reference's reference_local.py: each task adds one to x and
      // provides r<i>; in the graph chain x is rebound to the previous task's result.
      var builder =
          Task.builder("t" + i)
              .requires("x")
              .provides("r" + i)
              .execute(ctx -> ctx.argument("x", Integer.class) + 1);
      if (shape.equals("graph") && i > 0) {
        builder.rebind("x", "r" + (i - 1));
      } else {
        builder.inject("x", i);
      }
      tasks.add(builder.build());
    }
    Flow flow;
    switch (shape) {
      case "linear":
        flow = Flow.linear("bench");
        break;
      case "unordered":
        flow = Flow.unordered("bench");
        break;
      case "graph":
        flow = Flow.graph("bench");
        break;
      default:
        throw new IllegalArgumentException("unknown shape " + shape);
    }
    flow.add(tasks.toArray(new Task[0]));
    return flow;
  }
}
