package io.taskflow4j.tracing.internal;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.context.propagation.TextMapPropagator;
import io.taskflow4j.task.Outcome;
import io.taskflow4j.tracing.FlowTracing;
import io.taskflow4j.worker.TaskRun;
import io.taskflow4j.worker.TaskRunInterceptor;
import java.util.Map;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A span for each request a worker runs, a child of the context its headers carry (none when they
 * carry none or one that cannot be read), current while the task runs.
 *
 * <p>Thread-safety: thread-safe.
 */
final class TracingInterceptor implements TaskRunInterceptor {

  private static final Logger LOG = LoggerFactory.getLogger(TracingInterceptor.class);

  private static final TextMapGetter<Map<String, String>> GETTER =
      (carrier, key) -> carrier == null || key == null ? null : carrier.get(key);

  private final Tracer tracer;
  private final TextMapPropagator propagator;

  TracingInterceptor(Tracer tracer, TextMapPropagator propagator) {
    this.tracer = tracer;
    this.propagator = propagator;
  }

  @Override
  public void intercept(TaskRun run, Supplier<Outcome> task) {
    Span span = tracer.spanBuilder("worker " + run.action().wireName() + " " + run.taskName())
        .setParent(parent(run))
        .setSpanKind(SpanKind.CONSUMER)
        .setAttribute(FlowTracing.ATOM_NAME, run.taskName())
        .setAttribute(FlowTracing.ATOM_ACTION, run.action().wireName())
        .setAttribute(FlowTracing.SERVED_NAME, run.servedName())
        .setAttribute(FlowTracing.REQUEST_ID, run.requestId())
        .setAttribute(FlowTracing.WORKER_TOPIC, run.workerTopic())
        .startSpan();
    Outcome outcome;
    Scope scope = span.makeCurrent();
    try {
      outcome = task.get();
    } catch (RuntimeException | Error e) {
      span.recordException(e);
      span.setStatus(StatusCode.ERROR);
      span.end();
      throw e;
    } finally {
      scope.close();
    }
    if (outcome instanceof Outcome.Failed failed) {
      span.setAttribute(FlowTracing.ATOM_OUTCOME, "failure");
      Failures.record(span, failed.failure());
    } else {
      span.setAttribute(FlowTracing.ATOM_OUTCOME, "success");
    }
    span.end();
  }

  /** The context the request's headers carry; the root when they carry none that can be read. */
  private Context parent(TaskRun run) {
    if (run.headers().isEmpty()) {
      return Context.root();
    }
    try {
      return propagator.extract(Context.root(), run.headers(), GETTER);
    } catch (RuntimeException e) {
      LOG.debug("the trace context of request {} cannot be read; its span has no parent", run.requestId(), e);
      return Context.root();
    }
  }

  @Override
  public String toString() {
    return "FlowTracing worker interceptor (" + propagator + ")";
  }
}
