package io.taskflow4j.cli.demo;

import io.taskflow4j.task.TaskContext;
import io.taskflow4j.task.TaskSpec;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Fetches an uploaded video into the media store. Requires {@code video} (an id); returns {@code
 * {"path": ..., "size_mb": ...}}. Its revert deletes the fetched copy. Thread-safety: stateless.
 */
public final class FetchUpload extends SimulatedTask {

  /**
   * Creates the task.
   *
   * @param name its name in the flow
   * @param world the simulated world
   */
  public FetchUpload(String name, DemoWorld world) {
    super(TaskSpec.builder(name).requires("video").build(), world, 0.6);
  }

  @Override
  protected Object result(TaskContext context) {
    Map<String, Object> source = new LinkedHashMap<>();
    source.put("path", "/srv/media/incoming/" + context.arguments().get("video") + ".mov");
    source.put("size_mb", 512);
    return source;
  }

  @Override
  protected String brokenMessage(TaskContext context) {
    return "upload of '" + context.arguments().get("video") + "' is truncated (checksum mismatch)";
  }
}
