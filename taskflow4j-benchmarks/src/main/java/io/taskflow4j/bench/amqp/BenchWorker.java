package io.taskflow4j.bench.amqp;

import io.taskflow4j.task.Task;
import io.taskflow4j.transport.Transport;
import io.taskflow4j.transport.amqp.AmqpTransport;
import io.taskflow4j.worker.Worker;
import java.io.IOException;
import java.io.InputStream;

/**
 * The worker side of {@link AmqpFlowBench} in a process of its own, as users run workers: 4
 * threads serving the no-op task. Prints {@code READY} once it consumes and stops when its
 * standard input closes.
 *
 * <p>{@code java -cp benchmarks.jar io.taskflow4j.bench.amqp.BenchWorker URL EXCHANGE [durable]}
 */
public final class BenchWorker {

  /** The topic the bench's worker serves. */
  static final String TOPIC = "bench-topic";
  /** The name the bench's task is served under. */
  static final String TASK = "bench.Noop";

  private BenchWorker() {}

  /**
   * Serves until standard input closes.
   *
   * @param args the broker URL, the exchange, optionally {@code durable}
   * @throws IOException when standard input cannot be read
   */
  public static void main(String[] args) throws IOException {
    boolean durable = args.length > 2 && args[2].equals("durable");
    try (AmqpTransport transport = AmqpTransport.builder(args[0]).prefetch(256).durable(durable).build();
        Worker worker = worker(transport, args[1])) {
      worker.start();
      System.out.println("READY");
      System.out.flush();
      InputStream in = System.in;
      while (in.read() >= 0) {
        // Waits for the parent to close the pipe.
      }
    }
  }

  /** The bench's worker on a transport, not started. */
  static Worker worker(Transport transport, String exchange) {
    return Worker.builder(transport)
        .exchange(exchange)
        .topic(TOPIC)
        .threads(4)
        .serve(TASK, BenchWorker::noop)
        .build();
  }

  private static Task noop(String name) {
    return Task.builder(name)
        .requires("x")
        .execute(ctx -> ctx.argument("x", Integer.class) + 1)
        .remoteName(TASK)
        .build();
  }
}
