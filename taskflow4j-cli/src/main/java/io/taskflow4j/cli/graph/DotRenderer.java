package io.taskflow4j.cli.graph;

import io.taskflow4j.engine.FlowGraph;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Renders a flow as a Graphviz {@code digraph}: tasks as rounded boxes, retry controllers as
 * diamonds, nested flows as labelled clusters, links between tasks that carry a decider as dashed
 * edges labelled with what decides. Stateless and thread-safe.
 */
public final class DotRenderer implements GraphRenderer {

  @Override
  public String render(FlowLayout layout, FlowGraph graph) {
    StringBuilder out = new StringBuilder();
    out.append("digraph ").append(quote(layout.name())).append(" {\n");
    out.append("  graph [rankdir=LR, labelloc=t, label=").append(quote(layout.label())).append("];\n");
    out.append("  node [shape=box, style=rounded];\n");
    Set<String> placed = new HashSet<>();
    int[] clusters = {0};
    appendContents(out, layout, "  ", placed, clusters);
    for (String atom : graph.atoms()) {
      if (!placed.contains(atom)) {
        out.append("  ").append(quote(atom)).append(";\n");
      }
    }
    Map<String, String> labels = new HashMap<>();
    for (FlowLayout.ConditionalLink link : layout.allConditional()) {
      labels.merge(link.from() + "\n" + link.to(), link.label(), (a, b) -> a + "; " + b);
    }
    for (Map.Entry<String, List<String>> entry : graph.dependencies().entrySet()) {
      for (String dependency : entry.getValue()) {
        String label = labels.get(dependency + "\n" + entry.getKey());
        out.append("  ")
            .append(quote(dependency))
            .append(" -> ")
            .append(quote(entry.getKey()));
        if (label != null) {
          out.append(" [style=dashed, label=").append(quote(label)).append(']');
        }
        out.append(";\n");
      }
    }
    return out.append("}\n").toString();
  }

  private static void appendContents(
      StringBuilder out, FlowLayout layout, String indent, Set<String> placed, int[] clusters) {
    layout
        .retry()
        .ifPresent(
            retry -> {
              out.append(indent).append(quote(retry)).append(" [shape=diamond, style=solid];\n");
              placed.add(retry);
            });
    for (String task : layout.tasks()) {
      out.append(indent).append(quote(task)).append(";\n");
      placed.add(task);
    }
    for (FlowLayout child : layout.children()) {
      out.append(indent).append("subgraph ").append(quote("cluster_" + clusters[0]++)).append(" {\n");
      out.append(indent).append("  label=").append(quote(child.label())).append(";\n");
      appendContents(out, child, indent + "  ", placed, clusters);
      out.append(indent).append("}\n");
    }
  }

  /**
   * Quotes a name as a dot identifier.
   *
   * @param text any text
   * @return the text in double quotes with quotes, backslashes and line breaks escaped
   */
  static String quote(String text) {
    StringBuilder out = new StringBuilder("\"");
    for (char c : text.toCharArray()) {
      switch (c) {
        case '"':
          out.append("\\\"");
          break;
        case '\\':
          out.append("\\\\");
          break;
        case '\n':
          out.append("\\n");
          break;
        case '\r':
          break;
        default:
          out.append(c);
      }
    }
    return out.append('"').toString();
  }
}
