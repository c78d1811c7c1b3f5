package io.taskflow4j.task;

import io.taskflow4j.failure.Failure;
import java.util.Map;

/**
 * What a task sees while it reverts: its arguments, the outcome of its execute and the failures
 * that made the flow revert.
 *
 * <p>Thread-safety: a task may report from any thread.
 */
public interface RevertContext extends TaskContext {

  /**
   * How this task's execute ended: its result, or its own failure.
   *
   * @return the outcome
   */
  Outcome outcome();

  /**
   * Shortcut for {@code outcome().result(type)}: what this task's execute returned, as a type.
   *
   * @param type the result's type
   * @param <T> the result's type
   * @return the result, {@code null} when the execute returned nothing
   * @throws io.taskflow4j.TaskflowException when the execute failed
   */
  default <T> T result(Class<T> type) {
    return outcome().result(type);
  }

  /**
   * The failures of the flow, by atom name.
   *
   * @return an unmodifiable map
   */
  Map<String, Failure> flowFailures();

  /**
   * Sets what this revert returns: kept as the atom's revert result (recorded with the atom, and
   * sent back by a worker), as the reference keeps what a revert returns. The last value set
   * counts; by default there is none. It must be a JSON-like value if the task may run remotely.
   *
   * @param value the result; null for none
   */
  void returnResult(Object value);
}
