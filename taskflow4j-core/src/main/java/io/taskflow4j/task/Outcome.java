package io.taskflow4j.task;

import io.taskflow4j.failure.Failure;
import java.util.Objects;

/**
 * What a task's execute ended with: a result or a failure. A revert receives it.
 *
 * <p>Thread-safety: immutable.
 */
public sealed interface Outcome permits Outcome.Succeeded, Outcome.Failed {

  /**
   * A successful outcome.
   *
   * @param value the result, which may be {@code null} when the task returned nothing
   * @return the outcome
   */
  static Outcome success(Object value) {
    return new Succeeded(value);
  }

  /**
   * A failed outcome.
   *
   * @param failure the failure
   * @return the outcome
   */
  static Outcome failure(Failure failure) {
    return new Failed(failure);
  }

  /**
   * Tells whether this outcome is a success.
   *
   * @return true for {@link Succeeded}
   */
  default boolean isSuccess() {
    return this instanceof Succeeded;
  }

  /**
   * The execute returned a value.
   *
   * @param value the result; {@code null} when the task returned nothing
   */
  record Succeeded(Object value) implements Outcome {}

  /**
   * The execute failed.
   *
   * @param failure what went wrong
   */
  record Failed(Failure failure) implements Outcome {
    /** Checks the failure is present. */
    public Failed {
      Objects.requireNonNull(failure, "failure");
    }
  }
}
