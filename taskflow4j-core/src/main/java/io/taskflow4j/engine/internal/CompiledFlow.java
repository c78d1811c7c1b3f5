package io.taskflow4j.engine.internal;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A compiled flow: its nodes (ids are indexes), retry scopes and the symbols the outermost flow
 * provides. Immutable after compilation.
 */
public final class CompiledFlow {

  final String flowName;
  final Node[] nodes;
  final RetryScope[] scopes;
  final Map<String, List<Integer>> exports;
  private final Set<String> requires;

  CompiledFlow(
      String flowName,
      Node[] nodes,
      RetryScope[] scopes,
      Map<String, List<Integer>> exports,
      Set<String> requires) {
    this.flowName = flowName;
    this.nodes = nodes;
    this.scopes = scopes;
    this.exports = exports;
    this.requires = Collections.unmodifiableSet(new LinkedHashSet<>(requires));
  }

  /**
   * What the flow's atoms require that none of its atoms provides to them: what inputs must
   * supply.
   *
   * @return the symbols, in the order first met
   */
  public Set<String> requires() {
    return requires;
  }

  /**
   * Every symbol an atom of the flow provides, its retry controllers' included.
   *
   * @return the symbols: the tasks' in compile order, then the retry controllers'
   */
  public Set<String> provides() {
    Set<String> all = new LinkedHashSet<>();
    for (Node node : nodes) {
      if (node.kind == Node.Kind.TASK) {
        all.addAll(Arrays.asList(node.provides));
      }
    }
    for (RetryScope scope : scopes) {
      all.addAll(Arrays.asList(nodes[scope.retryNode()].provides));
    }
    return all;
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
