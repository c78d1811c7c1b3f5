package io.taskflow4j.engine.internal;

import java.util.List;
import java.util.Map;

/**
 * A compiled flow: its nodes (ids are indexes), retry scopes and the symbols the outermost flow
 * provides. Immutable after compilation.
 */
public final class CompiledFlow {

  final String flowName;
  final Node[] nodes;
  final RetryScope[] scopes;
  final Map<String, List<Integer>> exports;

  CompiledFlow(String flowName, Node[] nodes, RetryScope[] scopes, Map<String, List<Integer>> exports) {
    this.flowName = flowName;
    this.nodes = nodes;
    this.scopes = scopes;
    this.exports = exports;
  }

  /**
   * The number of atoms (tasks and retry controllers).
   *
   * @return the count
   */
  public int atomCount() {
    int count = 0;
    for (Node node : nodes) {
      if (node.isAtom()) {
        count++;
      }
    }
    return count;
  }

  /**
   * The atoms and the atoms each must wait for, skipping the barriers that flows compile to. Used
   * to draw the graph.
   *
   * @return atom name to the names of the atoms it directly depends on, in id order
   */
  public Map<String, List<String>> atomDependencies() {
    Map<String, List<String>> out = new java.util.LinkedHashMap<>();
    for (Node node : nodes) {
      if (!node.isAtom()) {
        continue;
      }
      java.util.Set<String> deps = new java.util.LinkedHashSet<>();
      java.util.ArrayDeque<Integer> todo = new java.util.ArrayDeque<>();
      boolean[] seen = new boolean[nodes.length];
      for (int p : node.predecessors) {
        todo.push(p);
      }
      while (!todo.isEmpty()) {
        int id = todo.pop();
        if (seen[id]) {
          continue;
        }
        seen[id] = true;
        Node previous = nodes[id];
        if (previous.isAtom()) {
          deps.add(previous.name);
        } else {
          for (int p : previous.predecessors) {
            todo.push(p);
          }
        }
      }
      out.put(node.name, List.copyOf(deps));
    }
    return out;
  }
}
