package io.taskflow4j.cli.testtasks;

import io.taskflow4j.task.AbstractTask;
import io.taskflow4j.task.RevertContext;
import io.taskflow4j.task.TaskContext;
import io.taskflow4j.task.TaskSpec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Appends "execute NAME" to the file {@code log} and returns its name; its revert appends "revert
 * NAME". Tests read the file to see which tasks ran, also across processes.
 */
public final class AppendLine extends AbstractTask {

  public AppendLine(String name) {
    super(TaskSpec.builder(name).requires("log").build());
  }

  @Override
  public Object execute(TaskContext context) throws IOException {
    append(context, "execute " + name());
    return name();
  }

  @Override
  public void revert(RevertContext context) throws IOException {
    append(context, "revert " + name());
  }

  private static void append(TaskContext context, String line) throws IOException {
    Files.writeString(
        Path.of((String) context.arguments().get("log")),
        line + "\n",
        StandardCharsets.UTF_8,
        StandardOpenOption.CREATE,
        StandardOpenOption.APPEND);
  }
}
