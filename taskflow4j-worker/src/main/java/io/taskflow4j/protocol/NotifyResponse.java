package io.taskflow4j.protocol;

import java.util.List;
import java.util.Objects;

/**
 * A worker's answer to a {@link NotifyRequest}: its topic and the task names it serves ({@code
 * {"topic": T, "tasks": [...]}}).
 *
 * <p>Thread-safety: immutable.
 *
 * @param topic the worker's topic, where requests for it go
 * @param tasks the names the worker serves tasks under (the {@code task_cls} of requests)
 */
public record NotifyResponse(String topic, List<String> tasks) implements ProtocolMessage {

  /**
   * Validates and copies the components.
   *
   * @param topic the worker's topic, where requests for it go
   * @param tasks the names the worker serves tasks under (the {@code task_cls} of requests)
   */
  public NotifyResponse {
    Objects.requireNonNull(topic, "topic");
    tasks = List.copyOf(tasks);
  }

  /**
   * {@inheritDoc}
   *
   * @return {@link ProtocolMessage#NOTIFY}
   */
  @Override
  public String type() {
    return NOTIFY;
  }
}
