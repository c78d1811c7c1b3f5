package io.taskflow4j.cli.flowfile;

/**
 * One entry of a flow's {@code elements}: a task, a nested flow or a fan-out. Thread-safety:
 * immutable.
 */
public sealed interface ElementDeclaration permits TaskDeclaration, FlowDeclaration, FanOutDeclaration {

  /**
   * The element's name in the flow.
   *
   * @return the name
   */
  String name();

  /**
   * Where the element is written.
   *
   * @return the location of the element
   */
  SourceLocation location();
}
