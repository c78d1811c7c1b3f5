package io.taskflow4j.tracing;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.propagation.TextMapPropagator;
import io.taskflow4j.listener.FlowListener;
import io.taskflow4j.remote.RequestHeaders;
import io.taskflow4j.tracing.internal.OtelFlowTracing;
import io.taskflow4j.worker.TaskRunInterceptor;
import java.util.Objects;

/**
 * OpenTelemetry traces of flows and atoms, continued on remote workers. Only the OpenTelemetry API
 * is used: the application brings the SDK (and its exporter) and passes its {@link OpenTelemetry}.
 *
 * <pre>{@code
 * FlowTracing tracing = FlowTracing.of(openTelemetry);
 * // the engine's side
 * RemoteTaskExecutor remote = RemoteTaskExecutor.builder(transport).topics("calc")
 *     .requestHeaders(tracing.requestHeaders()).build();
 * Engine engine = Engine.builder(flow).taskExecutor(remote).listener(tracing.listener()).build();
 * // the worker's side, in its own process
 * Worker worker = Worker.builder(transport).topic("calc").serve(Add.class)
 *     .interceptor(tracing.workerInterceptor()).build();
 * }</pre>
 *
 * <p>Spans:
 *
 * <ul>
 *   <li>one per run of a flow, {@code flow <name>}, from RUNNING to SUCCESS, REVERTED, FAILURE or
 *       SUSPENDED, with the final state as {@value #FLOW_STATE}; its status is an error when the
 *       run ended in FAILURE or REVERTED (a task failed);
 *   <li>one per execute and per revert of an atom, {@code execute <atom>} and {@code revert
 *       <atom>}, children of the flow's span, with {@value #ATOM_NAME}, {@value #ATOM_KIND}
 *       ({@code task} or {@code retry}), {@value #ATOM_ACTION} ({@code execute} or {@code revert})
 *       and {@value #ATOM_OUTCOME} ({@code success} or {@code failure}); a failure is recorded as an
 *       exception event and an error status;
 *   <li>on a worker that runs with {@link #workerInterceptor()}, one per request it runs, {@code
 *       worker execute <atom>} or {@code worker revert <atom>} (kind CONSUMER), a child of the
 *       engine's atom span when the request carries its trace context, and current while the task
 *       runs, so that the task's own spans are its children.
 * </ul>
 *
 * <p>The trace context goes from the engine to the worker in the request message's headers ({@code
 * traceparent} and {@code tracestate} with the default W3C propagator), put there by {@link
 * #requestHeaders()} for the atom span that {@link #listener()} opened: give the executor and the
 * engines the same {@code FlowTracing}. A reference (Python) worker ignores the headers; a request
 * whose headers are missing or malformed runs all the same, its worker span without a parent.
 *
 * <p>Thread-safety: thread-safe; one instance can serve any number of engines, executors and
 * workers.
 */
public interface FlowTracing {

  /** The instrumentation scope of the tracer. */
  String INSTRUMENTATION_NAME = "io.taskflow4j.tracing";

  /** Attribute: the flow's name. */
  String FLOW_NAME = "taskflow4j.flow.name";
  /** Attribute: the run's id ({@code Engine.flowId()}). */
  String FLOW_ID = "taskflow4j.flow.id";
  /** Attribute: the state a run ended in. */
  String FLOW_STATE = "taskflow4j.flow.state";
  /** Attribute: the atom's name, the task's name in its flow. */
  String ATOM_NAME = "taskflow4j.atom.name";
  /** Attribute: {@code task} or {@code retry}. */
  String ATOM_KIND = "taskflow4j.atom.kind";
  /** Attribute: {@code execute} or {@code revert}. */
  String ATOM_ACTION = "taskflow4j.atom.action";
  /** Attribute: {@code success} or {@code failure}. */
  String ATOM_OUTCOME = "taskflow4j.atom.outcome";
  /** Attribute on a worker's span: the name the worker serves the task under. */
  String SERVED_NAME = "taskflow4j.task.served";
  /** Attribute on a worker's span: the request's id. */
  String REQUEST_ID = "taskflow4j.request.id";
  /** Attribute on a worker's span: the worker's topic. */
  String WORKER_TOPIC = "taskflow4j.worker.topic";

  /**
   * Traces with the defaults: the W3C trace context propagator.
   *
   * @param openTelemetry where the tracer comes from
   * @return the tracing
   */
  static FlowTracing of(OpenTelemetry openTelemetry) {
    return builder(openTelemetry).build();
  }

  /**
   * A builder of traces.
   *
   * @param openTelemetry where the tracer comes from
   * @return a new builder
   */
  static Builder builder(OpenTelemetry openTelemetry) {
    return new Builder(openTelemetry);
  }

  /**
   * A new listener for one engine: the span of its run and of its atoms.
   *
   * @return the listener; give each engine its own
   */
  FlowListener listener();

  /**
   * Request headers for {@link io.taskflow4j.remote.RemoteTaskExecutor.Builder#requestHeaders}:
   * the trace context of the atom span this instance's listeners opened for the invocation; none
   * when no such span is open.
   *
   * @return the request headers; one serves any number of executors
   */
  RequestHeaders requestHeaders();

  /**
   * An interceptor for {@link io.taskflow4j.worker.Worker.Builder#interceptor}: a span for each
   * request the worker runs, continuing the trace context its headers carry.
   *
   * @return the interceptor; one serves any number of workers
   */
  TaskRunInterceptor workerInterceptor();

  /** Builds {@link FlowTracing}; not thread-safe. */
  final class Builder {
    private final OpenTelemetry openTelemetry;
    private TextMapPropagator propagator = W3CTraceContextPropagator.getInstance();

    private Builder(OpenTelemetry openTelemetry) {
      this.openTelemetry = Objects.requireNonNull(openTelemetry, "openTelemetry");
    }

    /**
     * Sets how the trace context is written into request headers and read from them (default
     * {@link W3CTraceContextPropagator}); for instance {@code
     * openTelemetry.getPropagators().getTextMapPropagator()} to use the application's. Engines and
     * workers must use propagators that understand each other.
     *
     * @param propagator the propagator
     * @return this builder
     */
    public Builder propagator(TextMapPropagator propagator) {
      this.propagator = Objects.requireNonNull(propagator, "propagator");
      return this;
    }

    /**
     * Builds the tracing.
     *
     * @return the tracing
     */
    public FlowTracing build() {
      return new OtelFlowTracing(openTelemetry.getTracer(INSTRUMENTATION_NAME), propagator);
    }
  }
}
