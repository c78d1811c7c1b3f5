package io.taskflow4j.cli.flowfile;

import java.util.Objects;

/**
 * An explicit ordering in a graph flow: {@code to} runs after {@code from}. Thread-safety:
 * immutable.
 *
 * @param from the name of the element that runs first
 * @param to the name of the element that runs after it
 * @param fromLocation where {@code from} is written
 * @param toLocation where {@code to} is written
 */
public record LinkDeclaration(
    String from, String to, SourceLocation fromLocation, SourceLocation toLocation) {

  /**
   * Validates the components.
   *
   * @param from the name of the element that runs first
   * @param to the name of the element that runs after it
   * @param fromLocation where {@code from} is written
   * @param toLocation where {@code to} is written
   */
  public LinkDeclaration {
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(to, "to");
    Objects.requireNonNull(fromLocation, "fromLocation");
    Objects.requireNonNull(toLocation, "toLocation");
  }
}
