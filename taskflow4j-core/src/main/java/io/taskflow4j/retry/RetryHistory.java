package io.taskflow4j.retry;

import io.taskflow4j.failure.Failure;
import io.taskflow4j.task.Arguments;
import java.util.List;
import java.util.Map;

/**
 * What a retry controller has seen so far.
 *
 * @param arguments the controller's own arguments (its requires)
 * @param attempts the failed attempts so far, oldest first; each maps atom names to failures
 * @param values the value the controller provided for each attempt so far, oldest first
 */
public record RetryHistory(
    Arguments arguments, List<Map<String, Failure>> attempts, List<Object> values) {

  /**
   * Copies the components.
   *
   * @param arguments the controller's own arguments (its requires)
   * @param attempts the failed attempts so far, oldest first; each maps atom names to failures
   * @param values the value the controller provided for each attempt so far, oldest first
   */
  public RetryHistory {
    java.util.Objects.requireNonNull(arguments, "arguments");
    attempts = List.copyOf(attempts);
    values = java.util.Collections.unmodifiableList(new java.util.ArrayList<>(values));
  }

  /**
   * The number of failed attempts so far.
   *
   * @return the count
   */
  public int failedAttempts() {
    return attempts.size();
  }
}
