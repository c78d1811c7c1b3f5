package io.taskflow4j.cli.flowfile;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A flow as written in a flow file: the outermost one or a nested one. Thread-safety: immutable.
 *
 * @param name the flow's name
 * @param pattern how it orders its elements
 * @param retry its retry controller, if any
 * @param elements its tasks and nested flows, in order
 * @param links explicit orderings between elements (graph flows only)
 * @param location where the flow is written
 */
public record FlowDeclaration(
    String name,
    FlowPattern pattern,
    Optional<RetryDeclaration> retry,
    List<ElementDeclaration> elements,
    List<LinkDeclaration> links,
    SourceLocation location)
    implements ElementDeclaration {

  /**
   * Validates and copies the components.
   *
   * @param name the flow's name
   * @param pattern how it orders its elements
   * @param retry its retry controller, if any
   * @param elements its tasks and nested flows, in order
   * @param links explicit orderings between elements (graph flows only)
   * @param location where the flow is written
   */
  public FlowDeclaration {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(pattern, "pattern");
    Objects.requireNonNull(retry, "retry");
    elements = List.copyOf(elements);
    links = List.copyOf(links);
    Objects.requireNonNull(location, "location");
  }
}
