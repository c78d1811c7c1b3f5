package io.taskflow4j.spi;

import io.taskflow4j.task.Outcome;
import java.util.Collection;
import java.util.concurrent.CompletableFuture;

/**
 * Runs tasks for the engine: in this process ({@link LocalTaskRunner} on an executor service) or
 * on remote workers. The engine calls it from its own threads; implementations must be
 * thread-safe.
 *
 * <p>The returned future completes with the task's outcome: its result or its failure. A revert
 * completes with {@link Outcome#success(Object)} (any value) when it worked. The future should not
 * complete exceptionally; if it does, the engine treats the exception as the task's failure.
 */
public interface TaskExecutor {

  /**
   * Runs a task's execute or revert, depending on {@link TaskInvocation#isRevert()}.
   *
   * @param invocation the call
   * @return the outcome, when done
   */
  CompletableFuture<Outcome> submit(TaskInvocation invocation);

  /**
   * Withdraws those of the given invocations, submitted here, that have not started and that the
   * executor can promise never will: their futures complete with a failure of {@link
   * TaskWithdrawnException}. The others run on. The engine calls this once a flow without retries
   * fails, so that work not started yet is neither done nor reverted. By default nothing is
   * withdrawn.
   *
   * @param invocations invocations submitted here, compared by identity
   */
  default void withdraw(Collection<TaskInvocation> invocations) {}
}
