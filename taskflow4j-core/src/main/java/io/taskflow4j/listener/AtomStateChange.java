package io.taskflow4j.listener;

import io.taskflow4j.state.AtomState;
import io.taskflow4j.task.Outcome;
import java.time.Instant;
import java.util.Optional;

/**
 * An atom (a task or a retry controller) moved from one state to another.
 *
 * @param atomName the atom's name
 * @param retry true when the atom is a retry controller
 * @param from the previous state
 * @param to the new state
 * @param outcome for SUCCESS and FAILURE, what the execute ended with; for REVERT_FAILURE, the
 *     revert's failure
 * @param at when, by the engine's clock
 */
public record AtomStateChange(
    String atomName,
    boolean retry,
    AtomState from,
    AtomState to,
    Optional<Outcome> outcome,
    Instant at) {}
