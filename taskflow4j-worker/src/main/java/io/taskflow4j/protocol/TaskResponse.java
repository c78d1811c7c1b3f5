package io.taskflow4j.protocol;

import io.taskflow4j.failure.Failure;
import io.taskflow4j.task.Outcome;
import java.util.Map;
import java.util.Objects;

/**
 * A RESPONSE: the worker reports on a request ({@code {"state": S, "data": D}}, contract section
 * 3). The envelope's {@code correlation_id} names the request.
 *
 * <p>The schema lets any state carry any data shape; the reference's executor expects RUNNING with
 * {@link ResponseData.Empty}, EVENT with {@link ResponseData.Event}, and SUCCESS or FAILURE with
 * {@link ResponseData.Completion}. A completion holds a failure exactly when the state is FAILURE.
 *
 * <p>Thread-safety: immutable.
 *
 * @param state the state
 * @param data the data
 */
public record TaskResponse(ResponseState state, ResponseData data) implements ProtocolMessage {

  /**
   * Checks the components.
   *
   * @throws IllegalArgumentException when a completion's outcome does not fit the state
   *
   * @param state the state
   * @param data the data
   */
  public TaskResponse {
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(data, "data");
    if (data instanceof ResponseData.Completion completion) {
      boolean failed = completion.outcome() instanceof Outcome.Failed;
      if (failed != (state == ResponseState.FAILURE)) {
        throw new IllegalArgumentException(
            "a "
                + state
                + " response cannot carry "
                + (failed ? "a failure" : "a successful result")
                + "; only FAILURE carries a failure");
      }
    }
  }

  /**
   * The worker started the task: state RUNNING, empty data.
   *
   * @return the response
   */
  public static TaskResponse running() {
    return new TaskResponse(ResponseState.RUNNING, ResponseData.Empty.INSTANCE);
  }

  /**
   * The task finished: state SUCCESS with its result.
   *
   * @param result a JSON value, possibly {@code null}
   * @return the response
   * @throws IllegalArgumentException when the result is not a JSON value
   */
  public static TaskResponse success(Object result) {
    return new TaskResponse(ResponseState.SUCCESS, ResponseData.Completion.success(result));
  }

  /**
   * The task, or the worker trying to run it, failed: state FAILURE with the failure.
   *
   * @param failure the failure
   * @return the response
   */
  public static TaskResponse failure(Failure failure) {
    return new TaskResponse(ResponseState.FAILURE, ResponseData.Completion.failure(failure));
  }

  /**
   * The task emitted an event: state EVENT.
   *
   * @param eventType the event's name
   * @param details its details, JSON values
   * @return the response
   * @throws IllegalArgumentException when a detail is not a JSON value
   */
  public static TaskResponse event(String eventType, Map<String, ?> details) {
    return new TaskResponse(
        ResponseState.EVENT,
        new ResponseData.Event(eventType, JsonValues.freezeObject(details, "data.details")));
  }

  /**
   * The task reported progress: an {@code update_progress} event with {@code {"progress": p}}.
   *
   * @param progress from 0.0 to 1.0
   * @return the response
   */
  public static TaskResponse progress(double progress) {
    return event(ResponseData.Event.UPDATE_PROGRESS, Map.of(ResponseData.Event.PROGRESS, progress));
  }

  /**
   * {@inheritDoc}
   *
   * @return {@link ProtocolMessage#RESPONSE}
   */
  @Override
  public String type() {
    return RESPONSE;
  }
}
