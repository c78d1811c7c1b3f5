package io.taskflow4j.remote;

import io.taskflow4j.protocol.NotifyRequest;
import io.taskflow4j.protocol.NotifyResponse;
import io.taskflow4j.protocol.ProtocolCodec;
import io.taskflow4j.protocol.ProtocolMessage;
import io.taskflow4j.protocol.Role;
import io.taskflow4j.protocol.TaskRequest;
import io.taskflow4j.protocol.TaskResponse;
import io.taskflow4j.transport.Message;
import io.taskflow4j.transport.MessageProperties;
import io.taskflow4j.transport.Transport;
import io.taskflow4j.transport.memory.InMemoryBroker;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A worker played by hand: answers NOTIFYs with the tasks it is told to, keeps the REQUESTs it
 * receives, and answers them only when the test says so (or at once with RUNNING and SUCCESS when
 * asked to). Thread-safe.
 */
final class FakeWorker {

  /** A request as received. */
  record Received(MessageProperties properties, TaskRequest request) {
    String correlationId() {
      return properties.correlationId().orElseThrow();
    }

    String replyTo() {
      return properties.replyTo().orElseThrow();
    }
  }

  private final Transport transport;
  private final String exchange;
  private final String topic;
  private final ProtocolCodec codec = ProtocolCodec.create();
  private final List<Received> requests = new CopyOnWriteArrayList<>();
  private volatile List<String> tasks;
  private volatile boolean succeedAtOnce;
  private volatile boolean silent;
  private final java.util.concurrent.atomic.AtomicInteger notifies = new java.util.concurrent.atomic.AtomicInteger();

  FakeWorker(InMemoryBroker broker, String exchange, String topic, String... tasks) {
    this.transport = broker.transport();
    this.exchange = exchange;
    this.topic = topic;
    this.tasks = List.of(tasks);
    transport.consume(exchange, topic, delivery -> {
      MessageProperties properties = delivery.message().properties();
      ProtocolMessage message = codec.decode(delivery.message(), Role.WORKER);
      delivery.ack();
      if (message instanceof NotifyRequest) {
        notifies.incrementAndGet();
        if (silent) {
          return;
        }
        transport.publish(exchange, properties.replyTo().orElseThrow(),
            codec.encodeNotifyResponse(new NotifyResponse(topic, this.tasks)));
      } else {
        Received received = new Received(properties, (TaskRequest) message);
        requests.add(received);
        if (succeedAtOnce) {
          respond(received, TaskResponse.running());
          respond(received, TaskResponse.success("ok"));
        }
      }
    });
  }

  /** Stops answering NOTIFYs, as a worker that died would. */
  void silence() {
    silent = true;
  }

  /** Answers NOTIFYs again, as a worker restarted on the same topic would. */
  void answerAgain() {
    silent = false;
  }

  int notifies() {
    return notifies.get();
  }

  FakeWorker succeedingAtOnce() {
    succeedAtOnce = true;
    return this;
  }

  void serve(String... names) {
    tasks = List.of(names);
  }

  List<Received> requests() {
    return List.copyOf(requests);
  }

  void respond(Received to, TaskResponse response) {
    transport.publish(exchange, to.replyTo(), codec.encodeResponse(response, to.correlationId()));
  }

  void send(String executorTopic, Message message) {
    transport.publish(exchange, executorTopic, message);
  }

  String topic() {
    return topic;
  }
}
