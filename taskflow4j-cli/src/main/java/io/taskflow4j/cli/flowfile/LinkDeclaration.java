package io.taskflow4j.cli.flowfile;

import io.taskflow4j.flow.DeciderDepth;
import java.util.Objects;
import java.util.Optional;

/**
 * An explicit ordering in a graph flow: {@code to} runs after {@code from}, and, when the link has
 * a decider, only if the decider says so. Thread-safety: immutable.
 *
 * @param from the name of the element that runs first
 * @param to the name of the element that runs after it
 * @param fromLocation where {@code from} is written
 * @param toLocation where {@code to} is written
 * @param decider what decides whether {@code to} runs ({@code when} or {@code decider}), if any
 * @param depth what a decider that says no skips ({@link DeciderDepth#ALL} when not written)
 */
public record LinkDeclaration(
    String from,
    String to,
    SourceLocation fromLocation,
    SourceLocation toLocation,
    Optional<LinkDecider> decider,
    DeciderDepth depth) {

  /**
   * Validates the components.
   *
   * @param from the name of the element that runs first
   * @param to the name of the element that runs after it
   * @param fromLocation where {@code from} is written
   * @param toLocation where {@code to} is written
   * @param decider what decides whether {@code to} runs ({@code when} or {@code decider}), if any
   * @param depth what a decider that says no skips ({@link DeciderDepth#ALL} when not written)
   */
  public LinkDeclaration {
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(to, "to");
    Objects.requireNonNull(fromLocation, "fromLocation");
    Objects.requireNonNull(toLocation, "toLocation");
    Objects.requireNonNull(decider, "decider");
    Objects.requireNonNull(depth, "depth");
  }

  /**
   * A plain ordering, with no decider.
   *
   * @param from the name of the element that runs first
   * @param to the name of the element that runs after it
   * @param fromLocation where {@code from} is written
   * @param toLocation where {@code to} is written
   */
  public LinkDeclaration(String from, String to, SourceLocation fromLocation, SourceLocation toLocation) {
    this(from, to, fromLocation, toLocation, Optional.empty(), DeciderDepth.ALL);
  }
}
