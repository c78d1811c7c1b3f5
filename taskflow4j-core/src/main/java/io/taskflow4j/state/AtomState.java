package io.taskflow4j.state;

import java.util.EnumSet;
import java.util.Set;

/**
 * The states of an atom (a task or a retry controller), as the reference names them, with the
 * transitions it allows. Retry controllers also use {@link #RETRYING}.
 */
public enum AtomState {
  /** Not run yet. */
  PENDING,
  /** Executing. */
  RUNNING,
  /** Executed successfully. */
  SUCCESS,
  /** Execution failed. */
  FAILURE,
  /** Being reverted. */
  REVERTING,
  /** Reverted successfully. */
  REVERTED,
  /** Its revert failed. */
  REVERT_FAILURE,
  /** Skipped. */
  IGNORE,
  /** A retry controller whose scope is being run again. */
  RETRYING;

  /**
   * Tells whether a task may move from this state to another.
   *
   * @param next the target state
   * @return true when the reference's task state machine allows it
   */
  public boolean canTaskMoveTo(AtomState next) {
    return Transitions.TASK.get(this).contains(next);
  }

  /** The task transitions, computed once: checks happen on every state change of every atom. */
  private static final class Transitions {
    static final java.util.Map<AtomState, Set<AtomState>> TASK = new java.util.EnumMap<>(AtomState.class);

    static {
      for (AtomState state : values()) {
        TASK.put(state, state.taskTargets());
      }
    }
  }

  /**
   * Tells whether a retry controller may move from this state to another: the task transitions
   * plus {@code SUCCESS -> RETRYING} and {@code RETRYING -> RUNNING}.
   *
   * @param next the target state
   * @return true when allowed
   */
  public boolean canRetryMoveTo(AtomState next) {
    return canTaskMoveTo(next)
        || (this == SUCCESS && next == RETRYING)
        || (this == RETRYING && next == RUNNING);
  }

  private Set<AtomState> taskTargets() {
    switch (this) {
      case PENDING:
        return EnumSet.of(RUNNING, IGNORE);
      case RUNNING:
        return EnumSet.of(SUCCESS, FAILURE);
      case SUCCESS:
      case FAILURE:
        return EnumSet.of(REVERTING);
      case REVERTING:
        return EnumSet.of(REVERTED, REVERT_FAILURE);
      case REVERTED:
      case IGNORE:
        return EnumSet.of(PENDING);
      default:
        return EnumSet.noneOf(AtomState.class);
    }
  }
}
