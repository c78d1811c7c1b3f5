package io.taskflow4j.engine.internal;

import java.util.Optional;

/**
 * What an engine does about a failure.
 *
 * @param deferReverts whether a retry that gives up (REVERT) hands the decision to the retries
 *     around it and, with none, reverts the whole flow (false: the reference's default); empty when
 *     not chosen, so that a resumed run keeps what its record says, and a new one defers
 * @param neverResolve a failure ends the flow FAILURE with nothing reverted or retried
 */
public record FailureHandling(Optional<Boolean> deferReverts, boolean neverResolve) {}
