package io.taskflow4j.cli.testtasks;

import io.taskflow4j.task.AbstractTask;
import io.taskflow4j.task.TaskContext;
import io.taskflow4j.task.TaskSpec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A step of a job's flow that appends "execute JOB/NAME" to the file {@code log}, then pauses
 * {@code pause_ms}: tests count the lines to see which steps of which jobs ran, across the
 * processes of several conductors (lines are short, so each append is one atomic write).
 */
public final class JobStep extends AbstractTask {

  public JobStep(String name) {
    super(TaskSpec.builder(name).requires("log", "job", "pause_ms").build());
  }

  @Override
  public Object execute(TaskContext context) throws IOException, InterruptedException {
    Files.writeString(
        Path.of((String) context.arguments().get("log")),
        "execute " + context.arguments().get("job") + "/" + name() + "\n",
        StandardCharsets.UTF_8,
        StandardOpenOption.CREATE,
        StandardOpenOption.APPEND);
    Thread.sleep(((Number) context.arguments().get("pause_ms")).longValue());
    return name();
  }
}
