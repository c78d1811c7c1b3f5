package io.taskflow4j.flow.internal;

import io.taskflow4j.flow.FanOut;
import io.taskflow4j.task.RevertContext;
import io.taskflow4j.task.Task;
import io.taskflow4j.task.TaskContext;
import io.taskflow4j.task.TaskSpec;

/**
 * One item's task in a fan-out built with {@link FanOut.Builder#execute}: calls the function
 * with the item itself (not read from the arguments, so any Java object will do).
 *
 * <p>Thread-safety: immutable, and as safe as its functions and item.
 *
 * @param spec the item task's spec
 * @param item the item
 * @param work what is done with it
 * @param undo how that is undone
 * @param <T> the item's type
 */
public record ItemTask<T>(TaskSpec spec, T item, FanOut.ItemExecute<T> work, FanOut.ItemRevert<T> undo)
    implements Task {

  @Override
  public String remoteName() {
    return spec.name();
  }

  @Override
  public Object execute(TaskContext context) throws Exception {
    return work.apply(item, context);
  }

  @Override
  public void revert(RevertContext context) throws Exception {
    undo.apply(item, context);
  }

  @Override
  public String toString() {
    return "Task[" + spec.name() + "]";
  }
}
