package io.taskflow4j.protocol;

import io.taskflow4j.failure.Failure;
import io.taskflow4j.task.Outcome;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A REQUEST: the executor asks a worker to execute or revert one task (contract section 3).
 *
 * <p>Values in {@code arguments}, in a successful {@code result} and in {@code otherProperties} are
 * JSON values: {@code null}, {@link String}, {@link Boolean}, the standard {@link Number} types,
 * and lists and string-keyed maps of those. The record keeps immutable copies; anything else is
 * refused when the record is created, so encoding it cannot fail.
 *
 * <p>Thread-safety: immutable.
 *
 * @param taskClass {@code task_cls}: the name the worker serves the task under
 * @param taskName {@code task_name}: the task's name in its flow
 * @param taskVersion {@code task_version}
 * @param action {@code action}
 * @param arguments {@code arguments}: the keyword arguments of execute or revert
 * @param result {@code result}, on a revert: how the earlier execute ended
 * @param failures {@code failures}, on a revert: the flow's failures by atom name; empty when the
 *     body had none
 * @param otherProperties properties the schema allows beyond the ones above, kept as received so
 *     that a request passes through unchanged
 */
public record TaskRequest(
    String taskClass,
    String taskName,
    TaskVersion taskVersion,
    Action action,
    Map<String, Object> arguments,
    Optional<Outcome> result,
    Optional<Map<String, Failure>> failures,
    Map<String, Object> otherProperties)
    implements ProtocolMessage {

  /** The property names this record models; {@code otherProperties} may not use them. */
  static final Set<String> KNOWN_PROPERTIES =
      Set.of(
          "task_cls", "task_name", "task_version", "action", "arguments", "result", "failures");

  /**
   * Validates the components and takes immutable copies.
   *
   * @throws IllegalArgumentException when a value is not a JSON value or {@code otherProperties}
   *     repeats a modelled property
   *
   * @param taskClass {@code task_cls}: the name the worker serves the task under
   * @param taskName {@code task_name}: the task's name in its flow
   * @param taskVersion {@code task_version}
   * @param action {@code action}
   * @param arguments {@code arguments}: the keyword arguments of execute or revert
   * @param result {@code result}, on a revert: how the earlier execute ended
   * @param failures {@code failures}, on a revert: the flow's failures by atom name; empty when the body had none
   * @param otherProperties properties the schema allows beyond the ones above, kept as received so that a request passes through unchanged
   */
  public TaskRequest {
    Objects.requireNonNull(taskClass, "taskClass");
    Objects.requireNonNull(taskName, "taskName");
    Objects.requireNonNull(taskVersion, "taskVersion");
    Objects.requireNonNull(action, "action");
    arguments = JsonValues.freezeObject(arguments, "arguments");
    result = Objects.requireNonNull(result, "result").map(TaskRequest::freezeOutcome);
    failures = Objects.requireNonNull(failures, "failures").map(TaskRequest::copyFailures);
    otherProperties = JsonValues.freezeObject(otherProperties, "");
    for (String key : otherProperties.keySet()) {
      if (KNOWN_PROPERTIES.contains(key)) {
        throw new IllegalArgumentException(
            "otherProperties may not hold '" + key + "': it has its own component");
      }
    }
  }

  /**
   * A request to execute a task, as the reference's executor sends it.
   *
   * @param taskClass the name the worker serves the task under
   * @param taskName the task's name in its flow
   * @param taskVersion the task's version
   * @param arguments the execute's arguments (JSON values)
   * @return the request
   */
  public static TaskRequest execute(
      String taskClass, String taskName, TaskVersion taskVersion, Map<String, ?> arguments) {
    return new TaskRequest(
        taskClass,
        taskName,
        taskVersion,
        Action.EXECUTE,
        freezeArguments(arguments),
        Optional.empty(),
        Optional.empty(),
        Map.of());
  }

  /**
   * A request to revert a task, as the reference's executor sends it: with the execute's outcome,
   * and with the flow's failures only when there are some.
   *
   * @param taskClass the name the worker serves the task under
   * @param taskName the task's name in its flow
   * @param taskVersion the task's version
   * @param arguments the revert's arguments (JSON values)
   * @param result how the execute ended
   * @param failures the flow's failures by atom name, possibly empty
   * @return the request
   */
  public static TaskRequest revert(
      String taskClass,
      String taskName,
      TaskVersion taskVersion,
      Map<String, ?> arguments,
      Outcome result,
      Map<String, Failure> failures) {
    return new TaskRequest(
        taskClass,
        taskName,
        taskVersion,
        Action.REVERT,
        freezeArguments(arguments),
        Optional.of(result),
        failures.isEmpty() ? Optional.empty() : Optional.of(failures),
        Map.of());
  }

  /**
   * {@inheritDoc}
   *
   * @return {@link ProtocolMessage#REQUEST}
   */
  @Override
  public String type() {
    return REQUEST;
  }

  private static Map<String, Object> freezeArguments(Map<String, ?> arguments) {
    return JsonValues.freezeObject(arguments, "arguments");
  }

  private static Outcome freezeOutcome(Outcome outcome) {
    if (outcome instanceof Outcome.Succeeded succeeded) {
      return Outcome.success(JsonValues.freeze(succeeded.value(), "result[1]"));
    }
    return outcome;
  }

  private static Map<String, Failure> copyFailures(Map<String, Failure> failures) {
    Map<String, Failure> copy = new LinkedHashMap<>(failures);
    copy.forEach((name, failure) -> Objects.requireNonNull(failure, "failure of " + name));
    return Collections.unmodifiableMap(copy);
  }
}
