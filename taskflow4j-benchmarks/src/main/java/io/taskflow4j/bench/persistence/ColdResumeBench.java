package io.taskflow4j.bench.persistence;

import io.taskflow4j.engine.Engine;
import io.taskflow4j.flow.Flow;
import io.taskflow4j.persistence.FlowStore;
import io.taskflow4j.store.jdbc.FlowStores;
import io.taskflow4j.task.Task;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Resume in a fresh JVM, as after a crash: {@code record} runs a linear flow of N no-op tasks that
 * suspends itself half way and prints the flow's id; {@code resume ID} (in a new JVM) times the
 * resuming engine's build and the wait for its first execute. Unlike {@link ResumeBench}, nothing
 * is warmed up.
 *
 * <pre>
 * ID=$(java -cp benchmarks.jar io.taskflow4j.bench.persistence.ColdResumeBench STORE N record)
 * java -cp benchmarks.jar io.taskflow4j.bench.persistence.ColdResumeBench STORE N resume $ID
 * </pre>
 */
public final class ColdResumeBench {

  private static final AtomicReference<Engine> RECORDING = new AtomicReference<>();
  private static volatile long firstExecute;

  private ColdResumeBench() {}

  private static Flow flow(int size, boolean suspendHalfWay) {
    Flow flow = Flow.linear("cold-resume");
    for (int i = 0; i < size; i++) {
      int index = i;
      flow.add(Task.builder("t" + i).provides("r" + i).execute(context -> {
        if (firstExecute == 0) {
          firstExecute = System.nanoTime();
        }
        if (suspendHalfWay && index == size / 2) {
          RECORDING.get().suspend();
        }
        return index + 1;
      }).build());
    }
    return flow;
  }

  /**
   * Records or resumes.
   *
   * @param args STORE_URL N record | STORE_URL N resume FLOW_ID
   */
  public static void main(String[] args) {
    long started = System.nanoTime();
    int size = Integer.parseInt(args[1]);
    try (FlowStore store = FlowStores.open(args[0])) {
      long opened = System.nanoTime();
      if (args[2].equals("record")) {
        try (Engine engine = Engine.builder(flow(size, true)).serial().store(store).build()) {
          RECORDING.set(engine);
          System.out.println(engine.flowId());
          engine.run();
        }
        return;
      }
      Flow flow = flow(size, false);
      long built = System.nanoTime();
      try (Engine engine = Engine.builder(flow).serial().resume(store, args[3]).build()) {
        long resumed = System.nanoTime();
        engine.runAsync();
        System.out.printf(
            "cold resume n=%d store=%s: open store %.0f ms, resume build %.0f ms, then first execute %.0f ms;"
                + " build to first execute %.0f ms%n",
            size, args[0].split(":")[0], (opened - started) / 1e6, (resumed - built) / 1e6,
            (firstExecute - resumed) / 1e6, (firstExecute - built) / 1e6);
      }
    }
  }
}
