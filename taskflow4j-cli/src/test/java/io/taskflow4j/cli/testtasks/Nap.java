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
 * Sleeps {@code ms} milliseconds. Its execute and revert append {@code execute <name> <epoch ms> <pid>}
 * and {@code revert <name> <epoch ms> <pid>} to the file {@code log}, so a test knows which worker process runs it.
 * Not idempotent.
 */
public final class Nap extends AbstractTask {

  public Nap(String name) {
    super(TaskSpec.builder(name).requires("ms", "log").build());
  }

  @Override
  public Object execute(TaskContext context) throws Exception {
    record(context.argument("log", String.class), "execute " + name());
    Thread.sleep(context.argument("ms", Long.class));
    return "rested";
  }

  @Override
  public void revert(RevertContext context) throws IOException {
    record((String) context.arguments().get("log"), "revert " + name());
  }

  private static void record(String log, String line) throws IOException {
    Files.write(Path.of(log), (line + " " + System.currentTimeMillis() + " " + ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.UTF_8),
        StandardOpenOption.CREATE, StandardOpenOption.APPEND);
  }
}
