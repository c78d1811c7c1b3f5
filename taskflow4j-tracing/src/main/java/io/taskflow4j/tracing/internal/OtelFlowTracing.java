package io.taskflow4j.tracing.internal;

import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.propagation.TextMapPropagator;
import io.taskflow4j.listener.FlowListener;
import io.taskflow4j.remote.RequestHeaders;
import io.taskflow4j.tracing.FlowTracing;
import io.taskflow4j.worker.TaskRunInterceptor;
import java.util.Objects;

/**
 * {@link FlowTracing} on the OpenTelemetry API. The listeners it makes record the atom spans they
 * open in a table shared with its request headers, keyed by run id and atom name, which is how a
 * request learns its atom's span whatever thread sends it.
 *
 * <p>Thread-safety: thread-safe.
 */
public final class OtelFlowTracing implements FlowTracing {

  private final Tracer tracer;
  private final TextMapPropagator propagator;
  private final OpenAtoms openAtoms = new OpenAtoms();

  /**
   * Creates the tracing.
   *
   * @param tracer makes the spans
   * @param propagator writes and reads the trace context in request headers
   */
  public OtelFlowTracing(Tracer tracer, TextMapPropagator propagator) {
    this.tracer = Objects.requireNonNull(tracer, "tracer");
    this.propagator = Objects.requireNonNull(propagator, "propagator");
  }

  @Override
  public FlowListener listener() {
    return new SpanListener(tracer, openAtoms);
  }

  @Override
  public RequestHeaders requestHeaders() {
    return new TraceHeaders(openAtoms, propagator);
  }

  @Override
  public TaskRunInterceptor workerInterceptor() {
    return new TracingInterceptor(tracer, propagator);
  }

  /**
   * How many atom spans are open now, across every engine listened to; for tests.
   *
   * @return the count
   */
  public int openAtomSpans() {
    return openAtoms.size();
  }

  @Override
  public String toString() {
    return "FlowTracing[" + propagator + "]";
  }
}
