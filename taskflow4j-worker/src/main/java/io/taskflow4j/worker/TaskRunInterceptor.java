package io.taskflow4j.worker;

import io.taskflow4j.task.Outcome;
import java.util.function.Supplier;

/**
 * Wraps each execute and revert a {@link Worker} runs, with the request's headers at hand, for
 * {@link Worker.Builder#interceptor}: to trace it as the child of the engine's span whose context
 * the headers carry, to set up a logging context, and the like.
 *
 * <p>It is called on the thread the task runs on, after the worker sent RUNNING. It must call
 * {@code task.get()} exactly once, on that thread, which runs the task and gives its outcome (it
 * never throws); the worker answers with that outcome, whatever the interceptor does. An
 * interceptor that throws, or returns without running the task, does not fail it: the worker logs
 * a warning and runs the task itself if it has not run.
 *
 * <p>Thread-safety: implementations must be thread-safe; tasks run on several threads at once.
 */
@FunctionalInterface
public interface TaskRunInterceptor {

  /**
   * Runs a task, with whatever comes around it.
   *
   * @param run the request about to run
   * @param task runs the task once and gives its outcome
   */
  void intercept(TaskRun run, Supplier<Outcome> task);
}
