package io.taskflow4j.worker;

import io.taskflow4j.protocol.Action;
import java.util.Map;
import java.util.Objects;

/**
 * One request a worker is about to run, as a {@link TaskRunInterceptor} sees it.
 *
 * @param taskName the task's name in the engine's flow
 * @param servedName the name the worker serves the task under (the request's {@code task_cls})
 * @param action execute or revert
 * @param requestId the request's id (its correlation id)
 * @param workerTopic the worker's topic
 * @param headers the request message's extra headers with string values, within the limits of
 *     {@link io.taskflow4j.remote.RequestHeaders}; empty when it had none, as from a reference engine
 *
 * <p>Thread-safety: immutable.
 */
public record TaskRun(
    String taskName,
    String servedName,
    Action action,
    String requestId,
    String workerTopic,
    Map<String, String> headers) {

  /**
   * Validates and copies the components.
   *
   * @param taskName the task's name in the engine's flow
   * @param servedName the name the worker serves the task under
   * @param action execute or revert
   * @param requestId the request's id
   * @param workerTopic the worker's topic
   * @param headers the request's extra headers
   */
  public TaskRun {
    Objects.requireNonNull(taskName, "taskName");
    Objects.requireNonNull(servedName, "servedName");
    Objects.requireNonNull(action, "action");
    Objects.requireNonNull(requestId, "requestId");
    Objects.requireNonNull(workerTopic, "workerTopic");
    headers = Map.copyOf(headers);
  }
}
