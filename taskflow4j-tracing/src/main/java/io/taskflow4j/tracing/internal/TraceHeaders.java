package io.taskflow4j.tracing.internal;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapPropagator;
import io.opentelemetry.context.propagation.TextMapSetter;
import io.taskflow4j.remote.RequestHeaders;
import io.taskflow4j.spi.TaskInvocation;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The trace context of an invocation's atom span, as request headers. The span is found by the
 * invocation's run id and task name, not in the current context: the engine may send a request on
 * another thread than the one its listeners were told on (after its store's flush, say).
 *
 * <p>Thread-safety: thread-safe.
 */
final class TraceHeaders implements RequestHeaders {

  private static final TextMapSetter<Map<String, String>> SETTER = (carrier, key, value) -> {
    if (carrier != null && key != null && value != null) {
      carrier.put(key, value);
    }
  };

  private final OpenAtoms openAtoms;
  private final TextMapPropagator propagator;

  TraceHeaders(OpenAtoms openAtoms, TextMapPropagator propagator) {
    this.openAtoms = openAtoms;
    this.propagator = propagator;
  }

  @Override
  public Map<String, String> headers(TaskInvocation invocation) {
    if (invocation.flowId().isEmpty()) {
      return Map.of();
    }
    Optional<SpanContext> span = openAtoms.find(invocation.flowId().get(), invocation.task().name());
    if (span.isEmpty() || !span.get().isValid()) {
      return Map.of();
    }
    Map<String, String> headers = new LinkedHashMap<>(4);
    propagator.inject(Context.root().with(Span.wrap(span.get())), headers, SETTER);
    return headers;
  }

  @Override
  public String toString() {
    return "trace context headers (" + propagator + ")";
  }
}
