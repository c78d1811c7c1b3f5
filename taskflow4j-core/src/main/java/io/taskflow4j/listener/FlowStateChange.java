package io.taskflow4j.listener;

import io.taskflow4j.state.FlowState;
import java.time.Instant;
import java.util.Objects;

/**
 * A flow moved from one state to another.
 *
 * @param flowName the outermost flow's name
 * @param flowId the id of the run ({@code Engine.flowId()}); empty when the change was made by
 *     other code than an engine
 * @param from the previous state
 * @param to the new state
 * @param at when, by the engine's clock
 *
 * <p>Thread-safety: immutable.
 */
public record FlowStateChange(String flowName, String flowId, FlowState from, FlowState to, Instant at) {

  /**
   * Validates the components.
   *
   * @param flowName the outermost flow's name
   * @param flowId the id of the run; empty when not made by an engine
   * @param from the previous state
   * @param to the new state
   * @param at when, by the engine's clock
   */
  public FlowStateChange {
    Objects.requireNonNull(flowName, "flowName");
    Objects.requireNonNull(flowId, "flowId");
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(to, "to");
    Objects.requireNonNull(at, "at");
  }

  /**
   * A change without a run id, as made by other code than an engine.
   *
   * @param flowName the outermost flow's name
   * @param from the previous state
   * @param to the new state
   * @param at when
   */
  public FlowStateChange(String flowName, FlowState from, FlowState to, Instant at) {
    this(flowName, "", from, to, at);
  }
}
