package io.taskflow4j.cli.demo;

import io.taskflow4j.task.TaskContext;
import io.taskflow4j.task.TaskSpec;

/**
 * Uploads the renditions and the thumbnail to the CDN. Requires {@code video}, the renditions ({@code
 * video_1080p}, {@code video_720p}, {@code video_480p}) and {@code thumbnail}; returns the
 * video's public URL. The simulated CDN is down for the first upload it gets, so the first attempt
 * fails and a retry succeeds. Its revert purges the CDN. Thread-safety: stateless apart from the
 * shared world.
 */
public final class PublishToCdn extends SimulatedTask {

  /**
   * Creates the task.
   *
   * @param name its name in the flow
   * @param world the simulated world
   */
  public PublishToCdn(String name, DemoWorld world) {
    super(TaskSpec.builder(name).requires(
                "video", "video_1080p", "video_720p", "video_480p", "thumbnail").build(), world, 0.5);
  }

  @Override
  protected void checkHalfway(TaskContext context) {
    if (world().cdnIsDown()) {
      throw new SimulatedFault("CDN answered 503 Service Unavailable; try again");
    }
  }

  @Override
  protected Object result(TaskContext context) {
    return "https://cdn.example.com/v/" + context.arguments().get("video");
  }

  @Override
  protected String brokenMessage(TaskContext context) {
    return "CDN refused the upload: quota exceeded";
  }
}
