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
   * The failures of the flow, by atom name.
   *
   * @return an unmodifiable map
   */
  Map<String, Failure> flowFailures();
}
