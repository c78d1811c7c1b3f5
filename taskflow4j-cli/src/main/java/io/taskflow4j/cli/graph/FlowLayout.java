package io.taskflow4j.cli.graph;

import io.taskflow4j.FlowElement;
import io.taskflow4j.flow.Flow;
import io.taskflow4j.flow.GraphFlow;
import io.taskflow4j.flow.LinearFlow;
import io.taskflow4j.flow.UnorderedFlow;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The nesting of a flow, for drawing: each flow with the atoms directly in it (its tasks and its
 * retry controller) and its nested flows. Thread-safety: immutable.
 *
 * @param name the flow's name
 * @param pattern {@code linear}, {@code unordered} or {@code graph}
 * @param retry the name of the flow's retry atom, if it has one
 * @param tasks the names of the tasks directly in the flow, in order
 * @param children the nested flows, in order
 */
public record FlowLayout(
    String name,
    String pattern,
    Optional<String> retry,
    List<String> tasks,
    List<FlowLayout> children) {

  /**
   * Validates and copies the components.
   *
   * @param name the flow's name
   * @param pattern {@code linear}, {@code unordered} or {@code graph}
   * @param retry the name of the flow's retry atom, if it has one
   * @param tasks the names of the tasks directly in the flow, in order
   * @param children the nested flows, in order
   */
  public FlowLayout {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(pattern, "pattern");
    Objects.requireNonNull(retry, "retry");
    tasks = List.copyOf(tasks);
    children = List.copyOf(children);
  }

  /**
   * The layout of a flow and everything nested in it.
   *
   * @param flow the flow
   * @return its layout
   */
  public static FlowLayout of(Flow flow) {
    List<String> tasks = new ArrayList<>();
    List<FlowLayout> children = new ArrayList<>();
    for (FlowElement element : flow.elements()) {
      if (element instanceof Flow nested) {
        children.add(of(nested));
      } else {
        tasks.add(element.name());
      }
    }
    return new FlowLayout(flow.name(), patternOf(flow), flow.retryName(), tasks, children);
  }

  /**
   * The flow's label: its name and pattern.
   *
   * @return for example {@code order (linear)}
   */
  public String label() {
    return name + " (" + pattern + ")";
  }

  private static String patternOf(Flow flow) {
    if (flow instanceof LinearFlow) {
      return "linear";
    } else if (flow instanceof UnorderedFlow) {
      return "unordered";
    } else if (flow instanceof GraphFlow) {
      return "graph";
    }
    return flow.getClass().getSimpleName();
  }
}
