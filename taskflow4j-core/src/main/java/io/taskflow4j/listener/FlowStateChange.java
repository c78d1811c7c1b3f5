package io.taskflow4j.listener;

import io.taskflow4j.state.FlowState;
import java.time.Instant;

/**
 * A flow moved from one state to another.
 *
 * @param flowName the outermost flow's name
 * @param from the previous state
 * @param to the new state
 * @param at when, by the engine's clock
 */
public record FlowStateChange(String flowName, FlowState from, FlowState to, Instant at) {}
