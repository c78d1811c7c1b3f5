package io.taskflow4j.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.taskflow4j.failure.Failure;
import io.taskflow4j.protocol.ProtocolMessage;
import io.taskflow4j.protocol.ResponseState;
import io.taskflow4j.protocol.TaskRequest;
import io.taskflow4j.protocol.TaskResponse;
import io.taskflow4j.protocol.TaskVersion;
import io.taskflow4j.transport.Message;
import io.taskflow4j.transport.MessageProperties;
import io.taskflow4j.transport.memory.InMemoryBroker;
import io.taskflow4j.worker.RecordingTransport.How;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * No message stops a worker: each bad one is rejected (or, where the reference answers, answered
 * with a FAILURE) and the worker then serves the next valid request.
 */
class WorkerBadInputTest {

  private static final String TOPIC = "workers";
  private static final ObjectMapper JSON = ReferenceVectors.JSON;

  private final InMemoryBroker broker = InMemoryBroker.builder().name("bad-input").build();
  private final RecordingTransport transport = new RecordingTransport(broker.transport());
  private final Probe probe = new Probe(broker);
  private Worker worker;

  @BeforeEach
  void startWorker() {
    // The vectors' valid requests name the reference's example task, so the worker serves it too.
    worker = Worker.builder(transport)
        .exchange(Probe.EXCHANGE)
        .topic(TOPIC)
        .serve("__main__.Resize", TestTasks.Resize::new)
        .build();
    worker.start();
  }

  @AfterEach
  void tearDown() {
    worker.close();
    broker.close();
  }

  static Stream<Arguments> validationCases() {
    List<Arguments> cases = new ArrayList<>();
    for (JsonNode each : ReferenceVectors.read("validation-cases.json")) {
      String kind = each.get("kind").asText();
      if (kind.equals("request") || kind.equals("notify-request") || kind.equals("failure")) {
        cases.add(Arguments.of(each.get("note").asText(), kind, each.get("valid").asBoolean(), each.get("body")));
      }
    }
    return cases.stream();
  }

  @ParameterizedTest(name = "{1}: {0}")
  @MethodSource("validationCases")
  void treatsEveryReferenceVectorAsTheReferenceDoes(String note, String kind, boolean valid, JsonNode body) {
    String id = UUID.randomUUID().toString();
    Message message = switch (kind) {
      case "request" -> request(id, ReferenceVectors.bytes(body));
      case "notify-request" ->
          new Message(MessageProperties.of(ProtocolMessage.NOTIFY, Probe.TOPIC, id), ReferenceVectors.bytes(body));
      default -> request(id, ReferenceVectors.bytes(revertWithFailure(body)));
    };

    probe.send(TOPIC, message);

    await().until(() -> transport.settlementOf(id).isPresent());
    assertThat(transport.settlementOf(id)).contains(valid ? How.ACK : How.REJECT);
    if (valid && !kind.equals("notify-request")) {
      assertThat(probe.end(id).state()).isEqualTo(ResponseState.SUCCESS);
    }
    servesTheNextRequest();
    if (!valid) {
      assertThat(probe.responses(id)).isEmpty();
    }
  }

  @Test
  void bytesThatAreNotJsonAreRejected() {
    String id = UUID.randomUUID().toString();

    probe.send(TOPIC, request(id, "{\"task_cls\": ".getBytes(StandardCharsets.UTF_8)));

    rejectedWithoutAnswer(id);
  }

  @Test
  void bytesThatAreNotUtf8AreRejected() {
    String id = UUID.randomUUID().toString();

    probe.send(TOPIC, request(id, new byte[] {'"', (byte) 0xC3, (byte) 0x28, '"'}));

    rejectedWithoutAnswer(id);
  }

  @Test
  void aWrongContentTypeIsRejected() {
    String id = UUID.randomUUID().toString();
    Message valid = request(id, validBody());
    MessageProperties p = valid.properties();

    probe.send(TOPIC, new Message(new MessageProperties(p.type(), p.replyTo(), p.correlationId(),
        Optional.of("application/x-python-serialize"), p.contentEncoding(), 2, 0, Map.of()), valid.body()));

    rejectedWithoutAnswer(id);
  }

  @Test
  void aMissingReplyToIsRejected() {
    String id = UUID.randomUUID().toString();

    probe.send(TOPIC, new Message(MessageProperties.of(ProtocolMessage.REQUEST, Optional.empty(), Optional.of(id)), validBody()));

    rejectedWithoutAnswer(id);
  }

  @Test
  void aMissingCorrelationIdIsRejected() {
    byte[] body = validBody();

    probe.send(TOPIC, new Message(MessageProperties.of(ProtocolMessage.REQUEST, Optional.of(Probe.TOPIC), Optional.empty()), body));

    await().until(() -> transport.settlementOf(m -> m.body().length == body.length
        && m.properties().correlationId().isEmpty()).isPresent());
    assertThat(transport.settlementOf(m -> m.properties().correlationId().isEmpty())).contains(How.REJECT);
    servesTheNextRequest();
    assertThat(probe.received()).noneMatch(r -> r.properties().correlationId().isEmpty());
  }

  @Test
  void aMissingOrUnhandledTypeIsRejected() {
    String untyped = UUID.randomUUID().toString();
    String response = UUID.randomUUID().toString();
    MessageProperties typed = MessageProperties.of(ProtocolMessage.RESPONSE, Probe.TOPIC, response);
    MessageProperties none = new MessageProperties(Optional.empty(), Optional.of(Probe.TOPIC),
        Optional.of(untyped), typed.contentType(), typed.contentEncoding(), 2, 0, Map.of());

    probe.send(TOPIC, new Message(none, validBody()));
    probe.send(TOPIC, new Message(typed, validBody()));

    rejectedWithoutAnswer(untyped);
    rejectedWithoutAnswer(response);
  }

  @Test
  void aFailureItCanValidateButNotReadIsAnsweredWithFailure() {
    // The reference validates failures without their version, acknowledges, then fails reading.
    ObjectNode failure = (ObjectNode) JSON.valueToTree(Failure.of(new IllegalStateException("x")).toDict());
    failure.put("version", 2);
    String id = UUID.randomUUID().toString();

    probe.send(TOPIC, request(id, ReferenceVectors.bytes(revertWithFailure(failure))));

    TaskResponse end = probe.end(id);
    assertThat(transport.settlementOf(id)).contains(How.ACK);
    assertThat(WorkerTest.failureOf(end).message()).contains("version");
    servesTheNextRequest();
  }

  private void rejectedWithoutAnswer(String id) {
    await().until(() -> transport.settlementOf(id).isPresent());
    assertThat(transport.settlementOf(id)).contains(How.REJECT);
    servesTheNextRequest();
    assertThat(probe.responses(id)).isEmpty();
  }

  private void servesTheNextRequest() {
    String next = probe.send(TOPIC, TaskRequest.execute(
        "__main__.Resize", "resize-next", TaskVersion.of(1, 0), Map.of("height", 2, "width", 3)));
    assertThat(probe.end(next)).isEqualTo(TaskResponse.success(6));
    assertThat(worker.isRunning()).isTrue();
  }

  private static Message request(String id, byte[] body) {
    return new Message(MessageProperties.of(ProtocolMessage.REQUEST, Probe.TOPIC, id), body);
  }

  private static byte[] validBody() {
    return ReferenceVectors.bytes(ReferenceVectors.read("wire-request-execute.json").get("body"));
  }

  private static JsonNode revertWithFailure(JsonNode failure) {
    ObjectNode request = (ObjectNode) validRevert();
    request.putArray("result").add("failure").add(failure);
    return request;
  }

  private static JsonNode validRevert() {
    ObjectNode request = JSON.createObjectNode();
    request.put("task_cls", "__main__.Resize");
    request.put("task_name", "resize-1");
    request.putArray("task_version").add(1).add(0);
    request.put("action", "revert");
    request.putObject("arguments").put("height", 1).put("width", 1);
    return request;
  }


}
