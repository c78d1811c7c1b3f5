package io.taskflow4j.cli.graph;

import io.taskflow4j.FlowElement;
import io.taskflow4j.cli.flowfile.ResultCondition;
import io.taskflow4j.flow.Decider;
import io.taskflow4j.flow.DeciderDepth;
import io.taskflow4j.flow.Flow;
import io.taskflow4j.flow.GraphFlow;
import io.taskflow4j.flow.LinearFlow;
import io.taskflow4j.flow.UnorderedFlow;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
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
 * @param conditional the links of a graph flow between two of its tasks that carry a decider
 */
public record FlowLayout(
    String name,
    String pattern,
    Optional<String> retry,
    List<String> tasks,
    List<FlowLayout> children,
    List<ConditionalLink> conditional) {

  /**
   * A link between two tasks that runs the second only if its decider says so.
   *
   * @param from the task the link comes from
   * @param to the task it leads to
   * @param label what decides: a flow file's condition ({@code score < 50}) or the decider's class,
   *     with the depth when it is not {@code all}
   */
  public record ConditionalLink(String from, String to, String label) {

    /**
     * Validates the components.
     *
     * @param from the task the link comes from
     * @param to the task it leads to
     * @param label what decides
     */
    public ConditionalLink {
      Objects.requireNonNull(from, "from");
      Objects.requireNonNull(to, "to");
      Objects.requireNonNull(label, "label");
    }
  }

  /**
   * Validates and copies the components.
   *
   * @param name the flow's name
   * @param pattern {@code linear}, {@code unordered} or {@code graph}
   * @param retry the name of the flow's retry atom, if it has one
   * @param tasks the names of the tasks directly in the flow, in order
   * @param children the nested flows, in order
   * @param conditional the links of a graph flow between two of its tasks that carry a decider
   */
  public FlowLayout {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(pattern, "pattern");
    Objects.requireNonNull(retry, "retry");
    tasks = List.copyOf(tasks);
    children = List.copyOf(children);
    conditional = List.copyOf(conditional);
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
    List<ConditionalLink> conditional = new ArrayList<>();
    if (flow instanceof GraphFlow graph) {
      for (GraphFlow.Link link : graph.links()) {
        if (link.decider().isPresent() && !(link.from() instanceof Flow) && !(link.to() instanceof Flow)) {
          conditional.add(new ConditionalLink(
              link.from().name(), link.to().name(), label(link.decider().get(), link.depth())));
        }
      }
    }
    return new FlowLayout(flow.name(), patternOf(flow), flow.retryName(), tasks, children, conditional);
  }

  /**
   * The conditional links of this flow and of every flow nested in it.
   *
   * @return them, outer flows first
   */
  public List<ConditionalLink> allConditional() {
    List<ConditionalLink> all = new ArrayList<>(conditional);
    children.forEach(child -> all.addAll(child.allConditional()));
    return all;
  }

  private static String label(Decider decider, DeciderDepth depth) {
    String what;
    if (decider instanceof ResultCondition condition) {
      what = condition.describe();
    } else if (decider.getClass().isSynthetic() || decider.getClass().isAnonymousClass()) {
      what = "decider";
    } else {
      what = decider.getClass().getSimpleName();
    }
    return depth == DeciderDepth.ALL ? what : what + " (depth " + depth.name().toLowerCase(Locale.ROOT) + ")";
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
