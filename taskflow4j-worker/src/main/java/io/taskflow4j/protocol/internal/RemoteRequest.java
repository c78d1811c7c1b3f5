package io.taskflow4j.protocol.internal;

import io.taskflow4j.internal.Durations;
import io.taskflow4j.protocol.ProtocolDefaults;
import io.taskflow4j.protocol.RequestState;
import io.taskflow4j.protocol.Action;
import io.taskflow4j.protocol.RequestTimeoutException;
import io.taskflow4j.spi.TaskWithdrawnException;
import io.taskflow4j.protocol.RequestOutcome;
import io.taskflow4j.protocol.TaskRequest;
import io.taskflow4j.failure.Failure;
import io.taskflow4j.state.InvalidStateTransitionException;
import io.taskflow4j.task.Outcome;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The executor's record of one request sent to a remote worker: its id (the envelope's {@code
 * correlation_id}), the REQUEST it carries, its state in the request machine (contract section 6)
 * and the future that completes when it ends.
 *
 * <p>The request starts {@link RequestState#WAITING}; see {@link RequestState#successors()} for the
 * allowed moves. A move to the current state is a no-op reported as "not moved". Any other move
 * outside the table is an error: {@link #transition} throws, while {@link #transitionOrLog} and
 * {@link #complete} log it and ignore it, as the reference's executor does with responses.
 *
 * <p>Expiry: while WAITING or PENDING, the request expires once more than its timeout has passed
 * since it was created, by the injected {@link Clock}. Entering RUNNING, SUCCESS or FAILURE stops
 * the clock, so a running request never expires.
 *
 * <p>Thread-safety: thread-safe. State changes are atomic; the future is completed outside the
 * lock, exactly once, by whichever call moved the request to its terminal state.
 */
public final class RemoteRequest {

  private static final Logger LOG = LoggerFactory.getLogger(RemoteRequest.class);

  private final UUID id;
  private final TaskRequest message;
  private final Optional<Duration> timeout;
  private final Clock clock;
  private final Instant createdAt;
  private final CompletableFuture<RequestOutcome> completion = new CompletableFuture<>();
  private final CompletableFuture<RequestOutcome> completionView = completion.copy();
  private final Object lock = new Object();

  private RequestState state = RequestState.WAITING;
  private Optional<Instant> clockStoppedAt = Optional.empty();

  private RemoteRequest(UUID id, TaskRequest message, Optional<Duration> timeout, Clock clock) {
    this.id = Objects.requireNonNull(id, "id");
    this.message = Objects.requireNonNull(message, "message");
    this.timeout = Objects.requireNonNull(timeout, "timeout");
    this.clock = Objects.requireNonNull(clock, "clock");
    timeout.ifPresent(
        t -> {
          if (t.isNegative()) {
            throw new IllegalArgumentException("timeout must not be negative, got " + t);
          }
        });
    this.createdAt = clock.instant();
  }

  /**
   * Creates a request with a random id and the default timeout ({@link
   * ProtocolDefaults#REQUEST_TIMEOUT}).
   *
   * @param message the REQUEST to send
   * @param clock the clock expiry is measured with
   * @return the request, WAITING
   */
  public static RemoteRequest create(TaskRequest message, Clock clock) {
    return create(UUID.randomUUID(), message, Optional.of(ProtocolDefaults.REQUEST_TIMEOUT), clock);
  }

  /**
   * Creates a request.
   *
   * @param id the request's id, sent as {@code correlation_id}
   * @param message the REQUEST to send
   * @param timeout how long it may stay WAITING or PENDING; empty for never (the reference's {@code
   *     transition_timeout=None})
   * @param clock the clock expiry is measured with
   * @return the request, WAITING
   * @throws IllegalArgumentException when the timeout is negative
   */
  public static RemoteRequest create(
      UUID id, TaskRequest message, Optional<Duration> timeout, Clock clock) {
    return new RemoteRequest(id, message, timeout, clock);
  }

  /**
   * The request's id, sent as the envelope's {@code correlation_id}.
   *
   * @return the id
   */
  public UUID id() {
    return id;
  }

  /**
   * The REQUEST this request sends.
   *
   * @return the message
   */
  public TaskRequest message() {
    return message;
  }

  /**
   * The name the worker serves the task under ({@code task_cls}), used to choose a worker.
   *
   * @return the task class name
   */
  public String taskClass() {
    return message.taskClass();
  }

  /**
   * The task's name in its flow.
   *
   * @return the task name
   */
  public String taskName() {
    return message.taskName();
  }

  /**
   * Whether the request executes or reverts its task.
   *
   * @return the action
   */
  public Action action() {
    return message.action();
  }

  /**
   * When the request was created, by its clock.
   *
   * @return the creation time
   */
  public Instant createdAt() {
    return createdAt;
  }

  /**
   * How long the request may stay WAITING or PENDING.
   *
   * @return the timeout, or empty for never
   */
  public Optional<Duration> timeout() {
    return timeout;
  }

  /**
   * The current state.
   *
   * @return the state
   */
  public RequestState state() {
    synchronized (lock) {
      return state;
    }
  }

  /**
   * How long the request's clock has run: from creation until now, or until it entered RUNNING,
   * SUCCESS or FAILURE.
   *
   * @return the elapsed time
   */
  public Duration elapsed() {
    synchronized (lock) {
      return Duration.between(createdAt, clockStoppedAt.orElseGet(clock::instant));
    }
  }

  /**
   * Tells whether the request has expired: it is still WAITING or PENDING and more than its timeout
   * has passed since it was created.
   *
   * @return true when expired
   */
  public boolean isExpired() {
    synchronized (lock) {
      return expiredLocked();
    }
  }

  private boolean expiredLocked() {
    return state.isExpirable()
        && timeout.isPresent()
        && Duration.between(createdAt, clock.instant()).compareTo(timeout.get()) > 0;
  }

  /**
   * Moves the request to another state, strictly.
   *
   * @param target the state to move to
   * @return true when the request moved; false when it already was in {@code target}
   * @throws InvalidStateTransitionException when the machine does not allow the move
   */
  public boolean transition(RequestState target) {
    Objects.requireNonNull(target, "target");
    synchronized (lock) {
      if (state == target) {
        return false;
      }
      if (!state.canMoveTo(target)) {
        throw new InvalidStateTransitionException(
            "request " + id + " cannot move from " + state + " to " + target);
      }
      moveLocked(target);
      return true;
    }
  }

  /**
   * Moves the request to another state, logging and ignoring a move the machine does not allow
   * (how the executor treats states that responses report).
   *
   * @param target the state to move to
   * @return true when the request moved; false when it already was in {@code target} or the move
   *     is not allowed
   */
  public boolean transitionOrLog(RequestState target) {
    try {
      return transition(target);
    } catch (InvalidStateTransitionException e) {
      LOG.warn("Ignoring a state change of request {} ({}): {}", id, taskName(), e.getMessage());
      return false;
    }
  }

  /**
   * Ends the request with an outcome: a result moves it to SUCCESS, a failure to FAILURE. When the
   * move is allowed the future completes with the outcome; otherwise the call is logged and
   * ignored.
   *
   * @param outcome the result or failure
   * @return true when this call ended the request
   */
  public boolean complete(Outcome outcome) {
    Objects.requireNonNull(outcome, "outcome");
    RequestState target = outcome.isSuccess() ? RequestState.SUCCESS : RequestState.FAILURE;
    if (!transitionOrLog(target)) {
      return false;
    }
    completion.complete(new RequestOutcome(action(), outcome));
    return true;
  }

  /**
   * Fails the request with a {@link RequestTimeoutException} if it has expired (see {@link
   * #isExpired()}); the executor calls this periodically.
   *
   * @return true when this call expired the request
   */
  public boolean expireIfDue() {
    Failure failure;
    synchronized (lock) {
      if (!expiredLocked()) {
        return false;
      }
      failure = timeoutFailure("timed out after %s waiting for a worker to start it");
      moveLocked(RequestState.FAILURE);
    }
    completion.complete(new RequestOutcome(action(), Outcome.failure(failure)));
    return true;
  }

  /**
   * Ends a request that was never sent (still WAITING) with a failure of {@link
   * TaskWithdrawnException}: no worker will run it.
   *
   * @return true when this call withdrew the request
   */
  public boolean withdraw() {
    synchronized (lock) {
      if (state != RequestState.WAITING) {
        return false;
      }
      moveLocked(RequestState.FAILURE);
    }
    completion.complete(new RequestOutcome(action(), Outcome.failure(Failure.of(new TaskWithdrawnException(
        "request " + id + " for task '" + taskName() + "' (" + action().wireName()
            + ") was withdrawn before it was sent to a worker")))));
    return true;
  }

  /**
   * Fails a WAITING request with a {@link RequestTimeoutException} once more than its timeout has
   * passed since {@code since}, when no worker serving its task has been known since then (the
   * executor times such requests out together).
   *
   * @param since when the executor first found no worker serving the task
   * @return true when this call expired the request
   */
  public boolean expireIfWaitingSince(Instant since) {
    Failure failure;
    synchronized (lock) {
      if (state != RequestState.WAITING
          || timeout.isEmpty()
          || Duration.between(since, clock.instant()).compareTo(timeout.get()) <= 0) {
        return false;
      }
      failure = timeoutFailure("timed out after %s waiting: no worker has served its task for more than "
          + Durations.describe(timeout.get()));
      moveLocked(RequestState.FAILURE);
    }
    completion.complete(new RequestOutcome(action(), Outcome.failure(failure)));
    return true;
  }

  /**
   * Fails the request with a {@link RequestTimeoutException} whatever its state, unless it has
   * already ended: what the executor does with every open request when it stops.
   *
   * @return true when this call ended the request
   */
  public boolean abandon() {
    Failure failure;
    synchronized (lock) {
      if (state.isTerminal()) {
        return false;
      }
      failure = timeoutFailure("abandoned after %s in state " + state + ": the executor stopped");
      moveLocked(RequestState.FAILURE);
    }
    completion.complete(new RequestOutcome(action(), Outcome.failure(failure)));
    return true;
  }

  /**
   * The future that completes when the request ends, with the action and its outcome. It never
   * completes exceptionally. Completing or cancelling the returned future does not affect the
   * request.
   *
   * @return the future
   */
  public CompletableFuture<RequestOutcome> completion() {
    return completionView;
  }

  private void moveLocked(RequestState target) {
    RequestState previous = state;
    state = target;
    if (!target.isExpirable() && clockStoppedAt.isEmpty()) {
      clockStoppedAt = Optional.of(clock.instant());
    }
    LOG.debug("Request {} ({}) moved from {} to {}", id, taskName(), previous, target);
  }

  private Failure timeoutFailure(String what) {
    Duration waited = Duration.between(createdAt, clock.instant());
    String seconds = Durations.describe(waited);
    String text =
        "request " + id + " for task '" + taskName() + "' (" + action().wireName() + ") "
            + String.format(Locale.ROOT, what, seconds);
    return Failure.of(new RequestTimeoutException(text));
  }

  @Override
  public String toString() {
    return "RemoteRequest[" + id + ", " + taskName() + ", " + action().wireName() + ", " + state()
        + "]";
  }
}
