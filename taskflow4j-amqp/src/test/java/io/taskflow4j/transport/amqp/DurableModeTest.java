package io.taskflow4j.transport.amqp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.taskflow4j.transport.Delivery;
import io.taskflow4j.transport.Message;
import io.taskflow4j.transport.MessageProperties;
import io.taskflow4j.transport.TransportException;
import io.taskflow4j.transport.amqp.testing.TestBroker;
import io.taskflow4j.transport.amqp.testing.TestBrokers;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * Durable mode on RabbitMQ (skipped without it, unless {@code TASKFLOW4J_REQUIRE_RABBITMQ=true}):
 * a request published before a broker restart is still there after it, and a peer in the other
 * mode is told plainly that the two cannot share an exchange.
 */
class DurableModeTest {

  private final TestBroker broker = TestBrokers.rabbitMqOrSkip();
  private final String exchange = "tf4j-durable-" + UUID.randomUUID().toString().substring(0, 8);

  private static Message request(String text) {
    return new Message(MessageProperties.of("REQUEST", "engine", UUID.randomUUID().toString()),
        text.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void aMessageWaitingInADurableQueueSurvivesABrokerRestart() {
    try (AmqpTransport transport = AmqpTransport.builder(broker.url()).durable(true)
        .recoveryInterval(Duration.ofMillis(200)).build()) {
      transport.publish(exchange, "worker", request("kept"));
    }

    TestBrokers.restartRabbitMq();

    List<String> bodies = new CopyOnWriteArrayList<>();
    try (AmqpTransport transport = AmqpTransport.builder(broker.url()).durable(true).build()) {
      transport.consume(exchange, "worker", delivery -> {
        bodies.add(new String(delivery.message().body(), StandardCharsets.UTF_8));
        delivery.ack();
      });
      await().atMost(Duration.ofSeconds(30)).until(() -> bodies.contains("kept"));
      deleteQueue();
    }
  }

  @Test
  void manyAsynchronousPublishesAwaitTheirConfirmsAtOnceAndAllArrive() {
    List<String> bodies = new CopyOnWriteArrayList<>();
    try (AmqpTransport transport = AmqpTransport.builder(broker.url()).durable(true).build()) {
      transport.consume(exchange, "worker", delivery -> {
        bodies.add(new String(delivery.message().body(), StandardCharsets.UTF_8));
        delivery.ack();
      });
      List<CompletableFuture<Void>> confirmed = new ArrayList<>();
      for (int i = 0; i < 500; i++) {
        confirmed.add(transport.publishAsync(exchange, "worker", request("m" + i)));
      }
      CompletableFuture.allOf(confirmed.toArray(CompletableFuture[]::new)).join();
      await().atMost(Duration.ofSeconds(30)).until(() -> bodies.size() == 500);
      assertThat(bodies).doesNotHaveDuplicates();
      deleteQueue();
    }
  }

  @Test
  void aPeerInTheOtherModeIsRefusedWithTheBrokersReason() {
    try (AmqpTransport durable = AmqpTransport.builder(broker.url()).durable(true).build();
        AmqpTransport plain = AmqpTransport.connect(broker.url())) {
      durable.consume(exchange, "worker", Delivery::ack);

      assertThatThrownBy(() -> plain.consume(exchange, "worker", Delivery::ack))
          .isInstanceOf(TransportException.class)
          .hasMessageContaining("PRECONDITION_FAILED");
      deleteQueue();
    }
  }

  @Test
  void durableModeConflictsWithPublishingWithoutConfirms() {
    assertThatThrownBy(() -> AmqpTransport.builder(broker.url()).durable(true).publisherConfirms(false).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("durable(true) publishes with confirms");
  }

  /** Durable queues outlive the test; this one is removed at once. */
  private void deleteQueue() {
    try (var connection = broker.openConnection("tf4j-durable-cleanup");
        var channel = connection.createChannel()) {
      channel.queueDelete(exchange + "_worker");
      channel.exchangeDelete(exchange);
    } catch (Exception e) {
      throw new IllegalStateException("could not clean up " + exchange, e);
    }
  }
}
