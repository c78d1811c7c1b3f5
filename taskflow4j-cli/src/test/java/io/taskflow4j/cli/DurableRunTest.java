package io.taskflow4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.taskflow4j.examples.Add;
import io.taskflow4j.transport.amqp.AmqpTransport;
import io.taskflow4j.transport.amqp.testing.TestBroker;
import io.taskflow4j.transport.amqp.testing.TestBrokers;
import io.taskflow4j.worker.Worker;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code taskflow run --durable} against a durable worker on RabbitMQ (skipped without it, unless
 * {@code TASKFLOW4J_REQUIRE_RABBITMQ=true}; the embedded Qpid has no quorum queues).
 */
class DurableRunTest {

  private static final String TOPIC = "durable-adders";

  private TestBroker broker;
  private String exchange;
  private AmqpTransport transport;
  private Worker worker;

  @BeforeEach
  void startDurableWorker() {
    broker = TestBrokers.rabbitMqOrSkip();
    exchange = "tf4j-durable-run-" + UUID.randomUUID().toString().substring(0, 8);
    transport = AmqpTransport.builder(broker.url()).durable(true).build();
    worker = Worker.builder(transport).exchange(exchange).topic(TOPIC).serve(Add.class).build();
    worker.start();
  }

  @AfterEach
  void stop() throws Exception {
    if (worker != null) {
      worker.close();
      transport.close();
      try (var connection = broker.openConnection("tf4j-durable-cleanup");
          var channel = connection.createChannel()) {
        channel.queueDelete(exchange + "_" + TOPIC);
        channel.exchangeDelete(exchange);
      }
    }
  }

  private Cli.Result run(String... more) {
    java.util.List<String> args = new java.util.ArrayList<>(java.util.List.of(
        "run", Cli.example("add.yaml"), "--url", broker.url(), "--exchange", exchange,
        "--topic", TOPIC, "--wait", "5s"));
    args.addAll(java.util.List.of(more));
    return Cli.run(args.toArray(String[]::new));
  }

  @Test
  void aDurableRunIsServedByADurableWorker() {
    Cli.Result result = run("--durable");

    assertThat(result.exitCode()).as(result.toString()).isZero();
    assertThat(result.out()).contains("\"total\"");
  }

  @Test
  void aRunThatIsNotDurableIsToldWhyItCannotShareTheExchange() {
    Cli.Result result = run();

    assertThat(result.exitCode()).as(result.toString()).isNotZero();
    assertThat(result.err()).contains("PRECONDITION_FAILED");
  }
}
