package io.taskflow4j.protocol;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import io.taskflow4j.InvalidFormatException;
import io.taskflow4j.failure.Failure;
import io.taskflow4j.protocol.InvalidMessageException.Violation;
import io.taskflow4j.protocol.JsonValues.FrozenList;
import io.taskflow4j.protocol.JsonValues.FrozenMap;
import io.taskflow4j.task.Outcome;
import io.taskflow4j.value.JsonTypes;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Parses bodies within the configured limits and checks them against the reference's schemas,
 * turning them into the protocol's records.
 *
 * <p>Checks follow the reference's order: the message schema first, then the failure rules for
 * every failure the body holds, then reading the failures (which requires {@code version} 1).
 *
 * <p>Thread-safety: immutable after construction; safe to share.
 */
final class BodyReader {

  private static final String NOTIFY_REQUEST = "NOTIFY request";
  private static final String NOTIFY_RESPONSE = "NOTIFY response";

  private final JsonFactory factory;
  private final int maxBodyBytes;

  BodyReader(JsonFactory factory, int maxBodyBytes) {
    this.factory = factory;
    this.maxBodyBytes = maxBodyBytes;
  }

  NotifyRequest readNotifyRequest(byte[] body) {
    Map<String, Object> object = object(parse(body, NOTIFY_REQUEST), NOTIFY_REQUEST);
    if (!object.isEmpty()) {
      throw schema(
          NOTIFY_REQUEST,
          member(firstKey(object)),
          "is not allowed: the body of a NOTIFY request is {}");
    }
    return NotifyRequest.INSTANCE;
  }

  NotifyResponse readNotifyResponse(byte[] body) {
    Map<String, Object> object = object(parse(body, NOTIFY_RESPONSE), NOTIFY_RESPONSE);
    require(object, NOTIFY_RESPONSE, "topic", "tasks");
    String topic = string(object, "topic", NOTIFY_RESPONSE);
    List<Object> tasks = array(object.get("tasks"), "tasks", NOTIFY_RESPONSE);
    List<String> names = new ArrayList<>(tasks.size());
    for (int i = 0; i < tasks.size(); i++) {
      Object task = tasks.get(i);
      if (!(task instanceof String name)) {
        throw schema(NOTIFY_RESPONSE, "tasks[" + i + "]", "must be a string, got " + JsonTypes.nameOf(task));
      }
      names.add(name);
    }
    onlyKnown(object, NOTIFY_RESPONSE, "topic", "tasks");
    return new NotifyResponse(topic, names);
  }

  TaskRequest readRequest(byte[] body) {
    String label = ProtocolMessage.REQUEST;
    Map<String, Object> object = object(parse(body, label), label);
    require(object, label, "task_cls", "task_name", "task_version", "action");
    String taskClass = string(object, "task_cls", label);
    String taskName = string(object, "task_name", label);
    TaskVersion version = taskVersion(object.get("task_version"));
    String actionName = string(object, "action", label);
    Action action =
        Action.fromWireName(actionName)
            .orElseThrow(
                () ->
                    schema(
                        label, "action", "must be 'execute' or 'revert', got '" + actionName + "'"));
    Map<String, Object> arguments = FrozenMap.EMPTY;
    if (object.containsKey("arguments")) {
      arguments = object(object.get("arguments"), "arguments", label);
    }
    Map<String, Object> failureObjects = null;
    if (object.containsKey("failures")) {
      failureObjects = object(object.get("failures"), "failures", label);
    }
    // The reference treats a null result as no result at all.
    List<Object> result = null;
    if (object.get("result") != null) {
      result = resultPair(object.get("result"));
    }

    // Every failure passes the reference's checks before any is read, as there.
    if (failureObjects != null) {
      for (Map.Entry<String, Object> entry : failureObjects.entrySet()) {
        validateFailure(entry.getValue(), JsonValues.child("failures", entry.getKey()), label);
      }
    }
    boolean failedResult = result != null && "failure".equals(result.get(0));
    if (failedResult) {
      validateFailure(result.get(1), "result[1]", label);
    }

    Optional<Outcome> outcome = Optional.empty();
    if (result != null) {
      outcome =
          Optional.of(
              failedResult
                  ? Outcome.failure(readFailure(result.get(1), "result[1]", label))
                  : Outcome.success(result.get(1)));
    }
    Optional<Map<String, Failure>> failures = Optional.empty();
    if (failureObjects != null) {
      Map<String, Failure> read = new LinkedHashMap<>();
      for (Map.Entry<String, Object> entry : failureObjects.entrySet()) {
        read.put(
            entry.getKey(),
            readFailure(entry.getValue(), JsonValues.child("failures", entry.getKey()), label));
      }
      failures = Optional.of(read);
    }
    LinkedHashMap<String, Object> others = new LinkedHashMap<>();
    for (Map.Entry<String, Object> entry : object.entrySet()) {
      if (!TaskRequest.KNOWN_PROPERTIES.contains(entry.getKey())) {
        others.put(entry.getKey(), entry.getValue());
      }
    }
    return new TaskRequest(
        taskClass,
        taskName,
        version,
        action,
        arguments,
        outcome,
        failures,
        others.isEmpty() ? FrozenMap.EMPTY : new FrozenMap(others));
  }

  TaskResponse readResponse(byte[] body) {
    String label = ProtocolMessage.RESPONSE;
    Map<String, Object> object = object(parse(body, label), label);
    require(object, label, "state", "data");
    onlyKnown(object, label, "state", "data");
    String stateName = string(object, "state", label);
    ResponseState state = responseState(stateName);
    Object dataValue = object.get("data");
    if (!(dataValue instanceof Map)) {
      throw schema(
          label,
          "data",
          "must be an object (empty, a completion or an event), got " + JsonTypes.nameOf(dataValue));
    }
    Map<String, Object> data = asObject(dataValue);
    ResponseData shape;
    if (data.isEmpty()) {
      shape = ResponseData.Empty.INSTANCE;
    } else if (data.containsKey("event_type") || data.containsKey("details")) {
      shape = event(data, label);
    } else if (data.containsKey("result")) {
      onlyKnownIn(data, label, "completion", "result");
      Object result = data.get("result");
      if (state == ResponseState.FAILURE) {
        // The reference's validator never looks at this failure; its reader fails on a bad one
        // after the message was acknowledged. A failure is needed here, so it is checked.
        shape = new ResponseData.Completion(Outcome.failure(failureResult(result, label)));
      } else {
        shape = new ResponseData.Completion(Outcome.success(result));
      }
    } else {
      throw schema(
          label,
          "data." + member(firstKey(data)),
          "is not allowed: data must be {}, {\"result\": ...} or {\"event_type\": ..., \"details\":"
              + " {...}}");
    }
    return new TaskResponse(state, shape);
  }

  private ResponseData event(Map<String, Object> data, String label) {
    for (String key : new String[] {"event_type", "details"}) {
      if (!data.containsKey(key)) {
        throw schema(label, "data." + key, "is required in event data");
      }
    }
    onlyKnownIn(data, label, "event", "event_type", "details");
    Object eventType = data.get("event_type");
    if (!(eventType instanceof String type)) {
      throw schema(label, "data.event_type", "must be a string, got " + JsonTypes.nameOf(eventType));
    }
    Object details = data.get("details");
    if (!(details instanceof Map)) {
      throw schema(label, "data.details", "must be an object, got " + JsonTypes.nameOf(details));
    }
    return new ResponseData.Event(type, asObject(details));
  }

  private Failure failureResult(Object result, String label) {
    try {
      Failure.validateDict(result, "data.result");
      return Failure.fromDict(asObject(result), "data.result");
    } catch (InvalidFormatException e) {
      throw new InvalidMessageException(
          label, Violation.CONTENT, label + ": " + e.getMessage(), e);
    }
  }

  private static ResponseState responseState(String name) {
    for (ResponseState state : ResponseState.values()) {
      if (state.name().equals(name)) {
        return state;
      }
    }
    throw schema(
        ProtocolMessage.RESPONSE,
        "state",
        "must be one of WAITING, PENDING, RUNNING, SUCCESS, FAILURE, EVENT, got '" + name + "'");
  }

  private static TaskVersion taskVersion(Object value) {
    if (value instanceof String text) {
      return new TaskVersion.Text(text);
    }
    if (value instanceof List<?>) {
      return new TaskVersion.Parts(asArray(value));
    }
    throw schema(
        ProtocolMessage.REQUEST,
        "task_version",
        "must be a string or an array, got " + JsonTypes.nameOf(value));
  }

  // The reference unpacks the result as a pair and raises (rather than rejecting) on anything
  // else; it would also take an unknown tag for a success. Only the two documented forms pass here.
  private static List<Object> resultPair(Object value) {
    if (!(value instanceof List<?>) || ((List<?>) value).size() != 2) {
      throw schema(
          ProtocolMessage.REQUEST,
          "result",
          "must be [\"success\", value] or [\"failure\", failure], got "
              + (value instanceof List<?> list ? "an array of " + list.size() : JsonTypes.nameOf(value)));
    }
    List<Object> pair = asArray(value);
    Object tag = pair.get(0);
    if (!"success".equals(tag) && !"failure".equals(tag)) {
      throw schema(
          ProtocolMessage.REQUEST,
          "result[0]",
          "must be 'success' or 'failure', got " + (tag instanceof String ? "'" + tag + "'" : JsonTypes.nameOf(tag)));
    }
    return pair;
  }

  private static void validateFailure(Object value, String path, String label) {
    try {
      Failure.validateDict(value, path);
    } catch (InvalidFormatException e) {
      throw new InvalidMessageException(label, Violation.SCHEMA, label + ": " + e.getMessage(), e);
    }
  }

  private static Failure readFailure(Object value, String path, String label) {
    try {
      return Failure.fromDict(asObject(value), path);
    } catch (InvalidFormatException e) {
      throw new InvalidMessageException(
          label, Violation.CONTENT, label + ": " + e.getMessage(), e);
    }
  }

  // Parsing.

  private Object parse(byte[] body, String label) {
    String type = envelopeType(label);
    if (body.length > maxBodyBytes) {
      throw new InvalidMessageException(
          type,
          Violation.LIMIT,
          label + ": body: is " + body.length + " bytes, over the limit of " + maxBodyBytes);
    }
    try (JsonParser parser = factory.createParser(body)) {
      JsonToken first = parser.nextToken();
      if (first == null) {
        throw malformed(label, "is empty");
      }
      Object root = readValue(parser, first);
      if (parser.nextToken() != null) {
        throw malformed(label, "has more after the JSON value" + at(parser.currentLocation()));
      }
      return root;
    } catch (StreamConstraintsException e) {
      throw new InvalidMessageException(
          type, Violation.LIMIT, label + ": body: exceeds a parsing limit: " + e.getOriginalMessage(), e);
    } catch (JsonProcessingException e) {
      throw new InvalidMessageException(
          type,
          Violation.MALFORMED,
          label + ": body: is not valid JSON: " + e.getOriginalMessage() + at(e.getLocation()),
          e);
    } catch (IOException e) {
      throw new InvalidMessageException(
          type, Violation.MALFORMED, label + ": body: cannot be read: " + e.getMessage(), e);
    }
  }

  // Nesting is bounded by the parser's depth constraint, which also bounds this recursion.
  private static Object readValue(JsonParser parser, JsonToken token) throws IOException {
    switch (token) {
      case START_OBJECT:
        {
          LinkedHashMap<String, Object> map = new LinkedHashMap<>();
          String name;
          while ((name = parser.nextFieldName()) != null) {
            // A repeated key keeps its last value, as Python's json module does.
            map.put(name, readValue(parser, parser.nextToken()));
          }
          return map.isEmpty() ? FrozenMap.EMPTY : new FrozenMap(map);
        }
      case START_ARRAY:
        {
          ArrayList<Object> items = new ArrayList<>();
          JsonToken next;
          while ((next = parser.nextToken()) != JsonToken.END_ARRAY) {
            items.add(readValue(parser, next));
          }
          return items.isEmpty() ? FrozenList.EMPTY : new FrozenList(items.toArray());
        }
      case VALUE_STRING:
        return parser.getText();
      case VALUE_NUMBER_INT:
        return parser.getNumberValue();
      case VALUE_NUMBER_FLOAT:
        // Python reads every JSON fraction as a double.
        return parser.getDoubleValue();
      case VALUE_TRUE:
        return Boolean.TRUE;
      case VALUE_FALSE:
        return Boolean.FALSE;
      case VALUE_NULL:
        return null;
      default:
        throw new JsonParseFailure(parser, "unexpected token " + token);
    }
  }

  /** A structural surprise the parser itself did not report. */
  private static final class JsonParseFailure extends JsonProcessingException {
    JsonParseFailure(JsonParser parser, String message) {
      super(message, parser.currentLocation());
    }
  }

  // Shape checks.

  private static Map<String, Object> object(Object root, String label) {
    if (!(root instanceof Map)) {
      throw schema(label, "body", "must be an object, got " + JsonTypes.nameOf(root));
    }
    return asObject(root);
  }

  private static Map<String, Object> object(Object value, String path, String label) {
    if (!(value instanceof Map)) {
      throw schema(label, path, "must be an object, got " + JsonTypes.nameOf(value));
    }
    return asObject(value);
  }

  private static List<Object> array(Object value, String path, String label) {
    if (!(value instanceof List)) {
      throw schema(label, path, "must be an array, got " + JsonTypes.nameOf(value));
    }
    return asArray(value);
  }

  private static void require(Map<String, Object> object, String label, String... keys) {
    for (String key : keys) {
      if (!object.containsKey(key)) {
        throw schema(label, key, "is required");
      }
    }
  }

  private static String string(Map<String, Object> object, String key, String label) {
    Object value = object.get(key);
    if (!(value instanceof String text)) {
      throw schema(label, key, "must be a string, got " + JsonTypes.nameOf(value));
    }
    return text;
  }

  private static void onlyKnown(Map<String, Object> object, String label, String... known) {
    for (String key : object.keySet()) {
      if (!contains(known, key)) {
        throw schema(label, member(key), "is not allowed");
      }
    }
  }

  private static void onlyKnownIn(
      Map<String, Object> data, String label, String shape, String... known) {
    for (String key : data.keySet()) {
      if (!contains(known, key)) {
        throw schema(label, "data." + member(key), "is not allowed in " + shape + " data");
      }
    }
  }

  private static boolean contains(String[] values, String value) {
    for (String candidate : values) {
      if (candidate.equals(value)) {
        return true;
      }
    }
    return false;
  }

  private static String firstKey(Map<String, Object> object) {
    Iterator<String> keys = object.keySet().iterator();
    return keys.next();
  }

  private static String member(String key) {
    return JsonValues.child("", key);
  }

  // Decoded objects and arrays are always built frozen by readValue.
  @SuppressWarnings("unchecked")
  private static Map<String, Object> asObject(Object value) {
    return (Map<String, Object>) value;
  }

  @SuppressWarnings("unchecked")
  private static List<Object> asArray(Object value) {
    return (List<Object>) value;
  }

  private static String envelopeType(String label) {
    return label.startsWith(ProtocolMessage.NOTIFY) ? ProtocolMessage.NOTIFY : label;
  }

  private static String at(JsonLocation location) {
    if (location == null || location.getLineNr() < 0) {
      return "";
    }
    return " (line " + location.getLineNr() + ", column " + location.getColumnNr() + ")";
  }

  private static InvalidMessageException schema(String label, String path, String reason) {
    return new InvalidMessageException(
        envelopeType(label), Violation.SCHEMA, label + ": " + path + ": " + reason);
  }

  private static InvalidMessageException malformed(String label, String reason) {
    return new InvalidMessageException(
        envelopeType(label), Violation.MALFORMED, label + ": body: " + reason);
  }
}
