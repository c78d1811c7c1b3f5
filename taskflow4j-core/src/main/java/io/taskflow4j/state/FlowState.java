package io.taskflow4j.state;

import java.util.EnumSet;
import java.util.Set;

/** The states of a flow run, as the reference names them, with the transitions it allows. */
public enum FlowState {
  /** Not run yet. */
  PENDING,
  /** Running. */
  RUNNING,
  /** Every atom succeeded. */
  SUCCESS,
  /** Something failed and could not be fully reverted. */
  FAILURE,
  /** Something failed and everything that ran was reverted. */
  REVERTED,
  /** Suspend was asked; running atoms are finishing. */
  SUSPENDING,
  /** Stopped by suspend; running the engine again resumes it. */
  SUSPENDED,
  /** Being resumed. */
  RESUMING;

  /**
   * Tells whether a flow may move from this state to another.
   *
   * @param next the target state
   * @return true when the reference's flow state machine allows it
   */
  public boolean canMoveTo(FlowState next) {
    return Transitions.FLOW.get(this).contains(next);
  }

  /** The transitions, computed once. */
  private static final class Transitions {
    static final java.util.Map<FlowState, Set<FlowState>> FLOW = new java.util.EnumMap<>(FlowState.class);

    static {
      for (FlowState state : values()) {
        FLOW.put(state, state.targets());
      }
    }
  }

  /**
   * Tells whether this state ends a run.
   *
   * @return true for SUCCESS, FAILURE, REVERTED and SUSPENDED
   */
  public boolean isFinal() {
    return this == SUCCESS || this == FAILURE || this == REVERTED || this == SUSPENDED;
  }

  private Set<FlowState> targets() {
    switch (this) {
      case PENDING:
        return EnumSet.of(RUNNING);
      case RUNNING:
        return EnumSet.of(SUCCESS, FAILURE, REVERTED, SUSPENDING, RESUMING);
      case SUCCESS:
        return EnumSet.of(RUNNING, PENDING);
      case FAILURE:
        return EnumSet.of(RUNNING);
      case REVERTED:
        return EnumSet.of(PENDING);
      case SUSPENDING:
        return EnumSet.of(SUSPENDED, SUCCESS, FAILURE, REVERTED, RESUMING);
      case SUSPENDED:
        return EnumSet.of(RUNNING);
      case RESUMING:
        return EnumSet.of(SUSPENDED);
      default:
        return EnumSet.noneOf(FlowState.class);
    }
  }
}
