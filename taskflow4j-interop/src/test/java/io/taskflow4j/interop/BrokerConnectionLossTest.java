package io.taskflow4j.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.taskflow4j.engine.Engine;
import io.taskflow4j.engine.FlowFailedException;
import io.taskflow4j.flow.Flow;
import io.taskflow4j.remote.RemoteTaskExecutor;
import io.taskflow4j.state.FlowState;
import io.taskflow4j.task.Task;
import io.taskflow4j.transport.amqp.AmqpTransport;
import io.taskflow4j.transport.amqp.testing.TcpProxy;
import io.taskflow4j.transport.amqp.testing.TestBroker;
import io.taskflow4j.transport.amqp.testing.TestBrokers;
import io.taskflow4j.transport.amqp.AmqpUrl;
import io.taskflow4j.worker.Worker;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The broker connection is cut while a flow runs on a worker over AMQP: engine and worker
 * reconnect, and the flow either completes or fails with a clear error. It never hangs.
 */
class BrokerConnectionLossTest {

  private static final int TASKS = 20;

  private static Flow slowFlow(AtomicInteger executed) {
    Flow flow = Flow.linear("resilient");
    for (int i = 0; i < TASKS; i++) {
      flow.add(Task.builder("step-" + i).remoteName("resilience.Step").execute(ctx -> null).build());
    }
    return flow;
  }

  private static Worker worker(AmqpTransport transport, String exchange, AtomicInteger executed) {
    return Worker.builder(transport).exchange(exchange).topic("resilience").threads(2)
        .heartbeatInterval(Duration.ofMillis(200))
        .serve("resilience.Step", name -> Task.builder(name).execute(ctx -> {
          executed.incrementAndGet();
          Thread.sleep(100);
          return null;
        }).build())
        .build();
  }

  /** Runs the flow, calls {@code cut} once a few tasks are done, and checks the run ends. */
  private static void runThroughACut(String url, java.util.function.Consumer<AmqpTransport> cut) throws Exception {
    String exchange = "resilience-" + UUID.randomUUID();
    AtomicInteger executed = new AtomicInteger();
    try (AmqpTransport workerTransport = AmqpTransport.builder(url).connectionName("resilience-worker").build();
        AmqpTransport engineTransport = AmqpTransport.builder(url).connectionName("resilience-engine").build();
        Worker worker = worker(workerTransport, exchange, executed);
        RemoteTaskExecutor remote = RemoteTaskExecutor.builder(engineTransport).exchange(exchange).topics("resilience")
            .requestTimeout(Duration.ofSeconds(20)).notifyPeriod(Duration.ofMillis(500)).build()) {
      worker.start();
      remote.start();
      remote.waitForWorkers(1, Duration.ofSeconds(20));
      Engine engine = Engine.builder(slowFlow(executed)).taskExecutor(remote).build();
      CompletableFuture<FlowState> run = engine.runAsync();
      await().atMost(Duration.ofSeconds(20)).until(() -> executed.get() >= 3);

      cut.accept(workerTransport);

      FlowState end;
      try {
        end = run.get(90, TimeUnit.SECONDS);
      } catch (ExecutionException e) {
        // Failing is allowed, but only with a clear error after reverting.
        assertThat(e.getCause()).isInstanceOf(FlowFailedException.class);
        FlowFailedException failed = (FlowFailedException) e.getCause();
        assertThat(failed.getMessage()).contains("atom 'step-");
        end = failed.state();
      }
      assertThat(end).isIn(FlowState.SUCCESS, FlowState.REVERTED, FlowState.FAILURE);
      if (end == FlowState.SUCCESS) {
        assertThat(executed.get()).isGreaterThanOrEqualTo(TASKS);
      }
      // The client reopens a connection before it tells its recovery listeners, which count it.
      await("both connections back, and a recovery counted").atMost(Duration.ofSeconds(20))
          .until(() -> workerTransport.isConnected() && engineTransport.isConnected()
              && workerTransport.recoveries() + engineTransport.recoveries() > 0);
    }
  }

  @Test
  void flowEndsAfterTheBrokerClosesEveryConnection() throws Exception {
    TestBroker broker = TestBrokers.rabbitMqOrSkip();
    runThroughACut(broker.url(), worker -> assertThat(broker.closeConnections("resilience-")).isPositive());
  }

  @Test
  void flowEndsAfterTheNetworkToTheBrokerDropsForAMoment() throws Exception {
    TestBroker broker = TestBrokers.any();
    AmqpUrl target = AmqpUrl.parse(broker.url());
    try (TcpProxy proxy = TcpProxy.start(target.host(), target.port())) {
      String viaProxy = "amqp://" + target.username() + ":" + target.password() + "@127.0.0.1:" + proxy.port() + "/";
      runThroughACut(viaProxy, worker -> {
        proxy.cut();
        await().atMost(Duration.ofSeconds(20)).until(() -> !worker.isConnected());
        proxy.restore();
      });
    }
  }
}
