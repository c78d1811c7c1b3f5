package io.taskflow4j.protocol;

import java.time.Duration;

/**
 * The protocol's default timings and names (contract sections 1, 5 and 7), the same as the
 * reference's, so that mixed deployments behave alike.
 *
 * <p>Thread-safety: constants only.
 */
public final class ProtocolDefaults {

  /**
   * How long a request may stay WAITING or PENDING before it fails with a request timeout (the
   * reference's {@code transition_timeout}, default {@code REQUEST_TIMEOUT}). Once a worker
   * answers RUNNING the request no longer expires.
   */
  public static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(60);

  /** How often an executor sends a NOTIFY to every worker topic it knows, to discover workers. */
  public static final Duration NOTIFY_PERIOD = Duration.ofSeconds(5);

  /**
   * How long an executor keeps a worker it has not heard from (the reference's {@code
   * worker_expiry}, default {@code EXPIRES_AFTER}); zero or negative means never.
   */
  public static final Duration WORKER_EXPIRY = Duration.ofSeconds(60);

  /**
   * How often a consumer loop wakes up, with or without messages, to do periodic work such as
   * expiring requests and sending NOTIFYs.
   */
  public static final Duration DRAIN_PERIOD = Duration.ofSeconds(1);

  /** Publish retries: the wait before the first retry. */
  public static final Duration PUBLISH_RETRY_INTERVAL_START = Duration.ofSeconds(1);

  /** Publish retries: how much the wait grows with each further retry. */
  public static final Duration PUBLISH_RETRY_INTERVAL_STEP = Duration.ofSeconds(1);

  /** Publish retries: the longest wait between two retries. */
  public static final Duration PUBLISH_RETRY_INTERVAL_MAX = Duration.ofSeconds(1);

  /** Publish retries: how many retries follow a failed publish before giving up. */
  public static final int PUBLISH_MAX_RETRIES = 3;

  /** The exchange the reference's engine uses when none is configured. */
  public static final String EXCHANGE = "default";

  private ProtocolDefaults() {}
}
