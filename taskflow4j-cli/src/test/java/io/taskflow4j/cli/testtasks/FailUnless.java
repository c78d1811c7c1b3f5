package io.taskflow4j.cli.testtasks;

import io.taskflow4j.task.AbstractTask;
import io.taskflow4j.task.TaskContext;
import io.taskflow4j.task.TaskSpec;
import java.util.Objects;

/** Returns {@code value} when it equals {@code wanted}, and fails otherwise. */
public final class FailUnless extends AbstractTask {

  public FailUnless(String name) {
    super(TaskSpec.builder(name).requires("value", "wanted").build());
  }

  @Override
  public Object execute(TaskContext context) {
    Object value = context.arguments().get("value");
    if (!Objects.equals(value, context.arguments().get("wanted"))) {
      throw new IllegalArgumentException("not wanted: " + value);
    }
    return value;
  }
}
