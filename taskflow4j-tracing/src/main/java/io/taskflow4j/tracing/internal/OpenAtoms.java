package io.taskflow4j.tracing.internal;

import io.opentelemetry.api.trace.SpanContext;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The atom spans open now, by run id and atom name: written by the engines' listeners, read by
 * the request headers of remote executors. An entry lives from an atom's RUNNING or REVERTING to its
 * end, so the table holds no more than the atoms running now.
 *
 * <p>Thread-safety: thread-safe.
 */
final class OpenAtoms {

  private final Map<String, SpanContext> spans = new ConcurrentHashMap<>();

  /** The key of an atom of a run; a NUL cannot appear in a run id from an engine. */
  static String key(String flowId, String atomName) {
    return flowId + '\u0000' + atomName;
  }

  void opened(String key, SpanContext span) {
    spans.put(key, span);
  }

  void closed(String key, SpanContext span) {
    spans.remove(key, span);
  }

  Optional<SpanContext> find(String flowId, String atomName) {
    return Optional.ofNullable(spans.get(key(flowId, atomName)));
  }

  int size() {
    return spans.size();
  }
}
