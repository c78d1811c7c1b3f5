package io.taskflow4j.protocol;

import io.taskflow4j.failure.Failure;
import io.taskflow4j.task.Outcome;
import java.util.Map;
import java.util.Objects;

/**
 * The {@code data} of a RESPONSE, one of the three shapes the schema allows: {@link Empty} ({@code
 * {}}), {@link Completion} ({@code {"result": ...}}) or {@link Event} ({@code {"event_type": ...,
 * "details": {...}}}).
 *
 * <p>Thread-safety: every implementation is an immutable record.
 */
public sealed interface ResponseData
    permits ResponseData.Empty, ResponseData.Completion, ResponseData.Event {

  /** A bare state change, such as RUNNING: {@code {}}. */
  record Empty() implements ResponseData {
    /** The one value there is. */
    public static final Empty INSTANCE = new Empty();
  }

  /**
   * The end of a task: {@code {"result": ...}}. The result is a failure exactly when the
   * response's state is FAILURE.
   *
   * @param outcome the task's result (a JSON value, possibly {@code null}) or its failure
   */
  record Completion(Outcome outcome) implements ResponseData {
    /**
     * Checks the outcome and copies a successful result.
     *
     * @throws IllegalArgumentException when the result is not a JSON value
     *
     * @param outcome the task's result (a JSON value, possibly {@code null}) or its failure
     */
    public Completion {
      Objects.requireNonNull(outcome, "outcome");
      if (outcome instanceof Outcome.Succeeded succeeded) {
        outcome = Outcome.success(JsonValues.freeze(succeeded.value(), "data.result"));
      }
    }

    /**
     * A successful result.
     *
     * @param result a JSON value, possibly {@code null}
     * @return the completion
     */
    public static Completion success(Object result) {
      return new Completion(Outcome.success(result));
    }

    /**
     * A failure.
     *
     * @param failure the failure
     * @return the completion
     */
    public static Completion failure(Failure failure) {
      return new Completion(Outcome.failure(failure));
    }
  }

  /**
   * An event the task emitted while running: {@code {"event_type": ..., "details": {...}}}.
   *
   * @param eventType the event's name, such as {@value #UPDATE_PROGRESS}
   * @param details the event's details, JSON values
   */
  record Event(String eventType, Map<String, Object> details) implements ResponseData {

    /** The event type of progress reports. */
    public static final String UPDATE_PROGRESS = "update_progress";

    /** The detail that carries progress, from 0.0 to 1.0. */
    public static final String PROGRESS = "progress";

    /**
     * Checks the components and copies the details.
     *
     * @throws IllegalArgumentException when a detail is not a JSON value
     *
     * @param eventType the event's name, such as {@value #UPDATE_PROGRESS}
     * @param details the event's details, JSON values
     */
    public Event {
      Objects.requireNonNull(eventType, "eventType");
      details = JsonValues.freezeObject(details, "data.details");
    }
  }
}
