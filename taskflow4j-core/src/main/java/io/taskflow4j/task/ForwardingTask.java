package io.taskflow4j.task;

import java.util.Objects;

/**
 * A task that forwards every call to another task; extend it to decorate a task (log its calls,
 * emit extra events, give it another spec) by overriding only what changes.
 *
 * <p>Thread-safety: as the wrapped task.
 */
public abstract class ForwardingTask implements Task {

  private final Task delegate;

  /**
   * Wraps a task.
   *
   * @param delegate the task calls are forwarded to
   */
  protected ForwardingTask(Task delegate) {
    this.delegate = Objects.requireNonNull(delegate, "delegate");
  }

  /**
   * The wrapped task.
   *
   * @return the task calls are forwarded to
   */
  protected final Task delegate() {
    return delegate;
  }

  @Override
  public TaskSpec spec() {
    return delegate.spec();
  }

  @Override
  public String remoteName() {
    return delegate.remoteName();
  }

  @Override
  public Object execute(TaskContext context) throws Exception {
    return delegate.execute(context);
  }

  @Override
  public void revert(RevertContext context) throws Exception {
    delegate.revert(context);
  }

  @Override
  public boolean idempotent() {
    return delegate.idempotent();
  }

  @Override
  public String toString() {
    return delegate.toString();
  }
}
