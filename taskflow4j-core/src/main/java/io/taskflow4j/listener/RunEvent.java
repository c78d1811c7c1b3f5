package io.taskflow4j.listener;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One thing a {@link RunStream} hands out: a flow state change, an atom state change or a task
 * event, in the order the engine reported them.
 *
 * <pre>{@code
 * if (event instanceof RunEvent.AtomChanged atom) {
 *   show(atom.change().atomName(), atom.change().to());
 * } else if (event instanceof RunEvent.TaskReported task) {
 *   task.event().progress().ifPresent(this::progressBar);
 * }
 * }</pre>
 *
 * <p>Thread-safety: immutable.
 */
public sealed interface RunEvent
    permits RunEvent.FlowChanged, RunEvent.AtomChanged, RunEvent.TaskReported {

  /**
   * When it happened, by the engine's clock.
   *
   * @return the instant
   */
  Instant at();

  /**
   * This event in the notation of {@link CapturingListener#notation()}: {@code "flow-1.f RUNNING"},
   * {@code "task1.t SUCCESS(5)"}; a task event reads {@code "task1.t EVENT update_progress
   * {progress=0.5}"}.
   *
   * @return the text
   */
  String notation();

  /**
   * The flow state change, for flow changes.
   *
   * @return the change, or empty for other events
   */
  default Optional<FlowStateChange> flowChange() {
    return Optional.empty();
  }

  /**
   * The atom state change, for atom changes.
   *
   * @return the change, or empty for other events
   */
  default Optional<AtomStateChange> atomChange() {
    return Optional.empty();
  }

  /**
   * The flow moved to another state.
   *
   * @param change the change
   */
  record FlowChanged(FlowStateChange change) implements RunEvent {

    /**
     * Validates the component.
     *
     * @param change the change
     */
    public FlowChanged {
      Objects.requireNonNull(change, "change");
    }

    @Override
    public Instant at() {
      return change.at();
    }

    @Override
    public String notation() {
      return new CapturingListener.Capture(CapturingListener.Kind.FLOW, change.flowName(), change.to().name(),
          Optional.empty(), change.at()).notation();
    }

    @Override
    public Optional<FlowStateChange> flowChange() {
      return Optional.of(change);
    }
  }

  /**
   * An atom (a task or a retry controller) moved to another state.
   *
   * @param change the change
   */
  record AtomChanged(AtomStateChange change) implements RunEvent {

    /**
     * Validates the component.
     *
     * @param change the change
     */
    public AtomChanged {
      Objects.requireNonNull(change, "change");
    }

    @Override
    public Instant at() {
      return change.at();
    }

    @Override
    public String notation() {
      CapturingListener.Kind kind = change.retry() ? CapturingListener.Kind.RETRY : CapturingListener.Kind.TASK;
      return new CapturingListener.Capture(kind, change.atomName(), change.to().name(), change.outcome(), change.at())
          .notation();
    }

    @Override
    public Optional<AtomStateChange> atomChange() {
      return Optional.of(change);
    }
  }

  /**
   * A task emitted an event, such as progress.
   *
   * @param event the event
   */
  record TaskReported(TaskEvent event) implements RunEvent {

    /**
     * Validates the component.
     *
     * @param event the event
     */
    public TaskReported {
      Objects.requireNonNull(event, "event");
    }

    @Override
    public Instant at() {
      return event.at();
    }

    @Override
    public String notation() {
      return event.taskName() + ".t EVENT " + event.eventType() + " " + event.details();
    }
  }
}
