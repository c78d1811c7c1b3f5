package com.example.guide;

import io.taskflow4j.engine.Engine;
import io.taskflow4j.flow.Flow;
import io.taskflow4j.remote.RemoteTaskExecutor;
import io.taskflow4j.task.Task;
import io.taskflow4j.task.TaskSpec;
import io.taskflow4j.transport.Transport;
import io.taskflow4j.transport.amqp.AmqpTransport;
import io.taskflow4j.transport.memory.InMemoryBroker;
import io.taskflow4j.worker.Worker;
import java.time.Duration;

/** The guide's worker and remote engine ("Workers and remote engines in Java"). */
public final class Workers {

  private Workers() {}

  /**
   * A worker serving the billing tasks.
   *
   * @param transport the broker connection
   * @param gateway where refunds go
   * @return the worker, not started
   */
  public static Worker billingWorker(Transport transport, Refund.PaymentGateway gateway) {
    Worker worker = Worker.builder(transport)
        .exchange("orders")
        .topic("billing")
        .threads(4)
        .serve(ChargeCard.class)                                   // served as "com.example.guide.ChargeCard"
        .serve("billing.Refund", name -> new Refund(name, gateway)) // any name, any factory
        .build();
    return worker;
  }

  /**
   * Runs an order's tasks on workers.
   *
   * @param transport the broker connection
   * @param order the order
   * @return the refund's reference
   * @throws InterruptedException when interrupted while waiting for workers
   */
  public static Object runOnWorkers(Transport transport, String order) throws InterruptedException {
    try (RemoteTaskExecutor remote = RemoteTaskExecutor.builder(transport)
        .exchange("orders")
        .topics("billing")
        .requestTimeout(Duration.ofSeconds(30))
        .build()) {
      remote.start();
      remote.waitForWorkers(1, Duration.ofSeconds(10));   // WorkersUnavailableException if none answers
      Flow flow = Flow.linear("order")
          .add(new ChargeCard("charge"))                 // sent as "com.example.guide.ChargeCard"
          .add(Task.remote("billing.Refund",             // known only by its served name
              TaskSpec.builder("refund").requires("payment").provides("refund").build()));
      try (Engine engine = Engine.builder(flow).taskExecutor(remote).input("order", order).build()) {
        engine.run();
        return engine.result("refund").orElseThrow();
      }
    }
  }

  /**
   * Runs a worker and an engine in one process over the in-memory broker.
   *
   * @return the refund's reference
   * @throws InterruptedException when interrupted
   */
  public static Object inOneProcess() throws InterruptedException {
    try (InMemoryBroker broker = InMemoryBroker.builder().name("guide").build()) {
      Worker worker = billingWorker(broker.transport(), payment -> "refund of " + payment);
      worker.start();                                  // logs a banner at INFO
      try {
        return runOnWorkers(broker.transport(), "42");
      } finally {
        boolean finished = worker.stop(Duration.ofSeconds(30));   // no new requests; waits for running ones
        if (!finished) {
          throw new IllegalStateException("the worker did not finish in time");
        }
      }
    }
  }

  /**
   * Serves the billing tasks on RabbitMQ until the process is stopped.
   *
   * @param args the broker URL, such as {@code amqp://guest:guest@127.0.0.1:5672/}
   * @throws InterruptedException when interrupted
   */
  public static void main(String[] args) throws InterruptedException {
    AmqpTransport transport = AmqpTransport.connect(args[0]);
    Worker worker = billingWorker(transport, payment -> "refund of " + payment);
    worker.start();
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      worker.stop(Duration.ofSeconds(30));
      transport.close();                               // neither worker nor executor closes its transport
    }));
    Thread.currentThread().join();
  }
}
