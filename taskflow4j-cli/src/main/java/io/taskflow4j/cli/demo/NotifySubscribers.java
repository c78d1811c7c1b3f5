package io.taskflow4j.cli.demo;

import io.taskflow4j.task.TaskContext;
import io.taskflow4j.task.TaskSpec;

/**
 * Tells the channel's subscribers about the new video. Requires {@code video} and {@code url};
 * returns how many were notified. Its revert sends a correction. Thread-safety: stateless.
 */
public final class NotifySubscribers extends SimulatedTask {

  /** How many subscribers the simulated channel has. */
  public static final int SUBSCRIBERS = 1342;

  /**
   * Creates the task.
   *
   * @param name its name in the flow
   * @param world the simulated world
   */
  public NotifySubscribers(String name, DemoWorld world) {
    super(TaskSpec.builder(name).requires("video", "url").build(), world, 0.3);
  }

  @Override
  protected Object result(TaskContext context) {
    return SUBSCRIBERS;
  }

  @Override
  protected String brokenMessage(TaskContext context) {
    return "mail relay rejected the batch (421 too many connections)";
  }
}
