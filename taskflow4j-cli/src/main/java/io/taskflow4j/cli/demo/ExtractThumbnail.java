package io.taskflow4j.cli.demo;

import io.taskflow4j.task.TaskContext;
import io.taskflow4j.task.TaskSpec;

/**
 * Extracts a thumbnail from the fetched video. Requires {@code source} and {@code video}; returns where the image was
 * stored. Its revert deletes it. Thread-safety: stateless.
 */
public final class ExtractThumbnail extends SimulatedTask {

  /**
   * Creates the task.
   *
   * @param name its name in the flow
   * @param world the simulated world
   */
  public ExtractThumbnail(String name, DemoWorld world) {
    super(TaskSpec.builder(name).requires("source", "video").build(), world, 0.4);
  }

  @Override
  protected Object result(TaskContext context) {
    return "s3://media/" + context.arguments().get("video") + "/thumbnail.jpg";
  }

  @Override
  protected String brokenMessage(TaskContext context) {
    return "no decodable key frame found";
  }
}
