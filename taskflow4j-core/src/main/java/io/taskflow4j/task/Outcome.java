package io.taskflow4j.task;

import io.taskflow4j.TaskflowException;
import io.taskflow4j.failure.Failure;
import io.taskflow4j.value.ValueConversionException;
import io.taskflow4j.value.ValueConverter;
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
   * The result as a type, converted with {@link ValueConverter#jackson()}: a revert reads the
   * record its execute returned even when the result went through JSON (a worker, a store).
   *
   * @param type the result's type
   * @param <T> the result's type
   * @return the result, {@code null} when the task returned nothing
   * @throws TaskflowException when the execute failed
   * @throws ValueConversionException when the result cannot be converted to the type
   */
  default <T> T result(Class<T> type) {
    return result(type, ValueConverter.jackson());
  }

  /**
   * The result as a type, converted with a converter of the caller's.
   *
   * @param type the result's type
   * @param converter the converter
   * @param <T> the result's type
   * @return the result, {@code null} when the task returned nothing
   * @throws TaskflowException when the execute failed
   * @throws ValueConversionException when the result cannot be converted to the type
   */
  default <T> T result(Class<T> type, ValueConverter converter) {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(converter, "converter");
    if (this instanceof Failed failed) {
      throw new TaskflowException(
          "the execute failed, so there is no result: " + failed.failure().typeName() + ": " + failed.failure().message());
    }
    Object value = ((Succeeded) this).value();
    return value == null || type.isInstance(value) ? type.cast(value) : converter.fromJson(value, type);
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
    /**
     * Checks the failure is present.
     *
     * @param failure what went wrong
     */
    public Failed {
      Objects.requireNonNull(failure, "failure");
    }
  }
}
