package io.taskflow4j.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.taskflow4j.engine.Engine;
import io.taskflow4j.flow.Flow;
import io.taskflow4j.remote.RemoteTaskExecutor;
import io.taskflow4j.state.FlowState;
import io.taskflow4j.task.Task;
import io.taskflow4j.transport.amqp.AmqpTransport;
import io.taskflow4j.transport.amqp.PublishRetry;
import io.taskflow4j.transport.amqp.testing.TestBroker;
import io.taskflow4j.transport.amqp.testing.TestBrokers;
import io.taskflow4j.worker.Worker;
import java.time.Duration;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * RabbitMQ stopped and started ({@code rabbitmqctl stop_app}, {@code start_app}) while an engine
 * has 1,000 requests in flight to a worker, both in durable mode: every task completes with its
 * result and none is lost. Skipped without RabbitMQ, unless {@code TASKFLOW4J_REQUIRE_RABBITMQ=true}.
 */
class DurableBrokerRestartTest {

  private static final Logger LOG = LoggerFactory.getLogger(DurableBrokerRestartTest.class);
  private static final int TASKS = 1000;
  /** Long enough to ride out a broker restart, which takes a few seconds here. */
  private static final PublishRetry PATIENT =
      new PublishRetry(Duration.ofMillis(500), Duration.ofMillis(500), Duration.ofSeconds(2), 30);

  @Test
  void everyTaskInFlightCompletesAcrossABrokerRestart() throws Exception {
    TestBroker broker = TestBrokers.rabbitMqOrSkip();
    String exchange = "tf4j-durable-restart-" + UUID.randomUUID().toString().substring(0, 8);
    AtomicInteger executes = new AtomicInteger();
    Set<Integer> done = ConcurrentHashMap.newKeySet();
    try (AmqpTransport workerTransport = transport(broker, "durable-restart-worker");
        AmqpTransport engineTransport = transport(broker, "durable-restart-engine");
        Worker worker = Worker.builder(workerTransport).exchange(exchange).topic("squares").threads(4)
            .serve("durable.Square", name -> Task.builder(name).requires("n").idempotent()
                .execute(ctx -> {
                  int n = ctx.argument("n", Integer.class);
                  executes.incrementAndGet();
                  Thread.sleep(40);
                  done.add(n);
                  return n * n;
                }).build())
            .build();
        RemoteTaskExecutor remote = RemoteTaskExecutor.builder(engineTransport).exchange(exchange)
            .topics("squares").inFlight(TASKS).requestTimeout(Duration.ofMinutes(2)).build()) {
      worker.start();
      remote.start();
      remote.waitForWorkers(1, Duration.ofSeconds(20));
      Flow flow = Flow.unordered("squares");
      for (int n = 0; n < TASKS; n++) {
        flow.add(Task.builder("s" + n).requires("n").inject("n", n).provides("r" + n)
            .remoteName("durable.Square").execute(ctx -> {
              throw new IllegalStateException("runs on the worker only");
            }).build());
      }
      Engine engine = Engine.builder(flow).taskExecutor(remote).build();
      CompletableFuture<FlowState> run = engine.runAsync();
      await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(10)).until(() -> executes.get() >= 20);
      int beforeRestart = done.size();

      TestBrokers.restartRabbitMq();

      assertThat(run.get(3, TimeUnit.MINUTES)).isEqualTo(FlowState.SUCCESS);
      for (int n = 0; n < TASKS; n++) {
        assertThat(engine.result("r" + n)).as("result of s" + n).contains(n * n);
      }
      assertThat(beforeRestart).as("most of the work was still in flight at the restart").isLessThan(TASKS / 2);
      LOG.info("durable mode across a RabbitMQ restart: {} of {} tasks done before it, {} executes in all"
          + " ({} run again after the restart)", beforeRestart, TASKS, executes.get(), executes.get() - TASKS);
    } finally {
      deleteLeftovers(broker, exchange);
    }
  }

  private static AmqpTransport transport(TestBroker broker, String name) {
    return AmqpTransport.builder(broker.url()).durable(true).connectionName(name)
        .recoveryInterval(Duration.ofMillis(250)).publishRetry(PATIENT).build();
  }

  /** Durable queues outlive their consumers for a day; these are removed at once. */
  private static void deleteLeftovers(TestBroker broker, String exchange) {
    try (var connection = broker.openConnection("tf4j-durable-cleanup");
        var channel = connection.createChannel()) {
      channel.queueDelete(exchange + "_squares");
      channel.exchangeDelete(exchange);
    } catch (Exception e) {
      LOG.warn("could not delete the test's durable queue and exchange: {}", e.toString());
    }
  }
}
