package io.taskflow4j.engine;

import io.taskflow4j.engine.internal.FlowCompiler;
import io.taskflow4j.flow.Flow;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Set;

/**
 * What a flow needs from outside and what it provides, as the engine resolves them: the
 * reference's {@code flow.requires} and {@code flow.provides}. Immutable.
 *
 * <p>A requirement counts only when no atom of the flow provides it to the atom that needs it: in
 * a linear flow an earlier element does, in an unordered flow no sibling does, in a graph flow any
 * other element does, and a flow's retry controller does for everything inside the flow. What is
 * left is what the engine's inputs must supply. An argument the task injects a value for is not
 * a requirement.
 *
 * <pre>{@code
 * FlowSymbols symbols = FlowSymbols.of(flow);
 * Set<String> inputsNeeded = symbols.requires();
 * }</pre>
 *
 * @param flowName the flow's name
 * @param requires the symbols inputs must supply, in the order first met
 * @param provides every symbol its tasks and retry controllers provide, nested flows' included
 */
public record FlowSymbols(String flowName, Set<String> requires, Set<String> provides) {

  /**
   * Copies the components.
   *
   * @param flowName the flow's name
   * @param requires the symbols inputs must supply, in the order first met
   * @param provides every symbol its tasks and retry controllers provide, nested flows' included
   */
  public FlowSymbols {
    Objects.requireNonNull(flowName, "flowName");
    requires = Collections.unmodifiableSet(new LinkedHashSet<>(requires));
    provides = Collections.unmodifiableSet(new LinkedHashSet<>(provides));
  }

  /**
   * Compiles a flow and tells what it requires and provides.
   *
   * @param flow the flow
   * @return its symbols
   * @throws io.taskflow4j.flow.FlowDefinitionException for a cycle, a duplicate name or an
   *     ambiguous provider
   */
  public static FlowSymbols of(Flow flow) {
    var compiled = FlowCompiler.compileForInspection(flow);
    return new FlowSymbols(flow.name(), compiled.requires(), compiled.provides());
  }
}
