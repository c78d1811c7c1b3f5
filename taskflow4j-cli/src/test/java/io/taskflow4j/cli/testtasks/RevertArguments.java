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
import java.util.TreeMap;

/**
 * Requires {@code log}; its revert appends "revert NAME {arguments}" (sorted by name) to the file
 * its argument {@code log} names, so tests see which arguments a revert was given.
 */
public final class RevertArguments extends AbstractTask {

  public RevertArguments(String name) {
    super(TaskSpec.builder(name).requires("log").build());
  }

  @Override
  public Object execute(TaskContext context) {
    return name();
  }

  @Override
  public void revert(RevertContext context) throws IOException {
    Files.writeString(
        Path.of((String) context.arguments().get("log")),
        "revert " + name() + " " + new TreeMap<>(context.arguments().asMap()) + "\n",
        StandardCharsets.UTF_8,
        StandardOpenOption.CREATE,
        StandardOpenOption.APPEND);
  }
}
