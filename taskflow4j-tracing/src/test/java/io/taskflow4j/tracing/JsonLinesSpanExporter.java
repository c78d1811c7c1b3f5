package io.taskflow4j.tracing;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes each finished span as one JSON line to a file, so that a test can read the spans of
 * another process: its name, kind, ids, parent, status and string attributes.
 *
 * <p>Thread-safety: thread-safe.
 */
final class JsonLinesSpanExporter implements SpanExporter {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Writer out;

  JsonLinesSpanExporter(Path file) {
    try {
      this.out = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
          StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Reads the spans a file holds, one map per line. */
  static List<Map<String, Object>> read(Path file) throws IOException {
    List<Map<String, Object>> spans = new java.util.ArrayList<>();
    for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
      if (!line.isBlank()) {
        @SuppressWarnings("unchecked")
        Map<String, Object> span = JSON.readValue(line, Map.class);
        spans.add(span);
      }
    }
    return spans;
  }

  @Override
  public synchronized CompletableResultCode export(Collection<SpanData> spans) {
    try {
      for (SpanData span : spans) {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("name", span.getName());
        line.put("kind", span.getKind().name());
        line.put("traceId", span.getTraceId());
        line.put("spanId", span.getSpanId());
        line.put("parentSpanId", span.getParentSpanId());
        line.put("parentRemote", span.getParentSpanContext().isRemote());
        line.put("status", span.getStatus().getStatusCode().name());
        Map<String, Object> attributes = new LinkedHashMap<>();
        span.getAttributes().forEach((key, value) -> attributes.put(key.getKey(), String.valueOf(value)));
        line.put("attributes", attributes);
        out.write(JSON.writeValueAsString(line));
        out.write('\n');
      }
      out.flush();
      return CompletableResultCode.ofSuccess();
    } catch (IOException e) {
      return CompletableResultCode.ofFailure();
    }
  }

  @Override
  public CompletableResultCode flush() {
    return CompletableResultCode.ofSuccess();
  }

  @Override
  public synchronized CompletableResultCode shutdown() {
    try {
      out.close();
      return CompletableResultCode.ofSuccess();
    } catch (IOException e) {
      return CompletableResultCode.ofFailure();
    }
  }
}
