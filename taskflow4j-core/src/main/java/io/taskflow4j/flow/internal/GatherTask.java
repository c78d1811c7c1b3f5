package io.taskflow4j.flow.internal;

import io.taskflow4j.TaskflowException;
import io.taskflow4j.task.Task;
import io.taskflow4j.task.TaskContext;
import io.taskflow4j.task.TaskSpec;
import java.util.Arrays;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;

/**
 * The last task of a fan-out: its arguments are named {@code 0} to {@code n-1}, each rebound to
 * one item's result, and it returns them as a list in that order. Reading the order from the
 * argument names, not from its spec, lets a worker that knows nothing of the fan-out run it.
 *
 * <p>Thread-safety: immutable.
 */
public final class GatherTask implements Task {

  /** The name workers serve this task under. */
  public static final String REMOTE_NAME = "io.taskflow4j.flow.FanOut.gather";

  private final TaskSpec spec;

  /**
   * Creates the task as a worker does, knowing only its name.
   *
   * @param name the task's name in its flow
   */
  public GatherTask(String name) {
    this(TaskSpec.builder(name).build());
  }

  /**
   * Creates the task with its spec, as a fan-out does.
   *
   * @param spec arguments {@code 0..n-1} rebound to the items' results, and the list's name
   */
  public GatherTask(TaskSpec spec) {
    this.spec = Objects.requireNonNull(spec, "spec");
  }

  @Override
  public TaskSpec spec() {
    return spec;
  }

  @Override
  public String remoteName() {
    return REMOTE_NAME;
  }

  @Override
  public Object execute(TaskContext context) {
    Map<String, Object> arguments = context.arguments().asMap();
    Object[] gathered = new Object[arguments.size()];
    boolean[] seen = new boolean[gathered.length];
    for (Map.Entry<String, Object> argument : arguments.entrySet()) {
      int index = indexOf(argument.getKey(), gathered.length);
      seen[index] = true;
      gathered[index] = argument.getValue();
    }
    for (int i = 0; i < seen.length; i++) {
      if (!seen[i]) {
        throw new TaskflowException("gather task '" + spec.name() + "' has no argument '" + i + "'");
      }
    }
    return Collections.unmodifiableList(Arrays.asList(gathered));
  }

  private int indexOf(String argument, int count) {
    int index;
    try {
      index = Integer.parseInt(argument);
    } catch (NumberFormatException e) {
      index = -1;
    }
    if (index < 0 || index >= count) {
      throw new TaskflowException(
          "gather task '" + spec.name() + "' got argument '" + argument
              + "'; its arguments are the item indexes 0 to " + (count - 1));
    }
    return index;
  }

  @Override
  public String toString() {
    return "GatherTask[" + spec.name() + "]";
  }
}
