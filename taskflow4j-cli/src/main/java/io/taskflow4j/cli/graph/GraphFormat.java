package io.taskflow4j.cli.graph;

import java.util.Locale;

/** The diagram formats of {@code taskflow graph}. Immutable; the renderers are stateless. */
public enum GraphFormat {
  /** Graphviz dot. */
  DOT(new DotRenderer()),
  /** A Mermaid flowchart. */
  MERMAID(new MermaidRenderer());

  private final GraphRenderer renderer;

  GraphFormat(GraphRenderer renderer) {
    this.renderer = renderer;
  }

  /**
   * The renderer for this format.
   *
   * @return the renderer
   */
  public GraphRenderer renderer() {
    return renderer;
  }

  @Override
  public String toString() {
    return name().toLowerCase(Locale.ROOT);
  }
}
