package io.taskflow4j.transport.amqp;

import static org.assertj.core.api.Assertions.assertThat;

import io.taskflow4j.transport.Delivery;
import io.taskflow4j.transport.Message;
import io.taskflow4j.transport.MessageProperties;
import io.taskflow4j.transport.amqp.testing.TestBroker;
import io.taskflow4j.transport.amqp.testing.TestBrokers;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Closing the transport loses nothing that a handler acknowledged and lets its answer go out. */
class AmqpShutdownTest {

  private final String exchange = "tf4j-shutdown-" + UUID.randomUUID().toString().substring(0, 8);

  @ParameterizedTest
  @EnumSource(TestBroker.Kind.class)
  void closeLetsTheRunningHandlerFinishItsAcknowledgementAndAnswer(TestBroker.Kind kind) throws Exception {
    TestBroker broker = TestBrokers.of(kind);
    CountDownLatch entered = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    List<String> answers = new CopyOnWriteArrayList<>();
    List<String> atStandby = new CopyOnWriteArrayList<>();
    ExecutorService closer = Executors.newSingleThreadExecutor();
    try (AmqpTransport engine = AmqpTransport.connect(broker.url());
        AmqpTransport standby = AmqpTransport.connect(broker.url())) {
      AmqpTransport worker = AmqpTransport.connect(broker.url());
      engine.consume(exchange, "engine", d -> {
        answers.add(body(d));
        d.ack();
      });
      worker.consume(exchange, "worker", d -> {
        entered.countDown();
        try {
          release.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        d.ack();
        worker.publish(exchange, "engine", message("answer to " + body(d)));
      });
      engine.publish(exchange, "worker", message("job"));
      assertThat(entered.await(30, TimeUnit.SECONDS)).isTrue();
      standby.consume(exchange, "worker", d -> {
        atStandby.add(body(d));
        d.ack();
      });

      Future<?> closing = closer.submit(worker::close);
      await().during(Duration.ofMillis(300)).until(() -> !closing.isDone());
      release.countDown();
      closing.get(30, TimeUnit.SECONDS);

      await().until(() -> answers.contains("answer to job"));
      engine.publish(exchange, "worker", message("marker"));
      await().until(() -> atStandby.contains("marker"));
      assertThat(atStandby).as("the acknowledged job was not requeued at close").containsExactly("marker");
    } finally {
      closer.shutdownNow();
    }
  }

  private static String body(Delivery delivery) {
    return new String(delivery.message().body(), StandardCharsets.UTF_8);
  }

  private static Message message(String body) {
    return new Message(MessageProperties.of("REQUEST", "r", "c"), body.getBytes(StandardCharsets.UTF_8));
  }

  private static ConditionFactory await() {
    return Awaitility.await().pollInterval(Duration.ofMillis(20)).atMost(Duration.ofSeconds(30));
  }
}
