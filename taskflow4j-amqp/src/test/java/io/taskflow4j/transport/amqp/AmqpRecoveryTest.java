package io.taskflow4j.transport.amqp;

import static org.assertj.core.api.Assertions.assertThat;

import io.taskflow4j.transport.Message;
import io.taskflow4j.transport.MessageProperties;
import io.taskflow4j.transport.Transport;
import io.taskflow4j.transport.amqp.testing.RecordingSleeper;
import io.taskflow4j.transport.amqp.testing.TestBroker;
import io.taskflow4j.transport.amqp.testing.TestBrokers;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The transport comes back by itself when the broker closes its connections, as an operator's
 * {@code rabbitmqctl close_connection} does. Runs on RabbitMQ only (skipped without it, unless
 * required): the embedded Qpid does not show client connection names. {@code AmqpNetworkFailureTest}
 * covers lost connections on both brokers.
 */
class AmqpRecoveryTest {

  private final List<Transport> opened = new ArrayList<>();
  private final String exchange = "tf4j-recovery-" + UUID.randomUUID().toString().substring(0, 8);

  @AfterEach
  void close() {
    opened.forEach(Transport::close);
  }

  @Test
  void consumingAndPublishingResumeAfterTheBrokerClosesTheConnections() {
    TestBroker broker = TestBrokers.rabbitMqOrSkip();
    String name = "tf4j-recovery-" + UUID.randomUUID();
    AmqpTransport worker = open(AmqpTransport.builder(broker.url())
        .connectionName(name)
        .recoveryInterval(Duration.ofMillis(200))
        .sleeper(new RecordingSleeper()));
    AmqpTransport engine = open(AmqpTransport.builder(broker.url()).connectionName("other-" + name));
    List<String> atWorker = new CopyOnWriteArrayList<>();
    List<String> atEngine = new CopyOnWriteArrayList<>();
    worker.consume(exchange, "worker", record(atWorker));
    engine.consume(exchange, "engine", record(atEngine));
    engine.publish(exchange, "worker", message("request-1"));
    worker.publish(exchange, "engine", message("reply-1"));
    await().until(() -> atWorker.size() == 1 && atEngine.size() == 1);

    assertThat(broker.closeConnections(name + "-")).as("the worker's two connections").isEqualTo(2);

    await().until(() -> worker.recoveries() >= 1 && worker.isConnected());
    engine.publish(exchange, "worker", message("request-2"));
    worker.publish(exchange, "engine", message("reply-2"));
    await().until(() -> atWorker.contains("request-2") && atEngine.contains("reply-2"));
    assertThat(atWorker).containsExactly("request-1", "request-2");
    assertThat(atEngine).containsExactly("reply-1", "reply-2");
  }

  @Test
  void messagePublishedWhileTheConsumerIsAwayIsKeptForIt() throws Exception {
    TestBroker broker = TestBrokers.rabbitMqOrSkip();
    String name = "tf4j-recovery-" + UUID.randomUUID();
    AmqpTransport worker = open(AmqpTransport.builder(broker.url())
        .connectionName(name)
        .recoveryInterval(Duration.ofSeconds(2)));
    AmqpTransport engine = open(AmqpTransport.builder(broker.url()).connectionName("other-" + name));
    List<String> atWorker = new CopyOnWriteArrayList<>();
    worker.consume(exchange, "worker", record(atWorker));
    engine.publish(exchange, "worker", message("before"));
    await().until(() -> atWorker.size() == 1);

    broker.closeConnections(name + "-consume");
    try (com.rabbitmq.client.Connection peer = broker.openConnection(name + "-peek")) {
      // The worker's auto-delete queue went with its connection; the engine's cache still has it.
      await().until(() -> !queueExists(peer, Transport.queueName(exchange, "worker")));
    }
    engine.publish(exchange, "worker", message("while-away"));

    await().until(() -> atWorker.contains("while-away"));
    assertThat(atWorker).containsExactly("before", "while-away");
  }

  private static boolean queueExists(com.rabbitmq.client.Connection connection, String queue) {
    try (com.rabbitmq.client.Channel channel = connection.createChannel()) {
      channel.queueDeclarePassive(queue);
      return true;
    } catch (Exception e) {
      return false;
    }
  }

  private AmqpTransport open(AmqpTransport.Builder builder) {
    AmqpTransport transport = builder.build();
    opened.add(transport);
    return transport;
  }

  private static io.taskflow4j.transport.MessageHandler record(List<String> bodies) {
    return delivery -> {
      bodies.add(new String(delivery.message().body(), StandardCharsets.UTF_8));
      delivery.ack();
    };
  }

  private static Message message(String body) {
    return new Message(MessageProperties.of("REQUEST", "r", "c"), body.getBytes(StandardCharsets.UTF_8));
  }

  private static ConditionFactory await() {
    return Awaitility.await().pollInterval(Duration.ofMillis(20)).atMost(Duration.ofSeconds(30));
  }
}
