package io.taskflow4j.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.taskflow4j.failure.Failure;
import io.taskflow4j.protocol.InvalidMessageException.Violation;
import io.taskflow4j.task.Outcome;
import io.taskflow4j.transport.Message;
import io.taskflow4j.transport.MessageProperties;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ProtocolCodecTest {

  private static final String BASE =
      "\"task_cls\": \"pkg.T\", \"task_name\": \"t\", \"task_version\": \"1\", \"action\": \"revert\"";
  private static final String FAILURE =
      "{\"exception_str\": \"x\", \"traceback_str\": \"\", \"exc_type_names\": [\"E\", \"Exception\"],"
          + " \"version\": 1}";

  private final ProtocolCodec codec = ProtocolCodec.create();

  // Envelopes.

  @Test
  void notifyRequestCarriesReplyToButNoCorrelationId() {
    Message message = codec.encodeNotifyRequest("executor-topic");

    MessageProperties properties = message.properties();
    assertThat(properties.type()).contains("NOTIFY");
    assertThat(properties.replyTo()).contains("executor-topic");
    assertThat(properties.correlationId()).isEmpty();
    assertThat(properties.contentType()).contains("application/json");
    assertThat(properties.contentEncoding()).contains("utf-8");
    assertThat(properties.deliveryMode()).isEqualTo(2);
    assertThat(properties.priority()).isZero();
    assertThat(properties.headers()).isEmpty();
    assertThat(new String(message.body(), StandardCharsets.UTF_8)).isEqualTo("{}");
  }

  @Test
  void responsesCarryTheCorrelationIdAndNoReplyTo() {
    Message response = codec.encodeResponse(TaskResponse.running(), "id-1");
    Message notify = codec.encodeNotifyResponse(new NotifyResponse("w", List.of("a")));

    assertThat(response.properties().type()).contains("RESPONSE");
    assertThat(response.properties().correlationId()).contains("id-1");
    assertThat(response.properties().replyTo()).isEmpty();
    assertThat(notify.properties().type()).contains("NOTIFY");
    assertThat(notify.properties().replyTo()).isEmpty();
    assertThat(notify.properties().correlationId()).isEmpty();
  }

  @Test
  void requestCarriesReplyToAndCorrelationId() {
    Message message =
        codec.encodeRequest(
            TaskRequest.execute("pkg.T", "t", TaskVersion.of(1, 0), Map.of()), "exec", "id-2");

    assertThat(message.properties().type()).contains("REQUEST");
    assertThat(message.properties().replyTo()).contains("exec");
    assertThat(message.properties().correlationId()).contains("id-2");
  }

  @Test
  void writesRequestPropertiesInTheReferenceOrder() {
    TaskRequest request =
        TaskRequest.revert(
            "pkg.T",
            "t",
            TaskVersion.of("2"),
            Map.of("a", 1),
            Outcome.success(null),
            Map.of("other", Failure.of(new IllegalStateException("x"))));

    String body = new String(codec.encodeBody(request), StandardCharsets.UTF_8);

    assertThat(body)
        .startsWith(
            "{\"task_cls\":\"pkg.T\",\"task_name\":\"t\",\"task_version\":\"2\","
                + "\"action\":\"revert\",\"arguments\":{\"a\":1},\"result\":[\"success\",null],"
                + "\"failures\":{\"other\":{\"exception_str\":\"x\"");
  }

  // Round trips.

  @Test
  void everyKindOfMessageSurvivesARoundTrip() {
    Failure failure = Failure.of(new IllegalStateException("outer", new RuntimeException("inner")));
    List<ProtocolMessage> messages =
        List.of(
            NotifyRequest.INSTANCE,
            new NotifyResponse("topic", List.of("a.B", "c.D")),
            TaskRequest.execute("pkg.T", "t", TaskVersion.parts(List.of(1, "beta")), Map.of("x", List.of(1, 2))),
            TaskRequest.revert("pkg.T", "t", TaskVersion.of(1, 0), Map.of(), Outcome.failure(failure), Map.of("t", failure)),
            TaskResponse.running(),
            TaskResponse.success(Map.of("k", 1.25)),
            TaskResponse.success(null),
            TaskResponse.failure(failure),
            TaskResponse.event("custom", Map.of("n", 1)),
            new TaskResponse(ResponseState.WAITING, ResponseData.Empty.INSTANCE));

    for (ProtocolMessage message : messages) {
      Role receiver =
          message instanceof NotifyRequest || message instanceof TaskRequest
              ? Role.WORKER
              : Role.EXECUTOR;
      Message sent = codec.encode(message, Optional.of("r"), Optional.of("c"));
      assertThat(codec.decode(sent, receiver)).as("%s", message).isEqualTo(message);
    }
  }

  @Test
  void keepsPropertiesTheSchemaAllowsBeyondTheKnownOnes() {
    byte[] body = json("{" + BASE + ", \"extra\": {\"k\": [1, null]}, \"z\": 1}");

    TaskRequest request = codec.decodeRequest(body);

    assertThat(request.otherProperties()).containsOnlyKeys("extra", "z");
    // The reference always sends arguments, so the project does too.
    com.fasterxml.jackson.databind.node.ObjectNode expected =
        (com.fasterxml.jackson.databind.node.ObjectNode) Vectors.tree(body);
    expected.putObject("arguments");
    assertThat(Vectors.tree(codec.encodeBody(request))).isEqualTo(expected);
  }

  @Test
  void readsANullResultAsNoResultAsTheReferenceDoes() {
    TaskRequest request = codec.decodeRequest(json("{" + BASE + ", \"result\": null}"));

    assertThat(request.result()).isEmpty();
    assertThat(request.arguments()).isEmpty();
  }

  @Test
  void readsNumbersAsPythonDoes() {
    TaskResponse response =
        codec.decodeResponse(
            json(
                "{\"state\": \"SUCCESS\", \"data\": {\"result\": [1, 12345678901, 123456789012345678901234567890,"
                    + " 2.5, NaN, -Infinity]}}"));

    List<Object> result = asList(((Outcome.Succeeded) ((ResponseData.Completion) response.data()).outcome()).value());
    assertThat(result)
        .containsExactly(
            1,
            12345678901L,
            new BigInteger("123456789012345678901234567890"),
            2.5,
            Double.NaN,
            Double.NEGATIVE_INFINITY);
    assertThat(new String(codec.encodeBody(response), StandardCharsets.UTF_8)).contains("NaN,-Infinity");
  }

  @Test
  void keepsTheLastOfRepeatedKeysAsPythonDoes() {
    NotifyResponse response =
        codec.decodeNotifyResponse(json("{\"topic\": \"a\", \"tasks\": [], \"topic\": \"b\"}"));

    assertThat(response.topic()).isEqualTo("b");
  }

  // Rejections, each naming the message type and the field.

  @Test
  void rejectsRequestWithUnknownAction() {
    byte[] body = json("{\"task_cls\": \"a\", \"task_name\": \"b\", \"task_version\": \"1\", \"action\": \"run\"}");

    assertThat(invalid(() -> codec.decodeRequest(body)))
        .hasMessage("REQUEST: action: must be 'execute' or 'revert', got 'run'")
        .extracting(InvalidMessageException::violation)
        .isEqualTo(Violation.SCHEMA);
  }

  @Test
  void rejectsRequestWhoseResultIsNotAPair() {
    assertThat(invalid(() -> codec.decodeRequest(json("{" + BASE + ", \"result\": 5}"))))
        .hasMessageStartingWith("REQUEST: result: must be [\"success\", value] or [\"failure\", failure], got number");
    assertThat(invalid(() -> codec.decodeRequest(json("{" + BASE + ", \"result\": [\"success\", 1, 2]}"))))
        .hasMessageEndingWith("got an array of 3");
  }

  @Test
  void rejectsRequestWhoseResultHasAnUnknownTag() {
    assertThat(invalid(() -> codec.decodeRequest(json("{" + BASE + ", \"result\": [\"other\", 1]}"))))
        .hasMessage("REQUEST: result[0]: must be 'success' or 'failure', got 'other'");
  }

  @Test
  void rejectsRequestWhoseFailedResultIsNotAFailure() {
    assertThat(invalid(() -> codec.decodeRequest(json("{" + BASE + ", \"result\": [\"failure\", 5]}"))))
        .hasMessage("REQUEST: result[1]: must be an object, got number");
  }

  @Test
  void treatsAFailureWithoutVersionAsUnreadableContentNotASchemaError() {
    String unversioned = FAILURE.replace(", \"version\": 1", "");
    byte[] body = json("{" + BASE + ", \"failures\": {\"t\": " + unversioned + "}}");

    InvalidMessageException error = invalid(() -> codec.decodeRequest(body));

    assertThat(error).hasMessageStartingWith("REQUEST: failures.t.version: is required");
    assertThat(error.violation()).isEqualTo(Violation.CONTENT);
    assertThat(error.messageType()).isEqualTo("REQUEST");
  }

  @Test
  void quotesFailureNamesThatWouldMakeThePathAmbiguous() {
    String bad = FAILURE.replace("\"Exception\"", "\"Nope\"");
    byte[] body = json("{" + BASE + ", \"failures\": {\"flow.task one\": " + bad + "}}");

    assertThat(invalid(() -> codec.decodeRequest(body)))
        .hasMessageStartingWith("REQUEST: failures.\"flow.task one\".exc_type_names: last type name");
  }

  @Test
  void rejectsFailureResponseWhoseResultIsNotAValidFailure() {
    String bad = FAILURE.replace("\"Exception\"", "\"Nope\"");
    byte[] body = json("{\"state\": \"FAILURE\", \"data\": {\"result\": " + bad + "}}");

    InvalidMessageException error = invalid(() -> codec.decodeResponse(body));

    assertThat(error).hasMessageStartingWith("RESPONSE: data.result.exc_type_names: last type name");
    assertThat(error.violation()).isEqualTo(Violation.CONTENT);
  }

  @Test
  void acceptsAFailureStateWithEmptyDataAsTheSchemaDoes() {
    TaskResponse response = codec.decodeResponse(json("{\"state\": \"FAILURE\", \"data\": {}}"));

    assertThat(response.data()).isEqualTo(ResponseData.Empty.INSTANCE);
  }

  @Test
  void rejectsEventWhoseDetailsAreNotAnObject() {
    byte[] body = json("{\"state\": \"EVENT\", \"data\": {\"event_type\": \"e\", \"details\": []}}");

    assertThat(invalid(() -> codec.decodeResponse(body)))
        .hasMessage("RESPONSE: data.details: must be an object, got array");
  }

  @Test
  void rejectsDataThatMatchesNoShape() {
    byte[] body = json("{\"state\": \"RUNNING\", \"data\": {\"foo\": 1}}");

    assertThat(invalid(() -> codec.decodeResponse(body))).hasMessageStartingWith("RESPONSE: data.foo: is not allowed");
  }

  @Test
  void rejectsBodiesThatAreNotJson() {
    InvalidMessageException error = invalid(() -> codec.decodeRequest(json("{\"task_cls\": ")));

    assertThat(error).hasMessageStartingWith("REQUEST: body: is not valid JSON");
    assertThat(error.violation()).isEqualTo(Violation.MALFORMED);
    assertThat(invalid(() -> codec.decodeResponse(json("{} {}"))))
        .hasMessageStartingWith("RESPONSE: body: has more after the JSON value");
    assertThat(invalid(() -> codec.decodeNotifyRequest(new byte[0])))
        .hasMessage("NOTIFY request: body: is empty");
    assertThat(invalid(() -> codec.decodeNotifyRequest(new byte[] {'{', (byte) 0xff, '}'})).violation())
        .isEqualTo(Violation.MALFORMED);
  }

  @Test
  void rejectsBodiesOverTheConfiguredLimits() {
    ProtocolCodec small =
        ProtocolCodec.create(
            ProtocolLimits.DEFAULTS.withMaxBodyBytes(64).withMaxNestingDepth(4).withMaxStringLength(10));

    assertThat(invalid(() -> small.decodeResponse(json("{\"state\": \"SUCCESS\", \"data\": {\"result\": \"" + "x".repeat(80) + "\"}}"))))
        .hasMessageStartingWith("RESPONSE: body: is ")
        .hasMessageContaining("over the limit of 64")
        .extracting(InvalidMessageException::violation)
        .isEqualTo(Violation.LIMIT);
    assertThat(invalid(() -> small.decodeResponse(json("{\"state\": \"SUCCESS\", \"data\": {\"result\": [[[1]]]}}"))))
        .hasMessageStartingWith("RESPONSE: body: exceeds a parsing limit")
        .extracting(InvalidMessageException::violation)
        .isEqualTo(Violation.LIMIT);
    assertThat(invalid(() -> small.decodeResponse(json("{\"state\": \"SUCCESS\", \"data\": {\"result\": \"" + "y".repeat(20) + "\"}}"))))
        .hasMessageStartingWith("RESPONSE: body: exceeds a parsing limit");
  }

  @Test
  void rejectsLimitsThatAreNotPositive() {
    assertThatThrownBy(() -> ProtocolLimits.DEFAULTS.withMaxBodyBytes(0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ProtocolLimits.DEFAULTS.withMaxNestingDepth(1_000_000))
        .isInstanceOf(IllegalArgumentException.class);
  }

  // Decoding by role.

  @Test
  void readsNotifyAsARequestOnAWorkerAndAsAResponseOnAnExecutor() {
    Message request = codec.encodeNotifyRequest("exec");
    Message response = codec.encodeNotifyResponse(new NotifyResponse("w", List.of()));

    assertThat(codec.decode(request, Role.WORKER)).isEqualTo(NotifyRequest.INSTANCE);
    assertThat(codec.decode(response, Role.EXECUTOR)).isEqualTo(new NotifyResponse("w", List.of()));
    assertThat(invalid(() -> codec.decode(response, Role.WORKER)))
        .hasMessage("NOTIFY request: topic: is not allowed: the body of a NOTIFY request is {}");
  }

  @Test
  void rejectsMessagesWithoutATypeOrOfATypeTheReceiverDoesNotHandle() {
    Message untyped =
        new Message(
            new MessageProperties(
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), 2, 0, Map.of()),
            json("{}"));
    Message response = codec.encodeResponse(TaskResponse.running(), "c");

    assertThat(invalid(() -> codec.decode(untyped, Role.WORKER)).violation()).isEqualTo(Violation.ENVELOPE);
    assertThat(invalid(() -> codec.decode(response, Role.WORKER)))
        .hasMessage("message: type: 'RESPONSE' is not a type that the worker handles")
        .extracting(InvalidMessageException::violation)
        .isEqualTo(Violation.ENVELOPE);
  }

  // Records.

  @Test
  void refusesValuesThatAreNotJsonWhenTheRecordIsCreated() {
    assertThatThrownBy(
            () -> TaskRequest.execute("a", "b", TaskVersion.of("1"), Map.of("when", new Object())))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("arguments.when: a java.lang.Object is not a JSON value");
    assertThatThrownBy(() -> TaskResponse.success(Map.of(1, "x")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("map keys must be strings");
    List<Object> cyclic = new ArrayList<>();
    cyclic.add(cyclic);
    assertThatThrownBy(() -> TaskResponse.success(cyclic))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("nested deeper than");
  }

  @Test
  void recordsHoldImmutableCopiesOfTheirValues() {
    Map<String, Object> arguments = new HashMap<>();
    List<Object> list = new ArrayList<>(Arrays.asList(1, 2));
    arguments.put("list", list);
    TaskRequest request = TaskRequest.execute("a", "b", TaskVersion.of("1"), arguments);

    list.add(3);
    arguments.put("more", 1);

    assertThat(request.arguments()).isEqualTo(Map.of("list", List.of(1, 2)));
    assertThatThrownBy(() -> request.arguments().put("x", 1)).isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> ((List<?>) request.arguments().get("list")).clear())
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void refusesAResponseWhoseStateDoesNotFitItsCompletion() {
    Failure failure = Failure.of(new IllegalStateException("x"));

    assertThatThrownBy(() -> new TaskResponse(ResponseState.SUCCESS, ResponseData.Completion.failure(failure)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new TaskResponse(ResponseState.FAILURE, ResponseData.Completion.success(1)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void refusesOtherPropertiesThatShadowModelledOnes() {
    assertThatThrownBy(
            () ->
                new TaskRequest("a", "b", TaskVersion.of("1"), Action.EXECUTE, Map.of(),
                    Optional.empty(), Optional.empty(), Map.of("action", "revert")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'action'");
  }

  @Test
  void revertWithoutFlowFailuresSendsNoFailuresPropertyAsTheReferenceDoes() {
    TaskRequest request =
        TaskRequest.revert("a", "b", TaskVersion.of("1"), Map.of(), Outcome.success(1), Map.of());

    assertThat(request.failures()).isEmpty();
    assertThat(Vectors.tree(codec.encodeBody(request)).has("failures")).isFalse();
  }

  private static InvalidMessageException invalid(org.assertj.core.api.ThrowableAssert.ThrowingCallable call) {
    InvalidMessageException error = catchThrowableOfType(InvalidMessageException.class, call);
    assertThat(error).as("expected an InvalidMessageException").isNotNull();
    return error;
  }

  @SuppressWarnings("unchecked")
  private static List<Object> asList(Object value) {
    return (List<Object>) value;
  }

  private static byte[] json(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
