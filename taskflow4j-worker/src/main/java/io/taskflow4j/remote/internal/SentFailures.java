package io.taskflow4j.remote.internal;

import io.taskflow4j.failure.Failure;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The flow failures a revert request carries (the reference's {@code failures} field): the reverted
 * task's own failure, if it failed, and others of the flow's failures (which ones is unspecified),
 * {@value #MAX} in all at most. A mass revert after thousands of failures then costs each request a bounded number of
 * bytes, and the worker that runs the reverts bounded memory, instead of a copy of every failure
 * per request.
 *
 * <p>Thread-safety: stateless.
 */
final class SentFailures {

  /** The most failures one revert request carries. */
  static final int MAX = 10;

  private SentFailures() {}

  /**
   * The failures to send with the revert of one task.
   *
   * @param taskName the reverted task
   * @param flowFailures the flow's failures by atom name
   * @return the map itself when it is small enough, else a bounded copy
   */
  static Map<String, Failure> of(String taskName, Map<String, Failure> flowFailures) {
    if (flowFailures.size() <= MAX) {
      return flowFailures;
    }
    Map<String, Failure> sent = new LinkedHashMap<>();
    Failure own = flowFailures.get(taskName);
    if (own != null) {
      sent.put(taskName, own);
    }
    Iterator<Map.Entry<String, Failure>> others = flowFailures.entrySet().iterator();
    while (sent.size() < MAX && others.hasNext()) {
      Map.Entry<String, Failure> next = others.next();
      sent.putIfAbsent(next.getKey(), next.getValue());
    }
    return sent;
  }
}
