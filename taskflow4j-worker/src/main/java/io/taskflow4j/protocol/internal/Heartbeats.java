package io.taskflow4j.protocol.internal;

import io.taskflow4j.protocol.ResponseData;
import io.taskflow4j.protocol.TaskResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The heartbeat that a taskflow4j worker sends while it runs a task, beyond the reference: an EVENT
 * response with event type {@value #EVENT_TYPE} and details {@code {"interval": seconds, "topic":
 * workerTopic}}, before the RUNNING response of its first request from each executor (reply-to
 * topic), and then at least once every interval while tasks run. A reference engine passes it to its
 * listeners like any other event; a taskflow4j executor reads it to tell a silent worker from a busy
 * one, and watches every later RUNNING request of that worker topic as heartbeating.
 *
 * <p>Thread-safety: stateless.
 */
public final class Heartbeats {

  /** The event type of heartbeats. */
  public static final String EVENT_TYPE = "taskflow4j.heartbeat";

  /** The detail holding the interval in seconds. */
  public static final String INTERVAL = "interval";

  /** The detail holding the worker's topic. */
  public static final String TOPIC = "topic";

  private Heartbeats() {}

  /**
   * The heartbeat response a worker sends.
   *
   * @param interval how often the worker sends one, positive
   * @param topic the worker's topic
   * @return the EVENT response
   */
  public static TaskResponse response(Duration interval, String topic) {
    Map<String, Object> details = new LinkedHashMap<>();
    details.put(INTERVAL, seconds(interval));
    details.put(TOPIC, topic);
    return TaskResponse.event(EVENT_TYPE, details);
  }

  /**
   * Tells whether an event is a heartbeat.
   *
   * @param event a received event
   * @return true for {@value #EVENT_TYPE}
   */
  public static boolean isHeartbeat(ResponseData.Event event) {
    return EVENT_TYPE.equals(event.eventType());
  }

  /**
   * The interval a heartbeat announces.
   *
   * @param event a heartbeat
   * @return the interval, or empty when the detail is missing, not a number or not positive
   */
  public static Optional<Duration> interval(ResponseData.Event event) {
    Object value = event.details().get(INTERVAL);
    if (value instanceof Number number) {
      double seconds = number.doubleValue();
      if (seconds > 0 && seconds < Long.MAX_VALUE / 1_000_000_000L) {
        return Optional.of(Duration.ofNanos(Math.round(seconds * 1e9)));
      }
    }
    return Optional.empty();
  }

  /**
   * A duration in seconds, as protocol details carry it.
   *
   * @param duration the duration
   * @return its seconds, with fractions
   */
  public static double seconds(Duration duration) {
    return duration.toNanos() / 1e9;
  }
}
