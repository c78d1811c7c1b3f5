package io.taskflow4j.flow;

import io.taskflow4j.FlowElement;
import io.taskflow4j.retry.Retry;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * Orders its elements by what they require and provide: an element that requires a name another
 * element provides runs after it. Explicit {@link #link links} add more ordering. Elements with no
 * path between them run in parallel. A cycle is reported when the flow is compiled. Thread-safety:
 * as {@link Flow}.
 */
public final class GraphFlow extends Flow {

  private final List<Link> links = new ArrayList<>();

  GraphFlow(String name) {
    super(name);
  }

  @Override
  public GraphFlow add(FlowElement... added) {
    super.add(added);
    return this;
  }

  @Override
  public GraphFlow retry(Retry controller) {
    super.retry(controller);
    return this;
  }

  /**
   * Makes {@code to} run after {@code from}. Both must already be elements of this flow.
   *
   * @param from the element that runs first
   * @param to the element that runs after it
   * @return this flow
   * @throws IllegalArgumentException when an element is not in this flow or both are the same
   */
  public GraphFlow link(FlowElement from, FlowElement to) {
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(to, "to");
    requireElement(from);
    requireElement(to);
    if (from == to) {
      throw new IllegalArgumentException(
          "cannot link '" + from.name() + "' to itself in graph flow '" + name() + "'");
    }
    links.add(new Link(from, to));
    return this;
  }

  private void requireElement(FlowElement element) {
    if (isElement(element)) {
      return;
    }
    throw new IllegalArgumentException(
        "'" + element.name() + "' is not an element of graph flow '" + name() + "'; add it first");
  }

  /**
   * The explicit links, in the order added.
   *
   * @return an unmodifiable view
   */
  public List<Link> links() {
    return Collections.unmodifiableList(links);
  }

  /**
   * An explicit ordering between two elements of a graph flow.
   *
   * @param from the element that runs first
   * @param to the element that runs after it
   */
  public record Link(FlowElement from, FlowElement to) {}
}
