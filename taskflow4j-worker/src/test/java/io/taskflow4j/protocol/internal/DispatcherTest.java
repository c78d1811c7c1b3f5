package io.taskflow4j.protocol.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.taskflow4j.protocol.InvalidMessageException;
import io.taskflow4j.protocol.ProtocolCodec;
import io.taskflow4j.protocol.ProtocolMessage;
import io.taskflow4j.protocol.Role;
import io.taskflow4j.protocol.TaskRequest;
import io.taskflow4j.protocol.TaskVersion;
import io.taskflow4j.transport.Delivery;
import io.taskflow4j.transport.Message;
import io.taskflow4j.transport.MessageProperties;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** How the dispatcher settles deliveries, in the reference's order. */
class DispatcherTest {

  private final ProtocolCodec codec = ProtocolCodec.create();
  private final AtomicBoolean running = new AtomicBoolean(true);
  private final List<String> seen = new ArrayList<>();
  private final Dispatcher dispatcher =
      new Dispatcher("test worker", Role.WORKER, codec, running::get, new Dispatcher.Receiver() {
        @Override
        public Optional<String> refusal(String type, MessageProperties properties) {
          return Optional.empty();
        }

        @Override
        public void onMessage(ProtocolMessage message, Delivery delivery) {
          seen.add("message " + message.type() + " settled " + ((FakeDelivery) delivery).settled);
          if (delivery.message().properties().correlationId().equals(Optional.of("explode"))) {
            throw new IllegalStateException("processing failed");
          }
          delivery.ack();
        }

        @Override
        public void notRunning(Delivery delivery) {
          seen.add("not running");
        }

        @Override
        public void onUnreadable(InvalidMessageException error, MessageProperties properties) {
          seen.add("unreadable");
        }
      });

  private Message request(String id) {
    return codec.encodeRequest(
        TaskRequest.execute("pkg.T", "t", TaskVersion.of(1, 0), Map.of()), "engine", id);
  }

  @Test
  void leavesEveryMessageToItsOwnerWhileItIsNotRunning() {
    running.set(false);
    FakeDelivery delivery = new FakeDelivery(request("1"));

    dispatcher.handle(delivery);

    assertThat(delivery.settled).isEmpty();
    assertThat(seen).containsExactly("not running");
  }

  @Test
  void handsAValidMessageOverUnsettledForTheReceiverToSettle() {
    FakeDelivery delivery = new FakeDelivery(request("1"));

    dispatcher.handle(delivery);

    assertThat(seen).containsExactly("message REQUEST settled []");
    assertThat(delivery.settled).containsExactly("ack");
  }

  @Test
  void aReceiverThatFailsDoesNotMakeTheHandlerThrowAndItsMessageIsRejected() {
    FakeDelivery delivery = new FakeDelivery(request("explode"));

    dispatcher.handle(delivery);

    assertThat(delivery.settled).containsExactly("reject");
    assertThat(seen).containsExactly("message REQUEST settled []");
  }

  @Test
  void acceptsAContentTypeWithParametersAndAnyCaseOfUtf8() {
    Message plain = request("1");
    MessageProperties p = plain.properties();
    FakeDelivery delivery = new FakeDelivery(new Message(new MessageProperties(p.type(), p.replyTo(),
        p.correlationId(), Optional.of("Application/JSON; charset=utf-8"), Optional.of("UTF8"), 2, 0,
        Map.of()), plain.body()));

    dispatcher.handle(delivery);

    assertThat(delivery.settled).containsExactly("ack");
  }

  @Test
  void rejectsAMessageWithoutContentType() {
    Message plain = request("1");
    MessageProperties p = plain.properties();
    FakeDelivery delivery = new FakeDelivery(new Message(new MessageProperties(p.type(), p.replyTo(),
        p.correlationId(), Optional.empty(), Optional.empty(), 2, 0, Map.of()), plain.body()));

    dispatcher.handle(delivery);

    assertThat(delivery.settled).containsExactly("reject");
    assertThat(seen).isEmpty();
  }

  private static class FakeDelivery implements Delivery {
    final List<String> settled = new ArrayList<>();
    private final Message message;

    FakeDelivery(Message message) {
      this.message = message;
    }

    @Override
    public Message message() {
      return message;
    }

    @Override
    public boolean redelivered() {
      return false;
    }

    @Override
    public void ack() {
      settled.add("ack");
    }

    @Override
    public void reject() {
      settled.add("reject");
    }

    @Override
    public void requeue() {
      settled.add("requeue");
    }
  }
}
