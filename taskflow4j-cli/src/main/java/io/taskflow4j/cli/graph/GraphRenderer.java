package io.taskflow4j.cli.graph;

import io.taskflow4j.engine.FlowGraph;

/**
 * Writes a compiled flow as a diagram: its atoms, grouped by the flows they are in, and an edge
 * from each atom to every atom that waits for it. Implementations are stateless and thread-safe.
 */
public interface GraphRenderer {

  /**
   * Renders the diagram.
   *
   * @param layout the flow's nesting
   * @param graph the flow's atoms and dependencies
   * @return the diagram's text, ending with a newline
   */
  String render(FlowLayout layout, FlowGraph graph);
}
