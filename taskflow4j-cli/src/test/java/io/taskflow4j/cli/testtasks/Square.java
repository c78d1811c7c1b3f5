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
 * Squares {@code n} after a short pause, and fails for {@code n} equal to {@code fail_at}. Each
 * execute and revert appends a line ({@code execute <run>/<name> <pid>}, {@code revert <run>/<name> <pid>}) to the file
 * {@code log}, so a test can compare what workers did with what engines reported. Declares itself
 * idempotent: a worker may run it again for a request that a killed worker held.
 */
public final class Square extends AbstractTask {

  public Square(String name) {
    super(TaskSpec.builder(name).requires("n", "fail_at", "log", "run").build());
  }

  @Override
  public boolean idempotent() {
    return true;
  }

  @Override
  public Object execute(TaskContext context) throws Exception {
    long n = context.argument("n", Long.class);
    record(context.argument("log", String.class), "execute " + context.argument("run", String.class) + "/" + name());
    Thread.sleep(2);
    if (n == context.argument("fail_at", Long.class)) {
      throw new IllegalStateException("told to fail at " + n);
    }
    return n * n;
  }

  @Override
  public void revert(RevertContext context) throws IOException {
    record((String) context.arguments().get("log"), "revert " + context.arguments().get("run") + "/" + name());
  }

  private static void record(String log, String line) throws IOException {
    // One small append per line: O_APPEND keeps lines from several processes whole.
    Files.write(Path.of(log), (line + " " + ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.UTF_8),
        StandardOpenOption.CREATE, StandardOpenOption.APPEND);
  }
}
