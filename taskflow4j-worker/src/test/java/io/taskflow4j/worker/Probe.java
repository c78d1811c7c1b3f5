package io.taskflow4j.worker;

import static org.awaitility.Awaitility.await;

import io.taskflow4j.protocol.NotifyResponse;
import io.taskflow4j.protocol.ProtocolCodec;
import io.taskflow4j.protocol.ProtocolMessage;
import io.taskflow4j.protocol.ResponseState;
import io.taskflow4j.protocol.Role;
import io.taskflow4j.protocol.TaskRequest;
import io.taskflow4j.protocol.TaskResponse;
import io.taskflow4j.transport.Message;
import io.taskflow4j.transport.MessageProperties;
import io.taskflow4j.transport.Transport;
import io.taskflow4j.transport.memory.InMemoryBroker;
import java.util.List;
import java.util.Optional;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

/** Plays the engine's side by hand: sends raw messages to a worker and keeps what comes back. */
final class Probe {

  static final String EXCHANGE = "test";
  static final String TOPIC = "probe";

  /** A message the probe received. */
  record Received(MessageProperties properties, ProtocolMessage message) {}

  private final Transport transport;
  private final ProtocolCodec codec = ProtocolCodec.create();
  private final List<Received> received = new CopyOnWriteArrayList<>();

  Probe(InMemoryBroker broker) {
    this.transport = broker.transport();
    transport.consume(
        EXCHANGE,
        TOPIC,
        delivery -> {
          received.add(
              new Received(
                  delivery.message().properties(), codec.decode(delivery.message(), Role.EXECUTOR)));
          delivery.ack();
        });
  }

  /** Sends a request to a worker topic; returns its correlation id. */
  String send(String workerTopic, TaskRequest request) {
    String id = UUID.randomUUID().toString();
    transport.publish(EXCHANGE, workerTopic, codec.encodeRequest(request, TOPIC, id));
    return id;
  }

  /** Sends a request whose {@code taskflow4j-running-after-ms} header holds the given value. */
  String sendAskingRunningAfter(String workerTopic, TaskRequest request, Object millis) {
    String id = UUID.randomUUID().toString();
    Message encoded = codec.encodeRequest(request, TOPIC, id);
    transport.publish(EXCHANGE, workerTopic, new Message(
        encoded.properties().withHeaders(Map.of("taskflow4j-running-after-ms", millis)), encoded.body()));
    return id;
  }

  /** Sends a raw message. */
  void send(String workerTopic, Message message) {
    transport.publish(EXCHANGE, workerTopic, message);
  }

  /** Sends a REQUEST with a raw body, addressed to be answered to the probe. */
  String sendBody(String workerTopic, byte[] body) {
    String id = UUID.randomUUID().toString();
    send(workerTopic, new Message(MessageProperties.of(ProtocolMessage.REQUEST, TOPIC, id), body));
    return id;
  }

  void notify(String workerTopic) {
    transport.publish(EXCHANGE, workerTopic, codec.encodeNotifyRequest(TOPIC));
  }

  List<TaskResponse> responses(String correlationId) {
    return received.stream()
        .filter(r -> r.properties().correlationId().equals(Optional.of(correlationId)))
        .map(r -> (TaskResponse) r.message())
        .toList();
  }

  /** Waits for the SUCCESS or FAILURE answering a request and returns every response to it. */
  List<TaskResponse> awaitEnd(String correlationId) {
    await()
        .until(
            () -> responses(correlationId).stream()
                .anyMatch(r -> r.state() == ResponseState.SUCCESS || r.state() == ResponseState.FAILURE));
    return responses(correlationId);
  }

  /** The last response to a request, once it ended. */
  TaskResponse end(String correlationId) {
    List<TaskResponse> all = awaitEnd(correlationId);
    return all.get(all.size() - 1);
  }

  List<NotifyResponse> notifyAnswers() {
    return received.stream()
        .map(Received::message)
        .filter(NotifyResponse.class::isInstance)
        .map(NotifyResponse.class::cast)
        .toList();
  }

  List<Received> received() {
    return List.copyOf(received);
  }
}
