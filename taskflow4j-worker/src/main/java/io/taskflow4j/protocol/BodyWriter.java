package io.taskflow4j.protocol;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import io.taskflow4j.failure.Failure;
import io.taskflow4j.task.Outcome;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Writes the protocol's records as UTF-8 JSON bodies, with properties in the order the reference
 * writes them.
 *
 * <p>Records only hold JSON values, and failures are rendered by {@link Failure#toDict()} (which
 * already drops arguments that are not JSON), so writing cannot meet a value it cannot write.
 *
 * <p>Thread-safety: immutable after construction; safe to share.
 */
final class BodyWriter {

  private final JsonFactory factory;

  BodyWriter(JsonFactory factory) {
    this.factory = factory;
  }

  byte[] write(ProtocolMessage message) {
    try (ByteArrayBuilder out = new ByteArrayBuilder(256);
        JsonGenerator generator = factory.createGenerator(out, JsonEncoding.UTF8)) {
      if (message instanceof NotifyRequest) {
        generator.writeStartObject();
        generator.writeEndObject();
      } else if (message instanceof NotifyResponse response) {
        writeNotifyResponse(generator, response);
      } else if (message instanceof TaskRequest request) {
        writeRequest(generator, request);
      } else if (message instanceof TaskResponse response) {
        writeResponse(generator, response);
      } else {
        throw new IllegalArgumentException("unknown message " + message.getClass().getName());
      }
      generator.flush();
      return out.toByteArray();
    } catch (IOException e) {
      // Writing to memory does not fail for I/O reasons; only a constraint could trip here.
      throw new UncheckedIOException("cannot write a " + message.type() + " body", e);
    }
  }

  private static void writeNotifyResponse(JsonGenerator generator, NotifyResponse response)
      throws IOException {
    generator.writeStartObject();
    generator.writeStringField("topic", response.topic());
    generator.writeArrayFieldStart("tasks");
    for (String task : response.tasks()) {
      generator.writeString(task);
    }
    generator.writeEndArray();
    generator.writeEndObject();
  }

  private static void writeRequest(JsonGenerator generator, TaskRequest request)
      throws IOException {
    generator.writeStartObject();
    generator.writeStringField("task_cls", request.taskClass());
    generator.writeStringField("task_name", request.taskName());
    generator.writeFieldName("task_version");
    if (request.taskVersion() instanceof TaskVersion.Text text) {
      generator.writeString(text.value());
    } else {
      writeValue(generator, ((TaskVersion.Parts) request.taskVersion()).parts());
    }
    generator.writeStringField("action", request.action().wireName());
    generator.writeFieldName("arguments");
    writeValue(generator, request.arguments());
    if (request.result().isPresent()) {
      Outcome outcome = request.result().get();
      generator.writeArrayFieldStart("result");
      if (outcome instanceof Outcome.Failed failed) {
        generator.writeString("failure");
        writeValue(generator, failed.failure().toDict());
      } else {
        generator.writeString("success");
        writeValue(generator, ((Outcome.Succeeded) outcome).value());
      }
      generator.writeEndArray();
    }
    if (request.failures().isPresent()) {
      generator.writeObjectFieldStart("failures");
      for (Map.Entry<String, Failure> entry : request.failures().get().entrySet()) {
        generator.writeFieldName(entry.getKey());
        writeValue(generator, entry.getValue().toDict());
      }
      generator.writeEndObject();
    }
    for (Map.Entry<String, Object> entry : request.otherProperties().entrySet()) {
      generator.writeFieldName(entry.getKey());
      writeValue(generator, entry.getValue());
    }
    generator.writeEndObject();
  }

  private static void writeResponse(JsonGenerator generator, TaskResponse response)
      throws IOException {
    generator.writeStartObject();
    generator.writeStringField("state", response.state().name());
    generator.writeObjectFieldStart("data");
    ResponseData data = response.data();
    if (data instanceof ResponseData.Completion completion) {
      generator.writeFieldName("result");
      Outcome outcome = completion.outcome();
      if (outcome instanceof Outcome.Failed failed) {
        writeValue(generator, failed.failure().toDict());
      } else {
        writeValue(generator, ((Outcome.Succeeded) outcome).value());
      }
    } else if (data instanceof ResponseData.Event event) {
      generator.writeStringField("event_type", event.eventType());
      generator.writeFieldName("details");
      writeValue(generator, event.details());
    }
    generator.writeEndObject();
    generator.writeEndObject();
  }

  private static void writeValue(JsonGenerator generator, Object value) throws IOException {
    if (value == null) {
      generator.writeNull();
    } else if (value instanceof String text) {
      generator.writeString(text);
    } else if (value instanceof Boolean bool) {
      generator.writeBoolean(bool);
    } else if (value instanceof Integer || value instanceof Short || value instanceof Byte) {
      generator.writeNumber(((Number) value).intValue());
    } else if (value instanceof Long number) {
      generator.writeNumber(number);
    } else if (value instanceof Double number) {
      generator.writeNumber(number);
    } else if (value instanceof Float number) {
      generator.writeNumber(number);
    } else if (value instanceof BigInteger number) {
      generator.writeNumber(number);
    } else if (value instanceof BigDecimal number) {
      generator.writeNumber(number);
    } else if (value instanceof Map<?, ?> map) {
      generator.writeStartObject();
      for (Map.Entry<?, ?> entry : map.entrySet()) {
        generator.writeFieldName((String) entry.getKey());
        writeValue(generator, entry.getValue());
      }
      generator.writeEndObject();
    } else if (value instanceof List<?> list) {
      generator.writeStartArray();
      for (int i = 0, n = list.size(); i < n; i++) {
        writeValue(generator, list.get(i));
      }
      generator.writeEndArray();
    } else if (value instanceof Collection<?> collection) {
      generator.writeStartArray();
      for (Object item : collection) {
        writeValue(generator, item);
      }
      generator.writeEndArray();
    } else {
      throw new IllegalStateException("not a JSON value: " + value.getClass().getName());
    }
  }
}
