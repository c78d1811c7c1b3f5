package io.taskflow4j.examples;

import io.taskflow4j.task.AbstractTask;
import io.taskflow4j.task.Outcome;
import io.taskflow4j.task.RevertContext;
import io.taskflow4j.task.TaskContext;
import io.taskflow4j.task.TaskSpec;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A task whose revert can be seen. Requires nothing; returns {@code "<name> done"}. Its revert
 * logs {@code reverting <name>} at INFO and emits a {@value #REVERTED_EVENT} event whose details
 * hold the task's name and what its execute had returned, so listeners (and the engine that sent
 * it to a worker) see the revert happen. Thread-safety: stateless.
 */
public final class Undoable extends AbstractTask {

  /** The event a revert emits. */
  public static final String REVERTED_EVENT = "reverted";

  private static final Logger LOG = LoggerFactory.getLogger(Undoable.class);

  /** Creates the task named {@code undoable}. */
  public Undoable() {
    this("undoable");
  }

  /**
   * Creates the task.
   *
   * @param name its name in the flow
   */
  public Undoable(String name) {
    super(TaskSpec.builder(name).build());
  }

  @Override
  public Object execute(TaskContext context) {
    LOG.info("doing {}", context.taskName());
    return context.taskName() + " done";
  }

  @Override
  public void revert(RevertContext context) {
    LOG.info("reverting {}", context.taskName());
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("task", context.taskName());
    details.put(
        "undid",
        context.outcome() instanceof Outcome.Succeeded success ? success.value() : null);
    context.emit(REVERTED_EVENT, details);
  }
}
