package io.taskflow4j.tracing.internal;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.taskflow4j.failure.Failure;

/**
 * Records a task's failure on a span: as the exception itself when this process has it, else as
 * an {@code exception} event with the attributes OpenTelemetry's conventions name (a failure that
 * came from a worker has only its type names, message and traceback). Stateless.
 */
final class Failures {

  private static final AttributeKey<String> TYPE = AttributeKey.stringKey("exception.type");
  private static final AttributeKey<String> MESSAGE = AttributeKey.stringKey("exception.message");
  private static final AttributeKey<String> STACKTRACE = AttributeKey.stringKey("exception.stacktrace");

  private Failures() {}

  static void record(Span span, Failure failure) {
    if (failure.exception().isPresent()) {
      span.recordException(failure.exception().get());
    } else {
      span.addEvent("exception", Attributes.of(
          TYPE, failure.typeName(), MESSAGE, failure.message(), STACKTRACE, failure.traceback()));
    }
    span.setStatus(StatusCode.ERROR, failure.typeName() + ": " + failure.message());
  }
}
