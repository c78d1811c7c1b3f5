package io.taskflow4j.cli.demo;

import io.taskflow4j.task.TaskContext;
import io.taskflow4j.task.TaskSpec;

/**
 * Transcodes the fetched video to one rendition. Requires {@code source}, {@code video} and
 * {@code rendition} (such as {@code 720p}; bigger ones take longer); returns where the rendition was stored. Its revert deletes it.
 * Thread-safety: stateless.
 */
public final class Transcode extends SimulatedTask {

  /**
   * Creates the task.
   *
   * @param name its name in the flow
   * @param world the simulated world
   */
  public Transcode(String name, DemoWorld world) {
    super(TaskSpec.builder(name).requires("source", "video", "rendition").build(), world, 1.0);
  }

  /** Bigger renditions take longer. */
  @Override
  protected double seconds(TaskContext context) {
    Object rendition = context.arguments().get("rendition");
    if ("1080p".equals(rendition)) {
      return 1.2;
    }
    return "720p".equals(rendition) ? 0.9 : 0.6;
  }

  @Override
  protected Object result(TaskContext context) {
    return "s3://media/" + context.arguments().get("video") + "/"
        + context.arguments().get("rendition") + ".mp4";
  }

  @Override
  protected String brokenMessage(TaskContext context) {
    return "encoder crashed at frame 4711 while making the "
        + context.arguments().get("rendition") + " rendition";
  }
}
