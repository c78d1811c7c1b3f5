package io.taskflow4j.spi;

import io.taskflow4j.failure.Failure;
import io.taskflow4j.task.Arguments;
import io.taskflow4j.task.Outcome;
import io.taskflow4j.task.RevertContext;
import io.taskflow4j.task.Task;
import io.taskflow4j.task.TaskContext;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Calls a task's execute or revert in the current thread and captures what it ended with. Used by
 * the engine for local tasks and by workers for the tasks they serve.
 *
 * <p>Thread-safety: stateless.
 */
public final class LocalTaskRunner {

  private static final Logger LOG = LoggerFactory.getLogger(LocalTaskRunner.class);

  private LocalTaskRunner() {}

  /**
   * Runs the invocation in the calling thread.
   *
   * @param invocation the call
   * @return the result or the failure; never throws for a task's own exception
   */
  public static Outcome run(TaskInvocation invocation) {
    Objects.requireNonNull(invocation, "invocation");
    Task task = invocation.task();
    try {
      if (invocation.isRevert()) {
        Context context = new Context(invocation);
        task.revert(context);
        return Outcome.success(context.revertResult);
      }
      return Outcome.success(task.execute(new Context(invocation)));
    } catch (Exception | LinkageError | AssertionError | StackOverflowError e) {
      return Outcome.failure(Failure.of(e));
    }
  }

  /**
   * Clamps a progress value to 0.0..1.0, logging a warning when it was out of range.
   *
   * @param taskName the reporting task, for the warning
   * @param progress the reported value
   * @return the clamped value
   */
  public static double clampProgress(String taskName, double progress) {
    if (Double.isNaN(progress)) {
      LOG.warn("task '{}' reported progress NaN; using 0.0", taskName);
      return 0.0;
    }
    if (progress < 0.0 || progress > 1.0) {
      double clamped = Math.max(0.0, Math.min(1.0, progress));
      LOG.warn(
          "task '{}' reported progress {} outside 0.0..1.0; using {}", taskName, progress, clamped);
      return clamped;
    }
    return progress;
  }

  private static final class Context implements RevertContext {
    private final TaskInvocation invocation;
    private volatile Object revertResult;

    Context(TaskInvocation invocation) {
      this.invocation = invocation;
    }

    @Override
    public String taskName() {
      return invocation.task().name();
    }

    @Override
    public Arguments arguments() {
      return invocation.arguments();
    }

    @Override
    public void reportProgress(double progress) {
      invocation
          .events()
          .onEvent(PROGRESS_EVENT, Map.of("progress", clampProgress(taskName(), progress)));
    }

    @Override
    public void emit(String eventType, Map<String, Object> details) {
      Objects.requireNonNull(eventType, "eventType");
      invocation.events().onEvent(eventType, java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(details)));
    }

    @Override
    public Outcome outcome() {
      return invocation
          .executeOutcome()
          .orElseThrow(() -> new IllegalStateException("an execute has no outcome yet"));
    }

    @Override
    public Map<String, Failure> flowFailures() {
      return invocation.flowFailures();
    }

    @Override
    public void returnResult(Object value) {
      this.revertResult = value;
    }
  }
}
