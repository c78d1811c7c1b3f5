package io.taskflow4j.cli.flowfile;

import io.taskflow4j.retry.Retry;
import java.util.Objects;

/**
 * A flow's retry controller as written in a flow file, already turned into a {@link Retry}.
 * Thread-safety: immutable.
 *
 * @param kind the controller's kind, as written ({@code times}, {@code for_each}, ...)
 * @param retry the controller
 * @param location where the retry is written
 */
public record RetryDeclaration(String kind, Retry retry, SourceLocation location) {

  /**
   * Validates the components.
   *
   * @param kind the controller's kind, as written ({@code times}, {@code for_each}, ...)
   * @param retry the controller
   * @param location where the retry is written
   */
  public RetryDeclaration {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(retry, "retry");
    Objects.requireNonNull(location, "location");
  }
}
