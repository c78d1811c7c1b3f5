package io.taskflow4j.bench.persistence;

import io.taskflow4j.engine.Engine;
import io.taskflow4j.flow.Flow;
import io.taskflow4j.persistence.FlowStore;
import io.taskflow4j.store.jdbc.FlowStores;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
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

  private ColdResumeBench() {}

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
        AtomicReference<Engine> self = new AtomicReference<>();
        Flow flow = ResumeBench.flow(size, self, size / 2, new AtomicLong(), new AtomicInteger(), new AtomicInteger(),
            new CountDownLatch(1));
        try (Engine engine = Engine.builder(flow).serial().store(store).build()) {
          self.set(engine);
          System.out.println(engine.flowId());
          engine.run();
        }
        return;
      }
      AtomicLong firstExecute = new AtomicLong();
      Flow flow = ResumeBench.flow(size, new AtomicReference<>(), -1, firstExecute, new AtomicInteger(), new AtomicInteger(),
          new CountDownLatch(1));
      long built = System.nanoTime();
      try (Engine engine = Engine.builder(flow).serial().resume(store, args[3]).build()) {
        long resumed = System.nanoTime();
        engine.runAsync();
        System.out.printf(
            "cold resume n=%d store=%s: open store %.0f ms, resume build %.0f ms, then first execute %.0f ms;"
                + " build to first execute %.0f ms%n",
            size, BenchStores.kind(args[0]), (opened - started) / 1e6, (resumed - built) / 1e6,
            (firstExecute.get() - resumed) / 1e6, (firstExecute.get() - built) / 1e6);
      }
    }
  }
}
