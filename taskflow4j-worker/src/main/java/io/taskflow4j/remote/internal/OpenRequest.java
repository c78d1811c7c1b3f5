package io.taskflow4j.remote.internal;

import io.taskflow4j.protocol.internal.RemoteRequest;
import io.taskflow4j.spi.TaskInvocation;
import io.taskflow4j.task.Outcome;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A request the executor has not finished yet: the protocol's request and its state machine, the
 * engine's invocation, and what the executor learns while the task runs (which worker has it, when
 * it started, when the worker was last heard from, whether it sends heartbeats).
 *
 * <p>Thread-safety: the request is thread-safe; the other mutable fields are volatile, written by
 * the thread that handles the worker's responses and read by the periodic check.
 */
final class OpenRequest {

  final RemoteRequest request;
  final String id;
  final TaskInvocation invocation;
  final Optional<Duration> executionTimeout;
  /** The extra headers its request message carries; empty for none. */
  final Map<String, Object> headers;
  final CompletableFuture<Outcome> result = new CompletableFuture<>();

  volatile String workerTopic;
  /** When it was last published; null before. */
  volatile Instant publishedAt;
  volatile Instant runningSince;
  volatile Instant lastHeard;
  /** The heartbeat interval the worker announced; null while it announced none. */
  volatile Duration heartbeatInterval;
  /**
   * When the worker running it fell silent, while another worker of its topic may take it over
   * (the broker redelivers what a dead worker had not acknowledged); null otherwise.
   */
  volatile Instant orphanedAt;
  /** How the worker fell silent, for the failure if nobody takes the request over. */
  volatile String silence = "";
  /** Waits in its topic's backlog for room in the window of requests in flight. */
  volatile boolean parked;
  /** Counted in its topic's requests in flight: set before publishing, cleared once when it ends. */
  final AtomicBoolean counted = new AtomicBoolean();

  OpenRequest(RemoteRequest request, TaskInvocation invocation, Optional<Duration> executionTimeout,
      Map<String, Object> headers) {
    this.request = request;
    this.id = request.id().toString();
    this.invocation = invocation;
    this.executionTimeout = executionTimeout;
    this.headers = headers;
  }

  String taskName() {
    return request.taskName();
  }

  /** Completes the engine's future with how the request ended; it must have ended. */
  void settle() {
    result.complete(request.completion().join().outcome());
  }
}
