package io.taskflow4j.cli.flowfile;

import io.taskflow4j.FlowElement;
import io.taskflow4j.engine.FlowGraph;
import io.taskflow4j.flow.Decider;
import io.taskflow4j.flow.FanOut;
import io.taskflow4j.flow.Flow;
import io.taskflow4j.flow.FlowDefinitionException;
import io.taskflow4j.flow.GraphFlow;
import io.taskflow4j.task.Task;
import io.taskflow4j.task.TaskSpec;
import io.taskflow4j.value.JsonTypes;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Builds a {@link Flow} from a parsed flow file: creates each task through a {@link TaskResolver},
 * nests flows, expands fan-outs over the run's input lists, attaches retries and links graph elements
 * (with the deciders of their {@code when} conditions or {@code decider} classes), then compiles the result once so that
 * cycles, duplicate names and ambiguous providers are reported with their place in the file.
 * Requirements that nothing provides are not errors here: they may be given as inputs when the
 * flow runs ({@link LoadedFlow#explain} locates them then).
 *
 * <p>Thread-safety: safe to share when its resolver is; each call builds a new flow.
 */
public final class FlowAssembler {

  private final TaskResolver tasks;

  /**
   * Creates the assembler.
   *
   * @param tasks turns declared tasks into tasks
   */
  public FlowAssembler(TaskResolver tasks) {
    this.tasks = Objects.requireNonNull(tasks, "tasks");
  }

  /**
   * Builds and checks the flow.
   *
   * @param file the parsed flow file
   * @return the flow with its inputs and locations
   * @throws FlowFileException when a task or decider cannot be created, a name is used twice, a link
   *     names an unknown element, a link's condition tests a result its decider will not have, or
   *     the flow does not compile
   */
  public LoadedFlow assemble(FlowFile file) {
    return assemble(file, file.inputs());
  }

  /**
   * Builds and checks the flow with the run's inputs, which fan-outs are expanded over: the file's
   * inputs with any given on the command line, or those recorded when a run is resumed. The file's
   * own inputs fill in any name these do not give.
   *
   * @param file the parsed flow file
   * @param inputs the run's inputs (JSON-like values)
   * @return the flow with the file's inputs and locations
   * @throws FlowFileException as {@link #assemble(FlowFile)}, and when a fan-out's input is missing,
   *     is not a list, is empty or holds a null
   */
  public LoadedFlow assemble(FlowFile file, Map<String, ?> inputs) {
    Map<String, Object> runInputs = new LinkedHashMap<>(file.inputs());
    runInputs.putAll(Objects.requireNonNull(inputs, "inputs"));
    Map<String, SourceLocation> locations = new LinkedHashMap<>();
    Flow flow = build(file.flow(), locations, runInputs);
    LoadedFlow loaded = new LoadedFlow(file.file(), flow, file.inputs(), locations);
    try {
      FlowGraph.of(flow);
    } catch (FlowDefinitionException e) {
      List<LinkDeclaration> closing = linksWithin(file.flow(), Set.copyOf(e.atoms()));
      if (e.getMessage().startsWith("cycle") && !closing.isEmpty()) {
        throw atLinks(e, closing);
      }
      throw loaded.explain(e, "");
    }
    return loaded;
  }

  // A cycle that links make is the links' doing: the error points at the last of them, which
  // closed it, and lists them all.
  private static FlowFileException atLinks(FlowDefinitionException error, List<LinkDeclaration> links) {
    StringBuilder reason = new StringBuilder(error.getMessage()).append(", made by the links ");
    for (int i = 0; i < links.size(); i++) {
      LinkDeclaration link = links.get(i);
      reason.append(i == 0 ? "" : ", ")
          .append(link.from()).append(" -> ").append(link.to())
          .append(" (line ").append(link.fromLocation().line()).append(')');
    }
    reason.append("; remove one of them");
    LinkDeclaration last = links.get(links.size() - 1);
    return new FlowFileException(last.fromLocation(), reason.toString(), error);
  }

  /** The links, anywhere in the flow, whose two ends both hold atoms of the given set. */
  private static List<LinkDeclaration> linksWithin(FlowDeclaration flow, Set<String> atoms) {
    List<LinkDeclaration> found = new ArrayList<>();
    Map<String, Set<String>> under = new LinkedHashMap<>();
    for (ElementDeclaration element : flow.elements()) {
      under.put(element.name(), atomsUnder(element));
      if (element instanceof FlowDeclaration nested) {
        found.addAll(linksWithin(nested, atoms));
      }
    }
    for (LinkDeclaration link : flow.links()) {
      if (!Collections.disjoint(under.getOrDefault(link.from(), Set.of()), atoms)
          && !Collections.disjoint(under.getOrDefault(link.to(), Set.of()), atoms)) {
        found.add(link);
      }
    }
    return found;
  }

  private static Set<String> atomsUnder(ElementDeclaration element) {
    if (element instanceof FanOutDeclaration fan) {
      return Set.of(fan.name(), FanOut.itemsFlowName(fan.name()), FanOut.gatherName(fan.name()));
    }
    if (element instanceof FlowDeclaration flow) {
      Set<String> atoms = new HashSet<>();
      flow.elements().forEach(child -> atoms.addAll(atomsUnder(child)));
      return atoms;
    }
    return Set.of(element.name());
  }

  private Flow build(
      FlowDeclaration declaration, Map<String, SourceLocation> locations, Map<String, ?> inputs) {
    claim(declaration.name(), declaration.location(), "flow", locations);
    Flow flow;
    switch (declaration.pattern()) {
      case LINEAR:
        flow = Flow.linear(declaration.name());
        break;
      case UNORDERED:
        flow = Flow.unordered(declaration.name());
        break;
      default:
        flow = Flow.graph(declaration.name());
        break;
    }
    if (declaration.retry().isPresent()) {
      RetryDeclaration retry = declaration.retry().get();
      flow.retry(retry.retry());
      claim(flow.retryName().orElseThrow(), retry.location(), "retry", locations);
    }
    Map<String, FlowElement> byName = new LinkedHashMap<>();
    for (ElementDeclaration element : declaration.elements()) {
      FlowElement built;
      if (element instanceof TaskDeclaration task) {
        claim(task.name(), task.location(), "task", locations);
        built = createTask(task);
      } else if (element instanceof FanOutDeclaration fan) {
        built = buildFanOut(fan, locations, inputs);
      } else {
        built = build((FlowDeclaration) element, locations, inputs);
      }
      flow.add(built);
      byName.put(element.name(), built);
    }
    for (LinkDeclaration link : declaration.links()) {
      FlowElement from = element(byName, link.from(), link.fromLocation(), declaration);
      FlowElement to = element(byName, link.to(), link.toLocation(), declaration);
      if (link.decider().isPresent()) {
        ((GraphFlow) flow).link(from, to, decider(link, link.decider().get(), declaration), link.depth());
      } else {
        ((GraphFlow) flow).link(from, to);
      }
    }
    return flow;
  }

  private Decider decider(LinkDeclaration link, LinkDecider decider, FlowDeclaration flow) {
    if (decider instanceof LinkDecider.JavaClass named) {
      try {
        return tasks.decider(named.className());
      } catch (TaskCreationException e) {
        throw new FlowFileException(named.location(), e.getMessage(), e);
      }
    }
    LinkDecider.When when = (LinkDecider.When) decider;
    checkResultKnown(link, when, flow);
    return when.condition();
  }

  /**
   * A condition can only test what its decider's history holds: the results of the tasks that the
   * links with a condition or decider into the same element come from (a flow has no result).
   */
  private static void checkResultKnown(LinkDeclaration link, LinkDecider.When when, FlowDeclaration flow) {
    Map<String, ElementDeclaration> elements = new LinkedHashMap<>();
    flow.elements().forEach(element -> elements.put(element.name(), element));
    List<String> known = new ArrayList<>();
    for (LinkDeclaration other : flow.links()) {
      if (other.to().equals(link.to())
          && other.decider().isPresent()
          && elements.get(other.from()) instanceof TaskDeclaration
          && !known.contains(other.from())) {
        known.add(other.from());
      }
    }
    String atom = when.condition().atom();
    if (known.contains(atom)) {
      return;
    }
    String what = "the condition on the link " + link.from() + " -> " + link.to() + " (line "
        + link.fromLocation().line() + ") tests the result of '" + atom + "'";
    ElementDeclaration named = elements.get(atom);
    String why;
    if (named instanceof FlowDeclaration) {
      why = ", a nested flow, which has no result";
    } else if (named instanceof FanOutDeclaration) {
      why = ", a fan-out, which gives a condition no result (test a task after it instead)";
    } else if (named instanceof TaskDeclaration) {
      why = ", which its decider will not have: no link with a condition or decider goes from '" + atom
          + "' to '" + link.to() + "'";
    } else {
      why = ", which is not an element of graph flow '" + flow.name() + "'" + Suggestions.didYouMean(atom, known);
    }
    String can = known.isEmpty()
        ? "; a condition tests the result of a task that a link with a condition or decider into '"
            + link.to() + "' comes from, and there is none"
        : "; it can test the result of " + String.join(", ", known.stream().map(name -> "'" + name + "'").toList())
            + " (the tasks that links with a condition or decider into '" + link.to() + "' come from)";
    throw new FlowFileException(when.resultLocation(), what + why + can);
  }

  private Flow buildFanOut(
      FanOutDeclaration fan, Map<String, SourceLocation> locations, Map<String, ?> inputs) {
    String what = "fan-out '" + fan.name() + "'";
    if (!inputs.containsKey(fan.over())) {
      throw new FlowFileException(
          fan.overLocation(),
          what + " is over '" + fan.over() + "', which no input gives; give it a list under 'inputs'"
              + " in the flow file or with --set " + fan.over() + "='[...]'");
    }
    Object items = inputs.get(fan.over());
    if (!(items instanceof List<?> list)) {
      throw new FlowFileException(
          fan.overLocation(),
          what + " is over '" + fan.over() + "', which is a JSON " + JsonTypes.nameOf(items) + ", not a list");
    }
    claim(fan.name(), fan.location(), "fan-out", locations);
    claim(FanOut.itemsFlowName(fan.name()), fan.location(), "fan-out", locations);
    claim(FanOut.gatherName(fan.name()), fan.location(), "fan-out", locations);
    for (int i = 0; i < list.size(); i++) {
      claim(FanOut.itemName(fan.name(), i), fan.location(), "fan-out item", locations);
    }
    try {
      return FanOut.over(fan.name(), list)
          .argument(fan.argument())
          .requires(fan.requires().toArray(String[]::new))
          .tasks((spec, item) -> createTask(itemDeclaration(fan, spec)))
          .provides(fan.provides())
          .build();
    } catch (IllegalArgumentException | IllegalStateException | NullPointerException e) {
      throw new FlowFileException(fan.location(), e.getMessage() + " (the items are the input '" + fan.over() + "')", e);
    }
  }

  /** One item's task as if it were written in the file: the fan-out's fields with the item's spec. */
  private static TaskDeclaration itemDeclaration(FanOutDeclaration fan, TaskSpec spec) {
    Map<String, Object> inject = new LinkedHashMap<>(fan.inject());
    inject.putAll(spec.inject());
    return new TaskDeclaration(
        fan.task(),
        spec.name(),
        fan.version(),
        Optional.of(spec.requires()),
        Optional.of(spec.provides()),
        fan.rebind(),
        inject,
        Optional.empty(),
        List.of(),
        List.of(),
        Map.of(),
        fan.location(),
        fan.taskLocation());
  }

  private Task createTask(TaskDeclaration declaration) {
    Task task;
    try {
      task = tasks.create(declaration);
    } catch (TaskCreationException e) {
      throw new FlowFileException(declaration.taskLocation(), e.getMessage(), e);
    }
    if (!task.name().equals(declaration.name())) {
      throw new FlowFileException(
          declaration.taskLocation(),
          "the task resolver named the task '" + task.name() + "' instead of '" + declaration.name() + "'");
    }
    return task;
  }

  private static FlowElement element(
      Map<String, FlowElement> byName,
      String name,
      SourceLocation location,
      FlowDeclaration flow) {
    FlowElement element = byName.get(name);
    if (element == null) {
      throw new FlowFileException(
          location,
          "graph flow '"
              + flow.name()
              + "' has no element named '"
              + name
              + "'"
              + Suggestions.didYouMean(name, byName.keySet())
              + "; links join the flow's own elements: "
              + String.join(", ", byName.keySet()));
    }
    return element;
  }

  private static void claim(
      String name, SourceLocation location, String kind, Map<String, SourceLocation> locations) {
    SourceLocation earlier = locations.putIfAbsent(name, location);
    if (earlier != null) {
      throw new FlowFileException(
          location,
          "the "
              + kind
              + " name '"
              + name
              + "' is already used at line "
              + earlier.line()
              + " ("
              + (earlier.path().isEmpty() ? "top level" : earlier.path())
              + "); every task, flow and retry needs its own name");
    }
  }
}
