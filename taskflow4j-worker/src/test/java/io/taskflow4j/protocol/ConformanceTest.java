package io.taskflow4j.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.taskflow4j.protocol.internal.RemoteRequest;
import io.taskflow4j.testing.MutableClock;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import io.taskflow4j.failure.Failure;
import io.taskflow4j.state.InvalidStateTransitionException;
import io.taskflow4j.task.Outcome;
import io.taskflow4j.transport.Message;
import io.taskflow4j.transport.MessageProperties;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The project against the reference's own output (the vectors of the wire contract). */
class ConformanceTest {

  private final ProtocolCodec codec = ProtocolCodec.create();

  static List<String> wireVectors() {
    List<String> names = Vectors.named("wire-");
    // Guards against a test that passes because the resources went missing.
    assertThat(names).hasSizeGreaterThanOrEqualTo(10);
    return names;
  }

  @ParameterizedTest
  @MethodSource("wireVectors")
  void wireBodyParsesAndReserialisesToAnEqualJsonValue(String vector) {
    JsonNode recorded = Vectors.read(vector);
    byte[] raw = recorded.get("raw_body").asText().getBytes(StandardCharsets.UTF_8);

    ProtocolMessage decoded = codec.decode(received(recorded, raw), receiverOf(vector));
    byte[] reencoded = codec.encodeBody(decoded);

    assertThat(Vectors.tree(reencoded)).isEqualTo(Vectors.tree(raw));
    assertThat(Vectors.tree(reencoded)).isEqualTo(recorded.get("body"));
    assertThat(codec.decode(received(recorded, reencoded), receiverOf(vector))).isEqualTo(decoded);
  }

  @ParameterizedTest
  @MethodSource("wireVectors")
  void envelopeWeWouldSendEqualsTheRecordedOne(String vector) {
    JsonNode recorded = Vectors.read(vector);
    JsonNode properties = recorded.get("properties");
    ProtocolMessage decoded =
        codec.decode(
            received(recorded, recorded.get("raw_body").asText().getBytes(StandardCharsets.UTF_8)),
            receiverOf(vector));

    Message sent =
        codec.encode(
            decoded,
            Optional.of(properties.get("reply_to").asText()),
            Optional.of(properties.get("correlation_id").asText()));

    JsonNode sentProperties = Vectors.JSON.valueToTree(amqpProperties(sent.properties()));
    JsonNode sentHeaders = Vectors.JSON.valueToTree(sent.properties().headers());
    assertThat(sentProperties).isEqualTo(properties);
    assertThat(sentHeaders).isEqualTo(recorded.get("headers"));
    assertThat(recorded.get("content_type").asText()).isEqualTo(MessageProperties.JSON);
    assertThat(recorded.get("content_encoding").asText()).isEqualTo(MessageProperties.UTF_8);
  }

  @Test
  void requestEnvelopeFromTheTypedEncoderEqualsTheRecordedOne() {
    JsonNode recorded = Vectors.read("wire-request-execute.json");
    JsonNode properties = recorded.get("properties");
    TaskRequest request = codec.decodeRequest(Vectors.bytes(recorded.get("body")));

    Message sent =
        codec.encodeRequest(
            request, properties.get("reply_to").asText(), properties.get("correlation_id").asText());

    JsonNode sentProperties = Vectors.JSON.valueToTree(amqpProperties(sent.properties()));
    assertThat(sentProperties).isEqualTo(properties);
  }

  @Test
  void wireVectorsDecodeToTheExpectedRecords() {
    TaskRequest execute = codec.decodeRequest(body("wire-request-execute.json"));
    assertThat(execute)
        .isEqualTo(
            TaskRequest.execute(
                "__main__.Resize", "resize-1", TaskVersion.of(1, 0), Map.of("width", 3, "height", 4)));

    TaskRequest revert = codec.decodeRequest(body("wire-request-revert-after-failure.json"));
    Failure chained = failureVector("failure-chained.json");
    assertThat(revert.action()).isEqualTo(Action.REVERT);
    assertThat(revert.result()).contains(Outcome.failure(chained));
    assertThat(revert.failures()).contains(Map.of("resize-1", chained));

    TaskRequest afterSuccess = codec.decodeRequest(body("wire-request-revert-after-success.json"));
    assertThat(afterSuccess.result()).contains(Outcome.success(12));
    assertThat(afterSuccess.failures())
        .contains(Map.of("other-task", failureVector("failure-simple.json")));

    assertThat(codec.decodeNotifyResponse(body("wire-notify-response.json")))
        .isEqualTo(new NotifyResponse("imaging", List.of("__main__.Resize", "pkg.mod.Thumb")));
    assertThat(codec.decodeResponse(body("wire-response-running.json")))
        .isEqualTo(TaskResponse.running());
    assertThat(codec.decodeResponse(body("wire-response-success.json")))
        .isEqualTo(TaskResponse.success(12));
    assertThat(codec.decodeResponse(body("wire-response-event-progress.json")))
        .isEqualTo(TaskResponse.progress(0.5));
    assertThat(codec.decodeResponse(body("wire-response-failure.json")))
        .isEqualTo(TaskResponse.failure(chained));
  }

  @Test
  void recordsBuiltInJavaEncodeToTheReferenceBodies() {
    Failure chained = failureVector("failure-chained.json");
    Map<String, Object> arguments = new LinkedHashMap<>();
    arguments.put("width", 3);
    arguments.put("height", 4);

    assertThat(tree(TaskRequest.revert("__main__.Resize", "resize-1", TaskVersion.of(1, 0), arguments,
            Outcome.failure(chained), Map.of("resize-1", chained))))
        .isEqualTo(Vectors.read("wire-request-revert-after-failure.json").get("body"));
    assertThat(tree(TaskResponse.progress(0.5)))
        .isEqualTo(Vectors.read("wire-response-event-progress.json").get("body"));
    assertThat(tree(TaskResponse.success(Map.of("a", java.util.Arrays.asList(1, 2.5, null, true, "x")))))
        .isEqualTo(Vectors.read("wire-response-success-structured.json").get("body"));
    assertThat(tree(NotifyRequest.INSTANCE))
        .isEqualTo(Vectors.read("wire-notify-request.json").get("body"));
  }

  // Validation cases.

  /** What each invalid case's error must name: the type label and the offending field. */
  private static final Map<String, String> EXPECTED_ERRORS =
      Map.ofEntries(
          Map.entry("missing task_cls", "REQUEST: task_cls: is required"),
          Map.entry("missing task_name", "REQUEST: task_name: is required"),
          Map.entry("missing task_version", "REQUEST: task_version: is required"),
          Map.entry("missing action", "REQUEST: action: is required"),
          Map.entry("unknown action", "REQUEST: action: must be 'execute' or 'revert', got 'explode'"),
          Map.entry("task_version as number", "REQUEST: task_version: must be a string or an array"),
          Map.entry("arguments as list", "REQUEST: arguments: must be an object, got array"),
          Map.entry("failure result missing fields", "REQUEST: result[1].traceback_str: is required"),
          Map.entry(
              "failure whose root type is not Exception/BaseException",
              "REQUEST: failures.t.exc_type_names: last type name must be Exception or BaseException,"
                  + " got 'Foo'"),
          Map.entry("body is a string", "REQUEST: body: must be an object, got string"),
          Map.entry("unknown state", "RESPONSE: state: must be one of"),
          Map.entry("missing data", "RESPONSE: data: is required"),
          Map.entry("extra top-level key", "RESPONSE: x: is not allowed"),
          Map.entry("event without details", "RESPONSE: data.details: is required in event data"),
          Map.entry("completion with extra key", "RESPONSE: data.extra: is not allowed in completion data"),
          Map.entry("notify response without tasks", "NOTIFY response: tasks: is required"),
          Map.entry("notify tasks not strings", "NOTIFY response: tasks[0]: must be a string, got number"),
          Map.entry("notify response extra key", "NOTIFY response: x: is not allowed"),
          Map.entry("notify request with a key", "NOTIFY request: topic: is not allowed"),
          Map.entry("empty type names", "failure.exc_type_names: must hold at least one type name"),
          Map.entry(
              "cause with bad root type",
              "failure.causes[0].exc_type_names: last type name must be Exception or BaseException,"
                  + " got 'Bad'"));

  static Stream<Arguments> validationCases() {
    JsonNode cases = Vectors.read("validation-cases.json");
    assertThat(cases.size()).isGreaterThanOrEqualTo(30);
    Stream.Builder<Arguments> all = Stream.builder();
    for (JsonNode entry : cases) {
      all.add(
          Arguments.of(
              entry.get("kind").asText() + ": " + entry.get("note").asText(),
              entry.get("kind").asText(),
              entry.get("note").asText(),
              entry.get("body"),
              entry.get("valid").asBoolean()));
    }
    return all.build();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("validationCases")
  void validationCaseGetsTheReferenceVerdict(
      String name, String kind, String note, JsonNode body, boolean valid) {
    if (valid) {
      assertThatCode(() -> check(kind, body)).doesNotThrowAnyException();
      return;
    }
    io.taskflow4j.InvalidFormatException error =
        catchThrowableOfType(io.taskflow4j.InvalidFormatException.class, () -> check(kind, body));
    assertThat(error).as("the reference rejects this body").isNotNull();
    assertThat(EXPECTED_ERRORS).as("expected error for a new case").containsKey(note);
    assertThat(error).hasMessageStartingWith(EXPECTED_ERRORS.get(note));
    if (error instanceof InvalidMessageException invalid) {
      assertThat(invalid.violation()).isEqualTo(InvalidMessageException.Violation.SCHEMA);
    } else {
      assertThat(kind).isEqualTo("failure");
    }
  }

  private void check(String kind, JsonNode body) {
    byte[] bytes = Vectors.bytes(body);
    switch (kind) {
      case "request" -> codec.decodeRequest(bytes);
      case "response" -> codec.decodeResponse(bytes);
      case "notify-request" -> codec.decodeNotifyRequest(bytes);
      case "notify-response" -> codec.decodeNotifyResponse(bytes);
      case "failure" -> {
        Map<String, Object> dictionary =
            Vectors.JSON.convertValue(body, new TypeReference<Map<String, Object>>() {});
        Failure.validateDict(dictionary, "failure");
        Failure.fromDict(dictionary);
      }
      default -> throw new IllegalArgumentException("unknown kind " + kind);
    }
  }

  // State machine.

  @Test
  void stateMachineHasTheReferenceStartTerminalsAndTable() {
    JsonNode machine = Vectors.read("request-state-machine.json");
    Set<List<RequestState>> table = new HashSet<>();
    for (JsonNode transition : machine.get("transitions")) {
      table.add(
          List.of(
              RequestState.valueOf(transition.get("from").asText()),
              RequestState.valueOf(transition.get("to").asText())));
    }
    Set<RequestState> terminal = EnumSet.noneOf(RequestState.class);
    machine.get("terminal").forEach(state -> terminal.add(RequestState.valueOf(state.asText())));

    RemoteRequest fresh = newRequest();
    assertThat(fresh.state().name()).isEqualTo(machine.get("start").asText());
    for (RequestState state : RequestState.values()) {
      assertThat(state.isTerminal()).as("%s terminal", state).isEqualTo(terminal.contains(state));
      for (RequestState target : RequestState.values()) {
        assertThat(state.canMoveTo(target))
            .as("%s -> %s in the table", state, target)
            .isEqualTo(table.contains(List.of(state, target)));
      }
    }
  }

  static Stream<Arguments> allPairsOfStates() {
    Stream.Builder<Arguments> pairs = Stream.builder();
    for (RequestState from : RequestState.values()) {
      for (RequestState to : RequestState.values()) {
        pairs.add(Arguments.of(from, to));
      }
    }
    return pairs.build();
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @MethodSource("allPairsOfStates")
  void requestMovesExactlyAsTheReferenceMachine(RequestState from, RequestState to) {
    Set<List<RequestState>> table = new HashSet<>();
    for (JsonNode transition : Vectors.read("request-state-machine.json").get("transitions")) {
      table.add(
          List.of(
              RequestState.valueOf(transition.get("from").asText()),
              RequestState.valueOf(transition.get("to").asText())));
    }
    RemoteRequest strict = requestIn(from);
    RemoteRequest lenient = requestIn(from);

    if (from == to) {
      assertThat(strict.transition(to)).as("not moved").isFalse();
      assertThat(lenient.transitionOrLog(to)).isFalse();
      assertThat(strict.state()).isEqualTo(from);
    } else if (table.contains(List.of(from, to))) {
      assertThat(strict.transition(to)).isTrue();
      assertThat(lenient.transitionOrLog(to)).isTrue();
      assertThat(strict.state()).isEqualTo(to);
      assertThat(lenient.state()).isEqualTo(to);
    } else {
      assertThat(catchThrowableOfType(InvalidStateTransitionException.class, () -> strict.transition(to)))
          .hasMessageContaining(from + " to " + to);
      assertThat(lenient.transitionOrLog(to)).isFalse();
      assertThat(strict.state()).isEqualTo(from);
      assertThat(lenient.state()).isEqualTo(from);
    }
  }

  @ParameterizedTest
  @MethodSource("failureVectors")
  void failureVectorsRoundTripThroughAFailureResponse(String vector) {
    JsonNode failure = Vectors.read(vector);
    JsonNode body = Vectors.JSON.createObjectNode().put("state", "FAILURE");
    ((com.fasterxml.jackson.databind.node.ObjectNode) body).putObject("data").set("result", failure);

    TaskResponse response = codec.decodeResponse(Vectors.bytes(body));

    assertThat(Vectors.tree(codec.encodeBody(response))).isEqualTo(body);
  }

  static List<String> failureVectors() {
    List<String> names = Vectors.named("failure-");
    assertThat(names).hasSize(3);
    return names;
  }

  @Test
  void failureWithArgumentsThatAreNotJsonIsSentLikeTheReferenceSendsIt() {
    JsonNode recorded = Vectors.read("failure-unserializable-args.json");
    Failure failure =
        Failure.of(
            List.of("TypeError", "Exception"),
            recorded.get("exception_str").asText(),
            recorded.get("traceback_str").asText(),
            List.of("odd", new Object()),
            List.of());

    JsonNode sent = Vectors.tree(codec.encodeBody(TaskResponse.failure(failure)));

    assertThat(sent.get("data").get("result")).isEqualTo(recorded);
  }

  // Helpers.

  private static RemoteRequest newRequest() {
    return RemoteRequest.create(
        UUID.randomUUID(),
        TaskRequest.execute("pkg.Task", "task", TaskVersion.of("1.0"), Map.of()),
        Optional.of(ProtocolDefaults.REQUEST_TIMEOUT),
        new MutableClock(Instant.EPOCH));
  }

  private static RemoteRequest requestIn(RequestState state) {
    RemoteRequest request = newRequest();
    List<RequestState> path =
        switch (state) {
          case WAITING -> List.of();
          case PENDING -> List.of(RequestState.PENDING);
          case RUNNING -> List.of(RequestState.PENDING, RequestState.RUNNING);
          case SUCCESS -> List.of(RequestState.PENDING, RequestState.RUNNING, RequestState.SUCCESS);
          case FAILURE -> List.of(RequestState.FAILURE);
        };
    path.forEach(request::transition);
    assertThat(request.state()).isEqualTo(state);
    return request;
  }

  private static Role receiverOf(String vector) {
    if (vector.startsWith("wire-notify-request") || vector.startsWith("wire-request")) {
      return Role.WORKER;
    }
    return Role.EXECUTOR;
  }

  private static Message received(JsonNode recorded, byte[] body) {
    JsonNode properties = recorded.get("properties");
    return new Message(
        MessageProperties.of(
            properties.get("type").asText(),
            properties.get("reply_to").asText(),
            properties.get("correlation_id").asText()),
        body);
  }

  /** The envelope as the capture recorded it: AMQP property names, absent ones left out. */
  private static Map<String, Object> amqpProperties(MessageProperties properties) {
    Map<String, Object> map = new LinkedHashMap<>();
    map.put("application_headers", properties.headers());
    properties.contentEncoding().ifPresent(v -> map.put("content_encoding", v));
    properties.contentType().ifPresent(v -> map.put("content_type", v));
    properties.correlationId().ifPresent(v -> map.put("correlation_id", v));
    map.put("delivery_mode", properties.deliveryMode());
    map.put("priority", properties.priority());
    properties.replyTo().ifPresent(v -> map.put("reply_to", v));
    properties.type().ifPresent(v -> map.put("type", v));
    return map;
  }

  private static byte[] body(String vector) {
    return Vectors.bytes(Vectors.read(vector).get("body"));
  }

  private JsonNode tree(ProtocolMessage message) {
    return Vectors.tree(codec.encodeBody(message));
  }

  private static Failure failureVector(String name) {
    return Failure.fromDict(
        Vectors.JSON.convertValue(Vectors.read(name), new TypeReference<Map<String, Object>>() {}));
  }
}
