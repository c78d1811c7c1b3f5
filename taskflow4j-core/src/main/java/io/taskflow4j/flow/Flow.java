package io.taskflow4j.flow;

import io.taskflow4j.FlowElement;
import io.taskflow4j.retry.Retry;
import io.taskflow4j.task.Task;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A composition of tasks and nested flows in one of three patterns: {@link LinearFlow} (one after
 * another), {@link UnorderedFlow} (in any order, in parallel when possible) and {@link GraphFlow}
 * (ordered by what each element requires and provides, plus explicit links). Flows nest in each
 * other freely and may carry a {@link Retry} controller.
 *
 * <pre>{@code
 * Flow flow = Flow.linear("order")
 *     .add(validate)
 *     .add(Flow.unordered("reserve").add(reserveStock, reservePayment))
 *     .add(ship);
 * }</pre>
 *
 * <p>Thread-safety: a flow is built by one thread and must not change while an engine compiles
 * it; the engine works from what it compiled.
 */
public abstract sealed class Flow implements FlowElement permits LinearFlow, UnorderedFlow, GraphFlow {

  private final String name;
  private final List<FlowElement> elements = new ArrayList<>();
  private final Set<FlowElement> members = Collections.newSetFromMap(new IdentityHashMap<>());
  private Retry retry;

  Flow(String name) {
    Objects.requireNonNull(name, "flow name must not be null");
    if (name.isBlank()) {
      throw new IllegalArgumentException("flow name must not be blank");
    }
    this.name = name;
  }

  /**
   * Creates an empty linear flow.
   *
   * @param name the flow's name
   * @return the flow
   */
  public static LinearFlow linear(String name) {
    return new LinearFlow(name);
  }

  /**
   * Creates an empty unordered flow.
   *
   * @param name the flow's name
   * @return the flow
   */
  public static UnorderedFlow unordered(String name) {
    return new UnorderedFlow(name);
  }

  /**
   * Creates an empty graph flow.
   *
   * @param name the flow's name
   * @return the flow
   */
  public static GraphFlow graph(String name) {
    return new GraphFlow(name);
  }

  @Override
  public String name() {
    return name;
  }

  /**
   * Adds tasks or nested flows, in order.
   *
   * @param added the elements
   * @return this flow
   * @throws IllegalArgumentException when an element is this flow, contains this flow, is already
   *     in it, or is neither a task nor a flow
   */
  public Flow add(FlowElement... added) {
    Objects.requireNonNull(added, "elements");
    for (FlowElement element : added) {
      addOne(element);
    }
    return this;
  }

  private void addOne(FlowElement element) {
    Objects.requireNonNull(element, "cannot add null to flow '" + name + "'");
    if (!(element instanceof Task) && !(element instanceof Flow)) {
      throw new IllegalArgumentException(
          "flow '" + name + "' accepts tasks and flows only, not " + element.getClass().getName());
    }
    if (element == this) {
      throw new IllegalArgumentException("flow '" + name + "' cannot be added to itself");
    }
    if (element instanceof Flow nested && nested.contains(this)) {
      throw new IllegalArgumentException(
          "flow '" + nested.name + "' contains flow '" + name + "', so it cannot be added to it");
    }
    if (!members.add(element)) {
      throw new IllegalArgumentException(
          "'" + element.name() + "' is already in flow '" + name + "'");
    }
    elements.add(element);
  }

  /**
   * Attaches a retry controller, which decides what happens when something inside fails.
   *
   * @param controller the retry
   * @return this flow
   */
  public Flow retry(Retry controller) {
    this.retry = Objects.requireNonNull(controller, "retry");
    return this;
  }

  /**
   * The direct elements, in the order added.
   *
   * @return an unmodifiable view
   */
  public List<FlowElement> elements() {
    return Collections.unmodifiableList(elements);
  }

  /**
   * The attached retry controller.
   *
   * @return the retry, or empty
   */
  public Optional<Retry> retryController() {
    return Optional.ofNullable(retry);
  }

  /**
   * The retry controller's atom name: its own name, or {@code <flow name>-retry}.
   *
   * @return the name, or empty when the flow has no retry
   */
  public Optional<String> retryName() {
    return retryController().map(r -> r.name().orElse(name + "-retry"));
  }

  /**
   * Tells whether an element was added directly to this flow.
   *
   * @param element the element
   * @return true when it is a direct element
   */
  public boolean isElement(FlowElement element) {
    return members.contains(element);
  }

  /**
   * Tells whether the given flow is this one or nested anywhere inside it.
   *
   * @param other the flow to look for
   * @return true when found
   */
  public boolean contains(Flow other) {
    Deque<Flow> todo = new ArrayDeque<>();
    todo.push(this);
    while (!todo.isEmpty()) {
      Flow current = todo.pop();
      if (current == other) {
        return true;
      }
      for (FlowElement element : current.elements) {
        if (element instanceof Flow nested) {
          todo.push(nested);
        }
      }
    }
    return false;
  }

  @Override
  public String toString() {
    return getClass().getSimpleName() + "[" + name + ", " + elements.size() + " elements]";
  }
}
