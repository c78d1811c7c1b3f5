package io.taskflow4j.transport.amqp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.GetResponse;
import io.taskflow4j.transport.Message;
import io.taskflow4j.transport.MessageHandler;
import io.taskflow4j.transport.MessageProperties;
import io.taskflow4j.transport.Transport;
import io.taskflow4j.transport.TransportException;
import io.taskflow4j.transport.amqp.testing.RecordingSleeper;
import io.taskflow4j.transport.amqp.testing.TestBroker;
import io.taskflow4j.transport.amqp.testing.TestBrokers;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.awaitility.Awaitility;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * What a peer sees on the broker: the envelope and declarations exactly as the reference makes
 * them (its own capture, {@code wire-request-execute.json}, is the expectation). Runs on the embedded
 * Qpid and on RabbitMQ (skipped without it, unless required).
 */
class AmqpWireTest {

  private final String exchange = "tf4j-wire-" + UUID.randomUUID().toString().substring(0, 8);

  @ParameterizedTest
  @EnumSource(TestBroker.Kind.class)
  void envelopeOnTheWireIsTheReferences(TestBroker.Kind kind) throws Exception {
    TestBroker broker = TestBrokers.of(kind);
    JsonNode vector = vector("wire-request-execute.json");
    JsonNode expected = vector.get("properties");
    byte[] body = vector.get("raw_body").asText().getBytes(StandardCharsets.UTF_8);
    String queue = Transport.queueName(exchange, "capture");

    try (AmqpTransport transport = AmqpTransport.connect(broker.url());
        Connection peer = broker.openConnection("tf4j-wire-peer");
        Channel channel = peer.createChannel()) {
      transport.publish(
          exchange,
          "capture",
          new Message(
              MessageProperties.of(
                  expected.get("type").asText(), expected.get("reply_to").asText(), expected.get("correlation_id").asText()),
              body));

      AtomicReference<GetResponse> fetched = new AtomicReference<>();
      Awaitility.await()
          .pollInterval(Duration.ofMillis(10))
          .atMost(Duration.ofSeconds(15))
          .alias("the message waits in " + queue + ", declared by the publish")
          .until(() -> {
            fetched.set(channel.basicGet(queue, true));
            return fetched.get() != null;
          });
      channel.queueDelete(queue);

      GetResponse got = fetched.get();
      AMQP.BasicProperties properties = got.getProps();
      assertThat(properties.getType()).isEqualTo(expected.get("type").asText());
      assertThat(properties.getReplyTo()).isEqualTo(expected.get("reply_to").asText());
      assertThat(properties.getCorrelationId()).isEqualTo(expected.get("correlation_id").asText());
      assertThat(properties.getContentType()).isEqualTo(expected.get("content_type").asText());
      assertThat(properties.getContentEncoding()).isEqualTo(expected.get("content_encoding").asText());
      assertThat(properties.getDeliveryMode()).isEqualTo(expected.get("delivery_mode").asInt());
      assertThat(properties.getPriority()).isEqualTo(expected.get("priority").asInt());
      assertThat(properties.getHeaders()).as("an empty header table, present").isNotNull().isEmpty();
      assertThat(properties.getMessageId()).isNull();
      assertThat(properties.getTimestamp()).isNull();
      assertThat(properties.getExpiration()).isNull();
      assertThat(got.getEnvelope().getExchange()).isEqualTo(exchange);
      assertThat(got.getEnvelope().getRoutingKey()).isEqualTo("capture");
      assertThat(got.getBody()).isEqualTo(body);
    }
  }

  @ParameterizedTest
  @EnumSource(TestBroker.Kind.class)
  void exchangeAndQueueAreDeclaredAsTheReferenceDeclaresThem(TestBroker.Kind kind) throws Exception {
    TestBroker broker = TestBrokers.of(kind);
    String queue = Transport.queueName(exchange, "worker");
    try (AmqpTransport transport = AmqpTransport.connect(broker.url());
        Connection peer = broker.openConnection("tf4j-wire-peer")) {
      transport.consume(exchange, "worker", io.taskflow4j.transport.Delivery::ack);

      // A peer declaring the same entities with the reference's attributes is accepted...
      try (Channel channel = peer.createChannel()) {
        channel.exchangeDeclare(exchange, "direct", false, true, null);
        channel.queueDeclare(queue, false, false, true, null);
        channel.queueBind(queue, exchange, "worker");
      }
      if (kind == TestBroker.Kind.RABBITMQ) {
        // ...and RabbitMQ refuses other attributes, so the check above could fail.
        assertThatThrownBy(() -> {
          try (Channel channel = peer.createChannel()) {
            channel.queueDeclare(queue, true, false, true, null);
          }
        }).isInstanceOf(IOException.class);
      }
    }
  }

  @ParameterizedTest
  @EnumSource(value = TestBroker.Kind.class, names = "RABBITMQ")
  void clashingDeclarationFailsAtOnceNamingTheBrokersReason(TestBroker.Kind kind) throws Exception {
    TestBroker broker = TestBrokers.of(kind);
    String queue = Transport.queueName(exchange, "durable");
    RecordingSleeper sleeper = new RecordingSleeper();
    try (Connection peer = broker.openConnection("tf4j-wire-peer");
        AmqpTransport transport = AmqpTransport.builder(broker.url()).sleeper(sleeper).build()) {
      try (Channel channel = peer.createChannel()) {
        channel.queueDeclare(queue, true, false, false, null); // not what the protocol declares
      }
      try {
        assertThatThrownBy(() -> transport.publish(exchange, "durable", message("x")))
            .isInstanceOf(TransportException.class)
            .hasMessageContaining("queue " + queue)
            .hasMessageContaining("after 1 attempt")
            .hasMessageContaining("PRECONDITION_FAILED");
        assertThat(sleeper.waits()).as("a clash is not worth a retry").isEmpty();
      } finally {
        try (Channel channel = peer.createChannel()) {
          channel.queueDelete(queue);
        }
      }
    }
  }

  /** Needs RabbitMQ's consumer cancel notification; Qpid drops the consumer without a word. */
  @ParameterizedTest
  @EnumSource(value = TestBroker.Kind.class, names = "RABBITMQ")
  void consumerComesBackWhenItsQueueIsDeletedUnderIt(TestBroker.Kind kind) throws Exception {
    TestBroker broker = TestBrokers.of(kind);
    String queue = Transport.queueName(exchange, "worker");
    List<String> received = new CopyOnWriteArrayList<>();
    MessageHandler record = d -> {
      received.add(new String(d.message().body(), StandardCharsets.UTF_8));
      d.ack();
    };
    try (AmqpTransport worker = AmqpTransport.connect(broker.url());
        AmqpTransport engine = AmqpTransport.connect(broker.url());
        Connection peer = broker.openConnection("tf4j-wire-peer")) {
      worker.consume(exchange, "worker", record);
      engine.publish(exchange, "worker", message("before"));
      Awaitility.await().atMost(Duration.ofSeconds(15)).until(() -> received.contains("before"));

      try (Channel channel = peer.createChannel()) {
        channel.queueDelete(queue);
      }
      Awaitility.await().atMost(Duration.ofSeconds(15)).until(() -> queueExists(peer, queue));
      engine.publish(exchange, "worker", message("after"));

      Awaitility.await().atMost(Duration.ofSeconds(15)).until(() -> received.contains("after"));
    }
  }

  private static boolean queueExists(Connection connection, String queue) {
    try (Channel channel = connection.createChannel()) {
      return channel.queueDeclarePassive(queue).getConsumerCount() > 0;
    } catch (Exception e) {
      return false;
    }
  }

  private static Message message(String body) {
    return new Message(MessageProperties.of("REQUEST", "r", "c"), body.getBytes(StandardCharsets.UTF_8));
  }

  private static JsonNode vector(String name) throws IOException {
    try (InputStream in = AmqpWireTest.class.getResourceAsStream(name)) {
      assertThat(in).as(name).isNotNull();
      return new ObjectMapper().readTree(in);
    }
  }
}
