package io.taskflow4j.tracing.internal;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.taskflow4j.listener.AtomStateChange;
import io.taskflow4j.listener.FlowListener;
import io.taskflow4j.listener.FlowStateChange;
import io.taskflow4j.state.AtomState;
import io.taskflow4j.state.FlowState;
import io.taskflow4j.task.Outcome;
import io.taskflow4j.tracing.FlowTracing;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One engine's listener: the span of its run and of each execute and revert of its atoms. Atom
 * spans of tasks are recorded in the shared {@link OpenAtoms} while they are open, for the request
 * headers of a remote executor.
 *
 * <p>Thread-safety: state changes arrive one at a time (on the engine's threads); the fields are
 * safe to read from any thread.
 */
final class SpanListener implements FlowListener {

  /** An atom span that is open, and its key in the shared table. */
  private record AtomSpan(Span span, String key, boolean shared) {}

  private final Tracer tracer;
  private final OpenAtoms openAtoms;
  private final Map<String, AtomSpan> atoms = new ConcurrentHashMap<>();
  private volatile String flowId = "";
  private volatile Span flowSpan;

  SpanListener(Tracer tracer, OpenAtoms openAtoms) {
    this.tracer = tracer;
    this.openAtoms = openAtoms;
  }

  @Override
  public void onFlowStateChange(FlowStateChange change) {
    flowId = change.flowId();
    FlowState to = change.to();
    if (to == FlowState.RUNNING && flowSpan == null) {
      flowSpan = tracer.spanBuilder("flow " + change.flowName())
          .setParent(Context.current())
          .setSpanKind(SpanKind.INTERNAL)
          .setAttribute(FlowTracing.FLOW_NAME, change.flowName())
          .setAttribute(FlowTracing.FLOW_ID, change.flowId())
          .startSpan();
    } else if (to == FlowState.SUCCESS || to == FlowState.REVERTED || to == FlowState.FAILURE
        || to == FlowState.SUSPENDED) {
      endFlow(to);
    }
  }

  private void endFlow(FlowState to) {
    for (String atom : atoms.keySet()) {
      end(atom, null, null); // none should be left; should one be, it ends with the run
    }
    Span span = flowSpan;
    if (span == null) {
      return;
    }
    flowSpan = null;
    span.setAttribute(FlowTracing.FLOW_STATE, to.name());
    if (to == FlowState.FAILURE) {
      span.setStatus(StatusCode.ERROR, "the flow failed and could not be reverted entirely");
    } else if (to == FlowState.REVERTED) {
      span.setStatus(StatusCode.ERROR, "a task failed and the flow was reverted");
    }
    span.end();
  }

  @Override
  public void onAtomStateChange(AtomStateChange change) {
    String atom = change.atomName();
    switch (change.to()) {
      case RUNNING -> start(change, "execute");
      case REVERTING -> start(change, "revert");
      case SUCCESS, REVERTED -> end(atom, "success", null);
      case FAILURE, REVERT_FAILURE -> end(atom, "failure", change.outcome().orElse(null));
      default -> end(atom, null, null); // PENDING, IGNORE, RETRYING: nothing runs
    }
  }

  private void start(AtomStateChange change, String action) {
    String atom = change.atomName();
    end(atom, null, null);
    Span parent = flowSpan;
    Span span = tracer.spanBuilder(action + " " + atom)
        .setParent(parent == null ? Context.current() : Context.root().with(parent))
        .setSpanKind(SpanKind.INTERNAL)
        .setAttribute(FlowTracing.ATOM_NAME, atom)
        .setAttribute(FlowTracing.ATOM_KIND, change.retry() ? "retry" : "task")
        .setAttribute(FlowTracing.ATOM_ACTION, action)
        .setAttribute(FlowTracing.FLOW_ID, flowId)
        .startSpan();
    // A retry controller runs in the engine; only tasks are sent to workers.
    boolean shared = !change.retry() && !flowId.isEmpty();
    String key = OpenAtoms.key(flowId, atom);
    if (shared) {
      openAtoms.opened(key, span.getSpanContext());
    }
    atoms.put(atom, new AtomSpan(span, key, shared));
  }

  /** Ends an atom's open span, if it has one; a null outcome leaves the outcome unset. */
  private void end(String atom, String outcome, Outcome failed) {
    AtomSpan open = atoms.remove(atom);
    if (open == null) {
      return;
    }
    if (open.shared()) {
      openAtoms.closed(open.key(), open.span().getSpanContext());
    }
    Span span = open.span();
    if (outcome != null) {
      span.setAttribute(FlowTracing.ATOM_OUTCOME, outcome);
    }
    if (failed instanceof Outcome.Failed failure) {
      Failures.record(span, failure.failure());
    } else if ("failure".equals(outcome)) {
      span.setStatus(StatusCode.ERROR);
    }
    span.end();
  }

  @Override
  public String toString() {
    return "FlowTracing listener";
  }
}
