package io.taskflow4j.engine.internal;

import io.taskflow4j.FlowElement;
import io.taskflow4j.flow.Flow;
import io.taskflow4j.flow.FlowDefinitionException;
import io.taskflow4j.flow.GraphFlow;
import io.taskflow4j.flow.LinearFlow;
import io.taskflow4j.flow.UnorderedFlow;
import io.taskflow4j.retry.Retry;
import io.taskflow4j.task.Task;
import io.taskflow4j.task.TaskSpec;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns a flow tree into a graph of nodes in time and memory linear in the number of atoms (times
 * the nesting depth). Every flow becomes a start and an end node around its elements, so ordering
 * between large sub-flows costs two edges instead of one per pair of atoms. Node ids are handed
 * out depth-first, which makes every sub-flow a contiguous id range. Not thread-safe; one use.
 */
public final class FlowCompiler {

  private final Map<String, ?> inputs;
  /** Values injected by the engine for one task each: task name to argument to value. */
  private final Map<String, Map<String, Object>> atomInjections;
  private final boolean requireInputs;
  private final List<Node> nodes = new ArrayList<>();
  private final List<RetryScope> scopes = new ArrayList<>();
  /** Each flow's start and end node id. Tasks are not stored: pass 2 recounts their ids. */
  private final Map<Flow, int[]> flowRange = new IdentityHashMap<>();
  /** What each flow exports. A task's exports are its provides under its own id. */
  private final Map<Flow, Map<String, List<Integer>>> flowExports = new IdentityHashMap<>();
  /** Each task node's spec, read once in pass 1, indexed by node id. */
  private final TaskSpec[] specs;
  private final Map<String, String> names;
  private final List<String> duplicates = new ArrayList<>();
  private int[] edgeFrom = new int[64];
  private int[] edgeTo = new int[64];
  private int edgeCount;
  private final Set<String> missing = new LinkedHashSet<>();
  private final List<String> missingAtoms = new ArrayList<>();
  private final List<String> missingSymbols = new ArrayList<>();
  /** True once a task has a priority other than 0: only then are successors ordered by it. */
  private boolean prioritized;
  /** True while a task's revert arguments are bound, for the messages. */
  private boolean bindingRevert;
  /** The deciders of graph-flow links, by the node the link leads to; null until there is one. */
  private List<List<EdgeDecider>> deciders;
  /** What atoms require that no atom of the outermost flow provides, in the order met. */
  private final Set<String> external = new LinkedHashSet<>();

  private FlowCompiler(Flow root, Map<String, ?> inputs, boolean requireInputs, Map<String, Map<String, Object>> atomInjections) {
    this.inputs = inputs;
    this.requireInputs = requireInputs;
    this.atomInjections = atomInjections;
    // Sized up front: growing these maps was most of the cost of compiling very large flows.
    int[] counts = countElements(root);
    int elements = counts[0];
    this.names = new HashMap<>(capacityFor(elements));
    this.specs = new TaskSpec[counts[1]];
  }

  /** A hash map capacity that holds about one entry per element without growing. */
  private static int capacityFor(int elements) {
    return (int) Math.min(1 << 30, elements * 4L / 3 + 1);
  }

  /** The number of elements (flows and tasks) and of nodes (a task has one, a flow two). */
  private static int[] countElements(Flow root) {
    int count = 1;
    int nodeCount = 2;
    Deque<Flow> todo = new ArrayDeque<>();
    todo.push(root);
    while (!todo.isEmpty()) {
      for (FlowElement element : todo.pop().elements()) {
        count++;
        if (element instanceof Flow nested) {
          nodeCount += 2;
          todo.push(nested);
        } else {
          nodeCount++;
        }
      }
    }
    return new int[] {count, nodeCount};
  }

  /**
   * Compiles a flow.
   *
   * @param flow the outermost flow
   * @param inputs the engine's inputs, which satisfy requirements nothing provides
   * @return the compiled graph
   * @throws FlowDefinitionException when the flow is invalid
   */
  public static CompiledFlow compile(Flow flow, Map<String, ?> inputs) {
    return compile(flow, inputs, Map.of());
  }

  /**
   * Compiles a flow with values injected for single tasks, which win over the tasks' own injected
   * values and every other source of those arguments.
   *
   * @param flow the outermost flow
   * @param inputs the engine's inputs, which satisfy requirements nothing provides
   * @param atomInjections task name to argument name to value
   * @return the compiled graph
   * @throws FlowDefinitionException when the flow is invalid or an injection names no task of it
   */
  public static CompiledFlow compile(Flow flow, Map<String, ?> inputs, Map<String, Map<String, Object>> atomInjections) {
    return new FlowCompiler(flow, inputs, true, atomInjections).run(flow);
  }

  /**
   * Compiles a flow for inspection, treating every requirement nothing provides as an input.
   *
   * @param flow the outermost flow
   * @return the compiled graph
   * @throws FlowDefinitionException when the flow has a cycle, a duplicate or an ambiguity
   */
  public static CompiledFlow compileForInspection(Flow flow) {
    return new FlowCompiler(flow, Map.of(), false, Map.of()).run(flow);
  }

  private CompiledFlow run(Flow root) {
    allocate(root, -1);
    if (!duplicates.isEmpty()) {
      throw new FlowDefinitionException(
          "duplicate names in flow '" + root.name() + "': " + String.join(", ", duplicates)
              + "; every atom and flow needs its own name",
          duplicates,
          List.of());
    }
    List<String> strangers = new ArrayList<>();
    for (String atom : atomInjections.keySet()) {
      if (!"task".equals(names.get(atom))) {
        strangers.add(atom);
      }
    }
    if (!strangers.isEmpty()) {
      throw new FlowDefinitionException(
          "values are injected for " + strangers + ", which " + (strangers.size() == 1 ? "is not a task" : "are not tasks")
              + " of flow '" + root.name() + "'",
          strangers,
          List.of());
    }
    link(root, new ArrayDeque<>());
    if (!missing.isEmpty()) {
      throw new FlowDefinitionException(
          "unsatisfied requirements in flow '"
              + root.name()
              + "': "
              + String.join("; ", missing)
              + " (nothing provides them and no input supplies them)",
          missingAtoms,
          missingSymbols);
    }
    Node[] array = nodes.toArray(new Node[0]);
    buildAdjacency(array);
    checkAcyclic(array, root);
    if (deciders != null) {
      attachDeciders(array);
    }
    if (prioritized) {
      orderByPriority(array);
    }
    return new CompiledFlow(
        root.name(), array, scopes.toArray(new RetryScope[0]), flowExports.get(root), external);
  }

  // ---- pass 1: ids, names, scopes, exports

  private void allocate(Flow flow, int enclosingScope) {
    claimName(flow.name(), "flow");
    int start;
    int scope = enclosingScope;
    if (flow.retryController().isPresent()) {
      Retry retry = flow.retryController().get();
      String retryName = flow.retryName().orElseThrow();
      claimName(retryName, "retry");
      start = addNode(Node.Kind.RETRY, retryName, null, retry);
      Node retryNode = nodes.get(start);
      retryNode.enclosingScope = enclosingScope;
      scope = scopes.size();
      retryNode.controlledScope = scope;
      scopes.add(null);
      retryNode.provides = retry.provides().map(p -> new String[] {p}).orElse(new String[0]);
    } else {
      start = addNode(Node.Kind.START, flow.name(), null, null);
      nodes.get(start).enclosingScope = enclosingScope;
    }
    List<FlowElement> elements = flow.elements();
    Map<String, List<Integer>> exports = new HashMap<>(capacityFor(elements.size()));
    boolean shadowing = flow instanceof LinearFlow;
    for (FlowElement element : elements) {
      if (element instanceof Task task) {
        String name = task.name();
        claimName(name, "task");
        int id = addNode(Node.Kind.TASK, name, task, null);
        Node node = nodes.get(id);
        node.enclosingScope = scope;
        TaskSpec spec = withInjected(task.spec(), atomInjections.get(name));
        specs[id] = spec;
        node.priority = spec.priority();
        prioritized |= node.priority != 0;
        List<String> provides = spec.provides();
        node.provides = provides.isEmpty() ? Node.NO_NAMES : provides.toArray(Node.NO_NAMES);
        if (node.provides.length == 1) {
          // The common case, without building the task's one-entry map.
          addExport(exports, shadowing, node.provides[0], List.of(id));
        } else if (node.provides.length > 1) {
          addExports(exports, shadowing, taskExports(id));
        }
      } else {
        Flow nested = (Flow) element;
        allocate(nested, scope);
        addExports(exports, shadowing, flowExports.get(nested));
      }
    }
    int end = addNode(Node.Kind.END, flow.name(), null, null);
    nodes.get(end).enclosingScope = scope;
    flowRange.put(flow, new int[] {start, end});
    if (scope != enclosingScope) {
      scopes.set(
          scope,
          new RetryScope(
              scope, enclosingScope, start, end, flow.retryController().get(), flow.name()));
    }
    flowExports.put(flow, exports);
  }

  /** A task's spec with values injected for it by the engine, which win over its own. */
  private static TaskSpec withInjected(TaskSpec spec, Map<String, Object> injected) {
    if (injected == null || injected.isEmpty()) {
      return spec;
    }
    Map<String, Object> all = new java.util.LinkedHashMap<>(spec.inject());
    all.putAll(injected);
    return new TaskSpec(spec.name(), spec.version(), spec.requires(), spec.provides(), spec.rebind(), all,
        spec.priority(), spec.revertRequires(), spec.revertRebind(), spec.optional());
  }

  private void claimName(String name, String kind) {
    String previous = names.putIfAbsent(name, kind);
    if (previous != null) {
      duplicates.add("'" + name + "' (" + previous + " and " + kind + ")");
    }
  }

  private int addNode(Node.Kind kind, String name, Task task, Retry retry) {
    int id = nodes.size();
    nodes.add(new Node(id, kind, name, task, retry));
    return id;
  }

  /** Adds one child's exports to its flow's; a linear flow's later children shadow earlier. */
  private static void addExports(
      Map<String, List<Integer>> exports, boolean shadowing, Map<String, List<Integer>> child) {
    for (Map.Entry<String, List<Integer>> entry : child.entrySet()) {
      addExport(exports, shadowing, entry.getKey(), entry.getValue());
    }
  }

  private static void addExport(
      Map<String, List<Integer>> exports, boolean shadowing, String symbol, List<Integer> ids) {
    if (shadowing) {
      exports.put(symbol, ids);
    } else {
      exports.merge(symbol, ids, FlowCompiler::concat);
    }
  }

  private static List<Integer> concat(List<Integer> a, List<Integer> b) {
    List<Integer> all = new ArrayList<>(a.size() + b.size());
    all.addAll(a);
    all.addAll(b);
    return all;
  }

  /**
   * What an element makes visible to later siblings: symbol to the atoms providing it.
   *
   * @param element a flow or task
   * @param start the element's first node id
   */
  private Map<String, List<Integer>> exportsOf(FlowElement element, int start) {
    return element instanceof Flow nested ? flowExports.get(nested) : taskExports(start);
  }

  /** A task's exports: each symbol it provides, provided by the task alone. */
  private Map<String, List<Integer>> taskExports(int id) {
    String[] provides = nodes.get(id).provides;
    if (provides.length == 0) {
      return Map.of();
    }
    if (provides.length == 1) {
      return Map.of(provides[0], List.of(id));
    }
    Map<String, List<Integer>> exports = new HashMap<>(capacityFor(provides.length));
    List<Integer> self = List.of(id);
    for (String symbol : provides) {
      exports.put(symbol, self);
    }
    return exports;
  }

  // ---- pass 2: edges and argument bindings

  /** What one enclosing flow makes visible to the element being linked. */
  private static final class Level {
    final Flow flow;
    final Map<String, List<Integer>> visible;
    final Map<String, List<Integer>> siblingOwners;
    /** In a graph flow, each child's first and last node id. */
    final int[] childStart;
    final int[] childEnd;
    int currentChild = -1;
    final Set<Long> inferred = new HashSet<>();

    Level(Flow flow, Map<String, List<Integer>> visible) {
      this(flow, visible, null, null, null);
    }

    Level(
        Flow flow,
        Map<String, List<Integer>> visible,
        Map<String, List<Integer>> siblingOwners,
        int[] childStart,
        int[] childEnd) {
      this.flow = flow;
      this.visible = visible;
      this.siblingOwners = siblingOwners;
      this.childStart = childStart;
      this.childEnd = childEnd;
    }
  }

  private void link(Flow flow, Deque<Level> levels) {
    int[] own = flowRange.get(flow);
    int start = own[0];
    int end = own[1];
    Node startNode = nodes.get(start);
    boolean hasRetry = startNode.kind == Node.Kind.RETRY;
    if (hasRetry) {
      Retry retry = startNode.retry;
      bindArguments(
          startNode, TaskSpec.builder(startNode.name).requires(retry.requires()).build(), levels);
      Map<String, List<Integer>> retryExports = new HashMap<>();
      retry.provides().ifPresent(p -> retryExports.put(p, List.of(start)));
      levels.push(new Level(flow, retryExports));
    }
    // Ids were handed out depth-first in element order: a task's id is the next one, a nested
    // flow's range is looked up, so tasks need no per-element map entries.
    List<FlowElement> elements = flow.elements();
    if (elements.isEmpty() && !(flow instanceof LinearFlow)) {
      // Nothing inside: the flow ends as soon as it starts (a linear flow links it below).
      edge(start, end);
    }
    if (flow instanceof LinearFlow) {
      Level level = new Level(flow, new HashMap<>(capacityFor(elements.size())));
      levels.push(level);
      int previous = start;
      int next = start + 1;
      for (FlowElement element : elements) {
        Node first = nodes.get(next);
        edge(previous, next);
        if (first.kind == Node.Kind.TASK) {
          bindArguments(first, specs[next], levels);
          String[] provides = first.provides;
          if (provides.length == 1) {
            level.visible.put(provides[0], List.of(next));
          } else if (provides.length > 1) {
            level.visible.putAll(taskExports(next));
          }
          previous = next;
        } else {
          Flow nested = (Flow) element;
          link(nested, levels);
          level.visible.putAll(flowExports.get(nested));
          previous = flowRange.get(nested)[1];
        }
        next = previous + 1;
      }
      edge(previous, end);
      levels.pop();
    } else if (flow instanceof UnorderedFlow) {
      levels.push(new Level(flow, Map.of()));
      int next = start + 1;
      for (FlowElement element : elements) {
        Node first = nodes.get(next);
        edge(start, next);
        int last;
        if (first.kind == Node.Kind.TASK) {
          bindArguments(first, specs[next], levels);
          last = next;
        } else {
          Flow nested = (Flow) element;
          link(nested, levels);
          last = flowRange.get(nested)[1];
        }
        edge(last, end);
        next = last + 1;
      }
      levels.pop();
    } else {
      GraphFlow graph = (GraphFlow) flow;
      int size = elements.size();
      int[] childStart = new int[size];
      int[] childEnd = new int[size];
      Map<String, List<Integer>> owners = new HashMap<>(capacityFor(size));
      int next = start + 1;
      for (int i = 0; i < size; i++) {
        FlowElement element = elements.get(i);
        childStart[i] = next;
        String[] provides = nodes.get(next).provides;
        if (nodes.get(next).kind == Node.Kind.TASK) {
          childEnd[i] = next;
          if (provides.length == 1) {
            owners.computeIfAbsent(provides[0], s -> new ArrayList<>(1)).add(i);
          } else if (provides.length > 1) {
            addOwner(owners, taskExports(next), i);
          }
        } else {
          Flow nested = (Flow) element;
          childEnd[i] = flowRange.get(nested)[1];
          addOwner(owners, flowExports.get(nested), i);
        }
        next = childEnd[i] + 1;
      }
      Level level = new Level(flow, null, owners, childStart, childEnd);
      levels.push(level);
      for (int i = 0; i < size; i++) {
        edge(start, childStart[i]);
        level.currentChild = i;
        Node first = nodes.get(childStart[i]);
        if (first.kind == Node.Kind.TASK) {
          bindArguments(first, specs[childStart[i]], levels);
        } else {
          link((Flow) elements.get(i), levels);
        }
        edge(childEnd[i], end);
      }
      levels.pop();
      List<GraphFlow.Link> links = graph.links();
      if (!links.isEmpty()) {
        Map<FlowElement, Integer> index = new IdentityHashMap<>(size);
        for (int i = 0; i < size; i++) {
          index.put(elements.get(i), i);
        }
        for (GraphFlow.Link explicit : links) {
          int from = childEnd[index.get(explicit.from())];
          int to = childStart[index.get(explicit.to())];
          edge(from, to);
          explicit.decider().ifPresent(decider -> decidersInto(to).add(new EdgeDecider(from, decider, explicit.depth())));
        }
      }
    }
    if (hasRetry) {
      levels.pop();
    }
  }

  /**
   * Orders each node's successors by priority, highest first, where one has a priority: what
   * starts first among atoms that become ready together.
   */
  private static void orderByPriority(Node[] array) {
    for (Node node : array) {
      boolean prioritized = false;
      for (int next : node.successors) {
        prioritized |= array[next].priority != 0;
      }
      if (prioritized && node.successors.length > 1) {
        node.successors = Arrays.stream(node.successors).boxed()
            .sorted((a, b) -> Integer.compare(array[b].priority, array[a].priority))
            .mapToInt(Integer::intValue).toArray();
        node.successorsByPriority = true;
      }
    }
  }

  private List<EdgeDecider> decidersInto(int to) {
    if (deciders == null) {
      deciders = new ArrayList<>(java.util.Collections.nCopies(nodes.size(), null));
    }
    if (deciders.get(to) == null) {
      deciders.set(to, new ArrayList<>(1));
    }
    return deciders.get(to);
  }

  /**
   * Gives each atom the deciders that decide whether it runs: those on the links into it, and, as
   * flows are stepped over, those on the links into the flows that it starts (a flow with a retry
   * starts with its retry controller, which takes them).
   */
  private void attachDeciders(Node[] array) {
    List<EdgeDecider> found = new ArrayList<>();
    int[] stack = new int[8];
    boolean[] seen = new boolean[array.length];
    int[] touched = new int[8];
    for (Node node : array) {
      if (!node.isAtom()) {
        continue;
      }
      found.clear();
      if (deciders.get(node.id) != null) {
        found.addAll(deciders.get(node.id));
      }
      // Walk back through the flow starts this atom begins, collecting the links into them.
      int top = 0;
      int marked = 0;
      for (int previous : node.predecessors) {
        if (array[previous].kind == Node.Kind.START) {
          stack = push(stack, top++, previous);
        }
      }
      while (top > 0) {
        int start = stack[--top];
        if (seen[start]) {
          continue;
        }
        seen[start] = true;
        touched = push(touched, marked++, start);
        if (deciders.get(start) != null) {
          found.addAll(deciders.get(start));
        }
        for (int previous : array[start].predecessors) {
          if (array[previous].kind == Node.Kind.START) {
            stack = push(stack, top++, previous);
          }
        }
      }
      for (int k = 0; k < marked; k++) {
        seen[touched[k]] = false;
      }
      if (!found.isEmpty()) {
        node.deciders = found.toArray(new EdgeDecider[0]);
      }
    }
  }

  private static int[] push(int[] stack, int at, int value) {
    int[] into = at == stack.length ? Arrays.copyOf(stack, at * 2) : stack;
    into[at] = value;
    return into;
  }

  private static void addOwner(
      Map<String, List<Integer>> owners, Map<String, List<Integer>> exports, int child) {
    for (String symbol : exports.keySet()) {
      owners.computeIfAbsent(symbol, s -> new ArrayList<>(1)).add(child);
    }
  }

  private void bindArguments(Node node, TaskSpec spec, Deque<Level> levels) {
    if (!spec.requires().isEmpty() || !spec.inject().isEmpty() || !spec.optional().isEmpty()) {
      Bound bound = bindAll(node, spec, levels);
      node.argumentNames = bound.names();
      node.arguments = bound.bindings();
    }
    if (spec.hasRevertArguments()) {
      bindingRevert = true;
      Bound bound = bindAll(node, spec.revertSpec(), levels);
      bindingRevert = false;
      node.revertArgumentNames = bound.names();
      node.revertArguments = bound.bindings();
    }
  }

  /** The names a task is called with and where each value comes from, index by index. */
  private record Bound(String[] names, Binding[] bindings) {}

  /**
   * Binds what a task is called with: what it requires, then its optional arguments that have a
   * value, then what is injected beyond those. Sized up front: this runs once per task.
   */
  private Bound bindAll(Node node, TaskSpec spec, Deque<Level> levels) {
    List<String> requires = spec.requires();
    int extraInjected = 0;
    for (String injected : spec.inject().keySet()) {
      if (!requires.contains(injected)) {
        extraInjected++;
      }
    }
    int size = requires.size() + spec.optional().size() + extraInjected;
    String[] names = new String[size];
    Binding[] bindings = new Binding[size];
    int count = 0;
    for (String argument : requires) {
      names[count] = argument;
      bindings[count++] = bind(node, spec, argument, levels, false);
    }
    for (String argument : spec.optional()) {
      Binding binding = spec.inject().containsKey(argument) ? null : bind(node, spec, argument, levels, true);
      if (binding != null) {
        names[count] = argument;
        bindings[count++] = binding;
      }
    }
    for (Map.Entry<String, Object> injected : spec.inject().entrySet()) {
      if (!requires.contains(injected.getKey())) {
        names[count] = injected.getKey();
        bindings[count++] = Binding.constant(injected.getValue());
      }
    }
    return count == size
        ? new Bound(names, bindings)
        : new Bound(Arrays.copyOf(names, count), Arrays.copyOf(bindings, count));
  }




  /** Binds one argument; an optional one with no value anywhere gives null. */
  private Binding bind(Node node, TaskSpec spec, String argument, Deque<Level> levels, boolean optional) {
    if (spec.inject().containsKey(argument)) {
      return Binding.constant(spec.inject().get(argument));
    }
    String symbol = spec.sourceOf(argument);
    // As in the reference, a value injected under the name an argument is rebound to supplies it.
    if (spec.inject().containsKey(symbol)) {
      return Binding.constant(spec.inject().get(symbol));
    }
    for (Level level : levels) {
      List<Integer> providers = null;
      if (level.siblingOwners != null) {
        List<Integer> owners = level.siblingOwners.get(symbol);
        if (owners != null) {
          List<Integer> others = new ArrayList<>(owners);
          others.remove(Integer.valueOf(level.currentChild));
          if (others.size() > 1) {
            throw ambiguous(node, symbol, collectProviders(level, others, symbol), level.flow);
          }
          if (others.size() == 1) {
            int provider = others.get(0);
            long key = ((long) provider << 32) | level.currentChild;
            if (level.inferred.add(key)) {
              edge(level.childEnd[provider], level.childStart[level.currentChild]);
            }
            providers =
                exportsOf(level.flow.elements().get(provider), level.childStart[provider])
                    .get(symbol);
          }
        }
      } else {
        providers = level.visible.get(symbol);
      }
      if (providers != null) {
        if (providers.size() > 1) {
          throw ambiguous(node, symbol, providers, level.flow);
        }
        int provider = providers.get(0);
        return Binding.provider(provider, indexOf(nodes.get(provider).provides, symbol));
      }
    }
    if (optional) {
      return inputs.containsKey(symbol) ? Binding.input(symbol) : null;
    }
    external.add(symbol);
    if (inputs.containsKey(symbol) || !requireInputs) {
      return Binding.input(symbol);
    }
    missing.add("atom '" + node.name + "' requires '" + symbol + "'" + (bindingRevert ? " to revert" : ""));
    missingAtoms.add(node.name);
    missingSymbols.add(symbol);
    return Binding.input(symbol);
  }

  private List<Integer> collectProviders(Level level, List<Integer> children, String symbol) {
    List<Integer> all = new ArrayList<>();
    for (int child : children) {
      all.addAll(
          exportsOf(level.flow.elements().get(child), level.childStart[child]).get(symbol));
    }
    return all;
  }

  private FlowDefinitionException ambiguous(
      Node consumer, String symbol, List<Integer> providers, Flow where) {
    List<String> atoms = new ArrayList<>();
    for (int provider : providers) {
      atoms.add(nodes.get(provider).name);
    }
    List<String> involved = new ArrayList<>(atoms);
    involved.add(consumer.name);
    return new FlowDefinitionException(
        "ambiguous provider of '"
            + symbol
            + "' required by atom '"
            + consumer.name
            + "' in flow '"
            + where.name()
            + "': provided by "
            + quote(atoms),
        involved,
        List.of(symbol));
  }

  private static int indexOf(String[] values, String value) {
    for (int i = 0; i < values.length; i++) {
      if (values[i].equals(value)) {
        return i;
      }
    }
    throw new IllegalStateException("'" + value + "' is not in " + Arrays.toString(values));
  }

  private void edge(int from, int to) {
    if (edgeCount == edgeFrom.length) {
      edgeFrom = Arrays.copyOf(edgeFrom, edgeCount * 2);
      edgeTo = Arrays.copyOf(edgeTo, edgeCount * 2);
    }
    edgeFrom[edgeCount] = from;
    edgeTo[edgeCount] = to;
    edgeCount++;
  }

  // ---- adjacency and cycle check

  private void buildAdjacency(Node[] array) {
    int[] outDegree = new int[array.length];
    int[] inDegree = new int[array.length];
    for (int e = 0; e < edgeCount; e++) {
      outDegree[edgeFrom[e]]++;
      inDegree[edgeTo[e]]++;
    }
    for (Node node : array) {
      node.successors = new int[outDegree[node.id]];
      node.predecessors = new int[inDegree[node.id]];
    }
    int[] outFill = new int[array.length];
    int[] inFill = new int[array.length];
    for (int e = 0; e < edgeCount; e++) {
      int from = edgeFrom[e];
      int to = edgeTo[e];
      array[from].successors[outFill[from]++] = to;
      array[to].predecessors[inFill[to]++] = from;
    }
  }

  private static void checkAcyclic(Node[] array, Flow root) {
    int[] remaining = new int[array.length];
    int[] stack = new int[array.length];
    int top = 0;
    for (Node node : array) {
      remaining[node.id] = node.predecessors.length;
      if (remaining[node.id] == 0) {
        stack[top++] = node.id;
      }
    }
    int visited = 0;
    while (top > 0) {
      int id = stack[--top];
      visited++;
      for (int next : array[id].successors) {
        if (--remaining[next] == 0) {
          stack[top++] = next;
        }
      }
    }
    if (visited == array.length) {
      return;
    }
    // Peel off what merely hangs below a cycle, leaving the atoms on (or between) cycles.
    int[] outLeft = new int[array.length];
    top = 0;
    for (Node node : array) {
      if (remaining[node.id] > 0) {
        for (int next : node.successors) {
          if (remaining[next] > 0) {
            outLeft[node.id]++;
          }
        }
        if (outLeft[node.id] == 0) {
          stack[top++] = node.id;
        }
      }
    }
    boolean[] peeled = new boolean[array.length];
    while (top > 0) {
      int id = stack[--top];
      peeled[id] = true;
      for (int previous : array[id].predecessors) {
        if (remaining[previous] > 0 && !peeled[previous] && --outLeft[previous] == 0) {
          stack[top++] = previous;
        }
      }
    }
    Set<String> involved = new LinkedHashSet<>();
    for (Node node : array) {
      if (remaining[node.id] > 0 && !peeled[node.id]) {
        involved.add(node.name);
      }
    }
    List<String> atoms = new ArrayList<>(involved);
    throw new FlowDefinitionException(
        "cycle in flow '" + root.name() + "' between " + quote(atoms), atoms, List.of());
  }

  private static String quote(List<String> names) {
    StringBuilder out = new StringBuilder();
    for (String name : names) {
      if (out.length() > 0) {
        out.append(", ");
      }
      out.append('\'').append(name).append('\'');
    }
    return out.toString();
  }
}
