package io.taskflow4j.protocol;

import java.util.Optional;

/**
 * The {@code state} of a RESPONSE: a request state the worker reports, or {@link #EVENT} for an
 * event the task emitted while running.
 *
 * <p>Thread-safety: immutable.
 */
public enum ResponseState {
  /** Accepted by the schema; the reference's workers never send it. */
  WAITING,
  /** Accepted by the schema; the reference's workers never send it. */
  PENDING,
  /** The worker started the task. */
  RUNNING,
  /** The task finished; the data holds its result. */
  SUCCESS,
  /** The task, or the worker trying to run it, failed; the data holds the failure. */
  FAILURE,
  /** The task emitted an event, such as progress; the data holds it. */
  EVENT;

  /**
   * The request state this response moves the request to.
   *
   * @return the request state of the same name, or empty for {@link #EVENT}
   */
  public Optional<RequestState> requestState() {
    return this == EVENT ? Optional.empty() : Optional.of(RequestState.valueOf(name()));
  }
}
