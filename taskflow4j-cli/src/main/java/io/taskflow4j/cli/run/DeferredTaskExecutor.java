package io.taskflow4j.cli.run;

import io.taskflow4j.spi.TaskExecutor;
import io.taskflow4j.spi.TaskInvocation;
import io.taskflow4j.task.Outcome;
import java.util.Collection;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * A task executor whose target is set after the engine is built: the engine is built and its flow
 * compiled before the broker is contacted, so that mistakes in the flow file are reported first.
 *
 * <p>Thread-safety: thread-safe; the target is published through a volatile field.
 */
final class DeferredTaskExecutor implements TaskExecutor {

  private volatile TaskExecutor target;

  /**
   * Sets where tasks go from now on.
   *
   * @param executor the executor
   */
  void set(TaskExecutor executor) {
    target = Objects.requireNonNull(executor, "executor");
  }

  @Override
  public CompletableFuture<Outcome> submit(TaskInvocation invocation) {
    TaskExecutor now = target;
    if (now == null) {
      throw new IllegalStateException("the remote executor is not ready; prepare the backend first");
    }
    return now.submit(invocation);
  }

  @Override
  public void withdraw(Collection<TaskInvocation> invocations) {
    TaskExecutor now = target;
    if (now != null) {
      now.withdraw(invocations);
    }
  }
}
