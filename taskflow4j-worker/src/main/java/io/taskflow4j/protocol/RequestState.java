package io.taskflow4j.protocol;

import java.util.EnumSet;
import java.util.Set;

/**
 * The states of a request on the executor's side (contract section 6): created {@link #WAITING},
 * {@link #PENDING} once published to a worker, {@link #RUNNING} once the worker says so, and
 * finally {@link #SUCCESS} or {@link #FAILURE}.
 *
 * <p>Thread-safety: immutable.
 */
public enum RequestState {
  /** Created; no worker chosen yet. The start state. */
  WAITING,
  /** Published to a worker, which has not answered yet. */
  PENDING,
  /** The worker runs the task. */
  RUNNING,
  /** Finished with a result. Terminal. */
  SUCCESS,
  /** Finished with a failure, or expired. Terminal. */
  FAILURE;

  /**
   * The states this one may move to, exactly as the reference's machine allows.
   *
   * @return a new set, empty for a terminal state
   */
  public Set<RequestState> successors() {
    return switch (this) {
      case WAITING -> EnumSet.of(PENDING, FAILURE);
      case PENDING -> EnumSet.of(RUNNING, FAILURE);
      case RUNNING -> EnumSet.of(SUCCESS, FAILURE);
      case SUCCESS, FAILURE -> EnumSet.noneOf(RequestState.class);
    };
  }

  /**
   * Tells whether the machine allows moving from this state to another.
   *
   * @param target the state to move to
   * @return true when the move is in the table
   */
  public boolean canMoveTo(RequestState target) {
    return successors().contains(target);
  }

  /**
   * Tells whether the request is finished in this state.
   *
   * @return true for {@link #SUCCESS} and {@link #FAILURE}
   */
  public boolean isTerminal() {
    return this == SUCCESS || this == FAILURE;
  }

  /**
   * Tells whether a request in this state can still expire: it has not reached a worker that
   * started it.
   *
   * @return true for {@link #WAITING} and {@link #PENDING}
   */
  public boolean isExpirable() {
    return this == WAITING || this == PENDING;
  }
}
