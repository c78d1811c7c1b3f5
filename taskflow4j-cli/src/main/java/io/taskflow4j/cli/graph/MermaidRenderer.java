package io.taskflow4j.cli.graph;

import io.taskflow4j.engine.FlowGraph;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Renders a flow as a Mermaid {@code flowchart}: tasks as rounded boxes, retry controllers as
 * hexagons, nested flows as subgraphs, links between tasks that carry a decider as dotted edges
 * labelled with what decides. Atoms get generated ids ({@code a0}, {@code a1}, ...) since
 * Mermaid ids cannot hold arbitrary names; the names are the labels. Stateless and thread-safe.
 */
public final class MermaidRenderer implements GraphRenderer {

  @Override
  public String render(FlowLayout layout, FlowGraph graph) {
    StringBuilder out = new StringBuilder();
    out.append("%% flow ").append(layout.label().replace('\n', ' ')).append('\n');
    out.append("flowchart LR\n");
    Map<String, String> ids = new LinkedHashMap<>();
    int[] groups = {0};
    appendContents(out, layout, "  ", ids, groups);
    for (String atom : graph.atoms()) {
      if (!ids.containsKey(atom)) {
        appendNode(out, "  ", atom, false, ids);
      }
    }
    Map<String, String> labels = new HashMap<>();
    for (FlowLayout.ConditionalLink link : layout.allConditional()) {
      labels.merge(link.from() + "\n" + link.to(), link.label(), (a, b) -> a + "; " + b);
    }
    for (Map.Entry<String, List<String>> entry : graph.dependencies().entrySet()) {
      for (String dependency : entry.getValue()) {
        String label = labels.get(dependency + "\n" + entry.getKey());
        out.append("  ").append(ids.get(dependency));
        if (label != null) {
          out.append(" -. \"").append(escape(label)).append("\" .-> ");
        } else {
          out.append(" --> ");
        }
        out.append(ids.get(entry.getKey())).append('\n');
      }
    }
    return out.toString();
  }

  private static void appendContents(
      StringBuilder out, FlowLayout layout, String indent, Map<String, String> ids, int[] groups) {
    layout.retry().ifPresent(retry -> appendNode(out, indent, retry, true, ids));
    for (String task : layout.tasks()) {
      appendNode(out, indent, task, false, ids);
    }
    for (FlowLayout child : layout.children()) {
      out.append(indent)
          .append("subgraph g")
          .append(groups[0]++)
          .append("[\"")
          .append(escape(child.label()))
          .append("\"]\n");
      appendContents(out, child, indent + "  ", ids, groups);
      out.append(indent).append("end\n");
    }
  }

  private static void appendNode(
      StringBuilder out, String indent, String atom, boolean retry, Map<String, String> ids) {
    String id = "a" + ids.size();
    ids.put(atom, id);
    out.append(indent).append(id);
    out.append(retry ? "{{\"" : "(\"").append(escape(atom)).append(retry ? "\"}}" : "\")");
    out.append('\n');
  }

  /**
   * Escapes a label for use inside double quotes in Mermaid.
   *
   * @param text any text
   * @return the text with {@code #}, quotes, angle brackets and line breaks as entity codes
   */
  static String escape(String text) {
    StringBuilder out = new StringBuilder();
    for (char c : text.toCharArray()) {
      switch (c) {
        case '#':
          out.append("#35;");
          break;
        case '"':
          out.append("#quot;");
          break;
        case '<':
          out.append("#lt;");
          break;
        case '>':
          out.append("#gt;");
          break;
        case '\n':
          out.append("<br/>");
          break;
        case '\r':
          break;
        default:
          out.append(c);
      }
    }
    return out.toString();
  }
}
