package io.taskflow4j.cli.flowfile;

import java.util.Locale;

/** The three ways a flow orders its elements, as spelled in flow files. Immutable. */
public enum FlowPattern {
  /** One after another, in the order written. */
  LINEAR,
  /** In any order, in parallel when possible. */
  UNORDERED,
  /** Ordered by requires and provides, plus explicit links. */
  GRAPH;

  /**
   * The spelling in flow files.
   *
   * @return {@code linear}, {@code unordered} or {@code graph}
   */
  public String fileName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
