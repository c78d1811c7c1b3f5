package io.taskflow4j.remote;

import io.taskflow4j.spi.TaskInvocation;
import java.util.Map;

/**
 * Gives extra headers to put on the REQUEST message of an invocation, such as a trace context
 * ({@code traceparent}, {@code tracestate}), for {@link RemoteTaskExecutor.Builder#requestHeaders}.
 * The headers travel in the message's properties (AMQP headers), not in its body, so a reference
 * (Python) worker ignores them.
 *
 * <p>Called once per submitted invocation, on the thread that submits it, before the request is
 * sent; should be quick. The executor keeps at most {@value #MAX_HEADERS} headers per request, whose
 * names are 1 to {@value #MAX_NAME_LENGTH} printable ASCII characters without spaces, and whose
 * values are at most {@value #MAX_VALUE_LENGTH} characters; it drops the others, and drops every
 * header of an invocation for which this throws, logging a warning: headers never fail a task.
 * The name {@code taskflow4j-running-after-ms} is the executor's own (see {@link
 * RemoteTaskExecutor.Builder#runningNoticeDelay}); a header of that name given here is replaced.
 *
 * <p>Thread-safety: implementations must be thread-safe; invocations are submitted from many
 * threads at once.
 */
@FunctionalInterface
public interface RequestHeaders {

  /** The most extra headers one request carries. */
  int MAX_HEADERS = 16;

  /** The longest header name, in characters. */
  int MAX_NAME_LENGTH = 128;

  /** The longest header value, in characters. */
  int MAX_VALUE_LENGTH = 8192;

  /**
   * The headers for one invocation.
   *
   * @param invocation the execute or revert being sent; {@link TaskInvocation#flowId()} tells its run
   * @return header names to values; empty for none
   */
  Map<String, String> headers(TaskInvocation invocation);
}
