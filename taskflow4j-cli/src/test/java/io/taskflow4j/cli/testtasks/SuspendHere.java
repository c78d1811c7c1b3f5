package io.taskflow4j.cli.testtasks;

import io.taskflow4j.engine.Engine;
import io.taskflow4j.task.AbstractTask;
import io.taskflow4j.task.TaskContext;
import io.taskflow4j.task.TaskSpec;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Asks the engine in {@link #ENGINE} to suspend and returns: the flow then stops after this task,
 * as after a Ctrl-C, leaving a SUSPENDED record for tests of resume and revert.
 */
public final class SuspendHere extends AbstractTask {

  /** The engine to suspend; set by the test before it runs. */
  public static final AtomicReference<Engine> ENGINE = new AtomicReference<>();

  public SuspendHere(String name) {
    super(TaskSpec.builder(name).build());
  }

  @Override
  public Object execute(TaskContext context) {
    ENGINE.get().suspend();
    return null;
  }
}
