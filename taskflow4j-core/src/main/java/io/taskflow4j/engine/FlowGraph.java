package io.taskflow4j.engine;

import io.taskflow4j.engine.internal.CompiledFlow;
import io.taskflow4j.engine.internal.FlowCompiler;
import io.taskflow4j.flow.Flow;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The compiled shape of a flow: its atoms and which atoms each waits for, as the engine will run
 * them. Useful to draw a flow or check its ordering. Immutable.
 *
 * @param flowName the outermost flow's name
 * @param dependencies atom name to the atoms it directly waits for, atoms in compile order
 */
public record FlowGraph(String flowName, Map<String, List<String>> dependencies) {

  /**
   * Copies the components.
   *
   * @param flowName the outermost flow's name
   * @param dependencies atom name to the atoms it directly waits for, atoms in compile order
   */
  public FlowGraph {
    Map<String, List<String>> copy = new LinkedHashMap<>();
    dependencies.forEach((atom, deps) -> copy.put(atom, List.copyOf(deps)));
    dependencies = Collections.unmodifiableMap(copy);
  }

  /**
   * Compiles a flow and returns its graph. Requirements that nothing provides are taken as inputs.
   *
   * @param flow the flow
   * @return the graph
   * @throws io.taskflow4j.flow.FlowDefinitionException for a cycle, a duplicate name or an
   *     ambiguous provider
   */
  public static FlowGraph of(Flow flow) {
    CompiledFlow compiled = FlowCompiler.compileForInspection(flow);
    return new FlowGraph(flow.name(), compiled.atomDependencies());
  }

  /**
   * The atoms, in compile order.
   *
   * @return their names
   */
  public List<String> atoms() {
    return new ArrayList<>(dependencies.keySet());
  }
}
