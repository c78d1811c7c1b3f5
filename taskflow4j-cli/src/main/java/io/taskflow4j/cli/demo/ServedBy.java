package io.taskflow4j.cli.demo;

import io.taskflow4j.task.RevertContext;
import io.taskflow4j.task.ForwardingTask;
import io.taskflow4j.task.Task;
import io.taskflow4j.task.TaskContext;
import java.util.Map;
import java.util.Objects;

/**
 * Wraps a task on a demo worker so that it says which worker runs it: before its execute or revert
 * it emits a {@value #EVENT} event with details {@code {"topic": <the worker's topic>}}. The event
 * travels to the engine like progress does, so the demo's summary learns the worker from the worker
 * itself rather than guessing.
 *
 * <p>Thread-safety: as the wrapped task.
 */
public final class ServedBy extends ForwardingTask {

  /** The event type a wrapped task emits first. */
  public static final String EVENT = "served_by";

  private final String topic;

  /**
   * Wraps a task.
   *
   * @param delegate the task the worker runs
   * @param topic the worker's topic
   */
  public ServedBy(Task delegate, String topic) {
    super(delegate);
    this.topic = Objects.requireNonNull(topic, "topic");
  }

  @Override
  public Object execute(TaskContext context) throws Exception {
    context.emit(EVENT, Map.of("topic", topic));
    return delegate().execute(context);
  }

  @Override
  public void revert(RevertContext context) throws Exception {
    context.emit(EVENT, Map.of("topic", topic));
    delegate().revert(context);
  }

  @Override
  public String toString() {
    return delegate() + " on " + topic;
  }
}
