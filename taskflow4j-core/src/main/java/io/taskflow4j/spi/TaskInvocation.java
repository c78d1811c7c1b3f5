package io.taskflow4j.spi;

import io.taskflow4j.failure.Failure;
import io.taskflow4j.task.Arguments;
import io.taskflow4j.task.Outcome;
import io.taskflow4j.task.Task;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One call of a task's execute or revert, as the engine hands it to a {@link TaskExecutor}.
 *
 * @param task the task
 * @param arguments its resolved arguments
 * @param executeOutcome for a revert, how the execute ended; empty for an execute
 * @param flowFailures for a revert, the flow's failures by atom name; empty for an execute
 * @param events where the task's events go
 * @param flowId the id of the run the engine makes the call for ({@code Engine.flowId()}), so that
 *     an executor can tell runs apart; empty when the call was made outside an engine, such as on a
 *     worker
 */
public record TaskInvocation(
    Task task,
    Arguments arguments,
    Optional<Outcome> executeOutcome,
    Map<String, Failure> flowFailures,
    TaskEventSink events,
    Optional<String> flowId) {

  /**
   * Validates and copies the components.
   *
   * @param task the task
   * @param arguments its resolved arguments
   * @param executeOutcome for a revert, how the execute ended; empty for an execute
   * @param flowFailures for a revert, the flow's failures by atom name; empty for an execute
   * @param events where the task's events go
   * @param flowId the id of the run the engine makes the call for; empty outside an engine
   */
  public TaskInvocation {
    Objects.requireNonNull(task, "task");
    Objects.requireNonNull(arguments, "arguments");
    Objects.requireNonNull(executeOutcome, "executeOutcome");
    flowFailures = Map.copyOf(flowFailures);
    Objects.requireNonNull(events, "events");
    Objects.requireNonNull(flowId, "flowId");
  }

  /**
   * A call made outside an engine's run, without a flow id.
   *
   * @param task the task
   * @param arguments its resolved arguments
   * @param executeOutcome for a revert, how the execute ended; empty for an execute
   * @param flowFailures for a revert, the flow's failures by atom name; empty for an execute
   * @param events where the task's events go
   */
  public TaskInvocation(
      Task task,
      Arguments arguments,
      Optional<Outcome> executeOutcome,
      Map<String, Failure> flowFailures,
      TaskEventSink events) {
    this(task, arguments, executeOutcome, flowFailures, events, Optional.empty());
  }

  /**
   * An execute call.
   *
   * @param task the task
   * @param arguments its arguments
   * @param events where its events go
   * @return the invocation
   */
  public static TaskInvocation execute(Task task, Arguments arguments, TaskEventSink events) {
    return new TaskInvocation(task, arguments, Optional.empty(), Map.of(), events);
  }

  /**
   * A revert call.
   *
   * @param task the task
   * @param arguments its arguments
   * @param executeOutcome how its execute ended
   * @param flowFailures the flow's failures
   * @param events where its events go
   * @return the invocation
   */
  public static TaskInvocation revert(
      Task task,
      Arguments arguments,
      Outcome executeOutcome,
      Map<String, Failure> flowFailures,
      TaskEventSink events) {
    return new TaskInvocation(task, arguments, Optional.of(executeOutcome), flowFailures, events);
  }

  /**
   * Tells whether this is a revert.
   *
   * @return true for a revert
   */
  public boolean isRevert() {
    return executeOutcome.isPresent();
  }
}
