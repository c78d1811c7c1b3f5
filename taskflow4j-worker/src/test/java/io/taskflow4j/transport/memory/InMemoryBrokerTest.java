package io.taskflow4j.transport.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.taskflow4j.transport.Delivery;
import io.taskflow4j.transport.Message;
import io.taskflow4j.transport.MessageProperties;
import io.taskflow4j.transport.Subscription;
import io.taskflow4j.transport.Transport;
import io.taskflow4j.transport.TransportException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What the in-memory broker does beyond the transport contract. */
class InMemoryBrokerTest {

  private final InMemoryBroker broker = InMemoryBroker.builder().name("unit").build();

  @AfterEach
  void closeBroker() {
    broker.close();
  }

  @Test
  void lastConsumerLeavingDeletesTheQueueWithItsMessages() {
    Transport transport = broker.transport(1);
    List<Delivery> held = new CopyOnWriteArrayList<>();
    Subscription subscription = transport.consume("ex", "w", held::add);
    transport.publish("ex", "w", message("held"));
    transport.publish("ex", "w", message("waiting"));
    await().until(() -> held.size() == 1);
    assertThat(broker.readyCount("ex", "w")).isEqualTo(1);

    subscription.close();

    assertThat(broker.readyCount("ex", "w")).isZero();
  }

  @Test
  void aMessageWhoseExpirationPassedBeforeAConsumerTookItIsDropped() {
    io.taskflow4j.testing.MutableClock clock = new io.taskflow4j.testing.MutableClock();
    try (InMemoryBroker timed = InMemoryBroker.builder().name("expiry").clock(clock).build()) {
      Transport transport = timed.transport();
      transport.publish("ex", "w", new Message(
          MessageProperties.of("REQUEST", "r", "stale").withExpiration(Duration.ofSeconds(1)), bytes("stale")));
      transport.publish("ex", "w", new Message(
          MessageProperties.of("REQUEST", "r", "fresh").withExpiration(Duration.ofSeconds(60)), bytes("fresh")));
      transport.publish("ex", "w", message("forever"));
      clock.advance(Duration.ofSeconds(2));

      List<String> received = new CopyOnWriteArrayList<>();
      transport.consume("ex", "w", delivery -> {
        received.add(new String(delivery.message().body(), StandardCharsets.UTF_8));
        delivery.ack();
      });

      await().until(() -> received.size() == 2);
      assertThat(received).containsExactly("fresh", "forever");
      assertThat(timed.readyCount("ex", "w")).isZero();
    }
  }

  @Test
  void theExpirationTravelsWithTheMessage() {
    Transport transport = broker.transport();
    List<Delivery> received = new CopyOnWriteArrayList<>();
    transport.consume("ex", "w", received::add);
    transport.publish("ex", "w", new Message(
        MessageProperties.of("REQUEST", "r", "c").withExpiration(Duration.ofMillis(1500)), bytes("x")));

    await().until(() -> received.size() == 1);
    assertThat(received.get(0).message().properties().expiration()).contains(Duration.ofMillis(1500));
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void queueThatNeverHadAConsumerKeepsItsMessages() {
    Transport transport = broker.transport();
    transport.publish("ex", "w", message("one"));
    transport.publish("ex", "w", message("two"));

    assertThat(broker.readyCount("ex", "w")).isEqualTo(2);
  }

  @Test
  void eachDeliveryHasItsOwnCopyOfTheBody() {
    Transport transport = broker.transport(1);
    List<Delivery> deliveries = new CopyOnWriteArrayList<>();
    transport.consume(
        "ex",
        "w",
        d -> {
          deliveries.add(d);
          if (!d.redelivered()) {
            d.message().body()[0] = 'X';
            d.requeue();
          } else {
            d.ack();
          }
        });

    transport.publish("ex", "w", message("body"));

    await().until(() -> deliveries.size() == 2);
    assertThat(new String(deliveries.get(1).message().body(), StandardCharsets.UTF_8)).isEqualTo("body");
    assertThat(deliveries.get(1).message().body()).isNotSameAs(deliveries.get(0).message().body());
  }

  @Test
  void mutableHeaderValuesAreCopiedOnPublish() {
    Transport transport = broker.transport();
    byte[] raw = {1, 2, 3};
    List<Object> list = new ArrayList<>(List.of("a"));
    transport.publish("ex", "w", withHeaders(Map.of("raw", raw, "list", list)));
    raw[0] = 9;
    list.add("b");
    List<Delivery> deliveries = new CopyOnWriteArrayList<>();
    transport.consume("ex", "w", d -> {
      deliveries.add(d);
      d.ack();
    });

    await().until(() -> deliveries.size() == 1);
    Map<String, Object> headers = deliveries.get(0).message().properties().headers();
    assertThat((byte[]) headers.get("raw")).containsExactly(1, 2, 3);
    assertThat(headers.get("list")).isEqualTo(List.of("a"));
  }

  @Test
  void headerThatAnAmqpTableCannotCarryIsRefusedNamingIt() {
    Transport transport = broker.transport();

    assertThatThrownBy(() -> transport.publish("ex", "w", withHeaders(Map.of("when", new Object()))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'when'");
  }

  @Test
  void namesThatABrokerRefusesAreRefused() {
    Transport transport = broker.transport();

    assertThatThrownBy(() -> transport.publish("", "w", message("x")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("exchange");
    assertThatThrownBy(() -> transport.consume("amq.direct", "w", Delivery::ack))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("amq.");
    assertThatThrownBy(() -> transport.publish("ex", "t".repeat(253), message("x")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("255 bytes");
  }

  @Test
  void closingTheBrokerClosesItsTransports() {
    Transport transport = broker.transport();

    broker.close();

    assertThatThrownBy(() -> transport.publish("ex", "w", message("x"))).isInstanceOf(TransportException.class);
    assertThatThrownBy(broker::transport).isInstanceOf(TransportException.class);
  }

  @Test
  void describeNamesTheBroker() {
    assertThat(broker.transport().describe()).isEqualTo("memory:unit");
  }

  @Test
  void builderRefusesBadSettingsNamingThem() {
    assertThatThrownBy(() -> InMemoryBroker.builder().prefetch(0).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("prefetch");
    assertThatThrownBy(() -> InMemoryBroker.builder().shutdownTimeout(Duration.ZERO).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("shutdownTimeout");
    assertThatThrownBy(() -> InMemoryBroker.builder().name(" ").build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("name");
    assertThatThrownBy(() -> broker.transport(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("prefetch");
  }

  private static Message message(String body) {
    return new Message(MessageProperties.of("REQUEST", "r", "c"), body.getBytes(StandardCharsets.UTF_8));
  }

  private static Message withHeaders(Map<String, Object> headers) {
    return new Message(
        new MessageProperties(
            Optional.of("REQUEST"), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
            2, 0, headers),
        new byte[0]);
  }
}
