package io.taskflow4j.transport.amqp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.taskflow4j.transport.Message;
import io.taskflow4j.transport.MessageHandler;
import io.taskflow4j.transport.MessageProperties;
import io.taskflow4j.transport.Transport;
import io.taskflow4j.transport.TransportException;
import io.taskflow4j.transport.amqp.testing.RecordingSleeper;
import io.taskflow4j.transport.amqp.testing.TcpProxy;
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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The network between the transport and the broker fails (a relay that the test cuts): publishes
 * are retried on a new connection as {@link PublishRetry} says, with an injected sleeper so nothing
 * waits, and consumers recover. Runs on the embedded Qpid and on RabbitMQ (skipped without it,
 * unless required).
 */
class AmqpNetworkFailureTest {

  private final List<AutoCloseable> opened = new ArrayList<>();
  private final String exchange = "tf4j-network-" + UUID.randomUUID().toString().substring(0, 8);

  @AfterEach
  void close() throws Exception {
    for (int i = opened.size() - 1; i >= 0; i--) {
      opened.get(i).close();
    }
  }

  @ParameterizedTest
  @EnumSource(TestBroker.Kind.class)
  void publishIsRetriedOnANewConnectionAfterTheReferencesIntervals(TestBroker.Kind kind) throws Exception {
    TestBroker broker = TestBrokers.of(kind);
    TcpProxy proxy = proxyTo(broker);
    RecordingSleeper sleeper = new RecordingSleeper(wait -> {
      if (wait == 2) {
        proxy.restore(); // the network comes back before the second retry
      }
    });
    AmqpTransport publisher = open(AmqpTransport.builder(viaProxy(broker, proxy))
        .publisherConfirms(true)
        .sleeper(sleeper));
    List<String> received = new CopyOnWriteArrayList<>();
    open(AmqpTransport.builder(broker.url())).consume(exchange, "worker", record(received));
    publisher.publish(exchange, "worker", message("before"));
    await().until(() -> received.contains("before"));

    proxy.cut();
    publisher.publish(exchange, "worker", message("after"));

    assertThat(sleeper.waits()).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(1));
    await().until(() -> received.contains("after"));
    assertThat(received).containsExactly("before", "after");
  }

  @ParameterizedTest
  @EnumSource(TestBroker.Kind.class)
  void publishGivesUpAfterTheLastRetrySayingHowOftenItTried(TestBroker.Kind kind) throws Exception {
    TestBroker broker = TestBrokers.of(kind);
    TcpProxy proxy = proxyTo(broker);
    RecordingSleeper sleeper = new RecordingSleeper();
    AmqpTransport publisher = open(AmqpTransport.builder(viaProxy(broker, proxy))
        .publisherConfirms(true)
        .publishRetry(new PublishRetry(Duration.ofSeconds(2), Duration.ofSeconds(3), Duration.ofSeconds(5), 4))
        .sleeper(sleeper));
    publisher.consume(exchange, "worker", io.taskflow4j.transport.Delivery::ack);
    publisher.publish(exchange, "worker", message("declares-and-caches"));

    proxy.cut();

    assertThatThrownBy(() -> publisher.publish(exchange, "worker", message("lost")))
        .isInstanceOf(TransportException.class)
        .hasMessageContaining("queue " + Transport.queueName(exchange, "worker"))
        .hasMessageContaining("after 5 attempts");
    assertThat(sleeper.waits())
        .containsExactly(Duration.ofSeconds(2), Duration.ofSeconds(5), Duration.ofSeconds(5), Duration.ofSeconds(5));
  }

  @ParameterizedTest
  @EnumSource(TestBroker.Kind.class)
  void consumerRecoversWhenTheNetworkComesBack(TestBroker.Kind kind) throws Exception {
    TestBroker broker = TestBrokers.of(kind);
    TcpProxy proxy = proxyTo(broker);
    AmqpTransport worker = open(AmqpTransport.builder(viaProxy(broker, proxy))
        .recoveryInterval(Duration.ofMillis(100)));
    AmqpTransport engine = open(AmqpTransport.builder(broker.url()));
    List<String> received = new CopyOnWriteArrayList<>();
    worker.consume(exchange, "worker", record(received));
    engine.publish(exchange, "worker", message("before"));
    await().until(() -> received.contains("before"));

    proxy.cut();
    await().until(() -> !worker.isConnected());
    int refusedSoFar = proxy.accepted();
    await().until(() -> proxy.accepted() > refusedSoFar); // it keeps trying while the network is down
    proxy.restore();
    await().until(() -> worker.isConnected() && worker.recoveries() >= 1);

    engine.publish(exchange, "worker", message("after"));
    await().until(() -> received.contains("after"));
    assertThat(received).containsExactly("before", "after");
  }

  private TcpProxy proxyTo(TestBroker broker) throws Exception {
    AmqpUrl url = AmqpUrl.parse(broker.url());
    TcpProxy proxy = TcpProxy.start(url.host(), url.port());
    opened.add(proxy);
    return proxy;
  }

  private static String viaProxy(TestBroker broker, TcpProxy proxy) {
    AmqpUrl url = AmqpUrl.parse(broker.url());
    return broker.url().replace(url.host() + ":" + url.port(), "127.0.0.1:" + proxy.port());
  }

  private AmqpTransport open(AmqpTransport.Builder builder) {
    AmqpTransport transport = builder.connectionTimeout(Duration.ofSeconds(5)).build();
    opened.add(transport);
    return transport;
  }

  private static MessageHandler record(List<String> bodies) {
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
