package io.taskflow4j.flow;

import io.taskflow4j.FlowElement;
import io.taskflow4j.retry.Retry;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Orders its elements by what they require and provide: an element that requires a name another
 * element provides runs after it. Explicit {@link #link links} add more ordering; a link can carry a
 * {@link Decider} that, once the element it leads from has run, decides whether what it leads to
 * runs. Elements with no path between them run in parallel. A cycle is reported when the flow is
 * compiled. Thread-safety: as {@link Flow}.
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
    return addLink(from, to, Optional.empty(), DeciderDepth.ALL);
  }

  /**
   * Makes {@code to} run after {@code from}, and only if {@code decider} says so once {@code from}
   * has run; when it says no, {@code to} and every atom after it are skipped ({@link
   * DeciderDepth#ALL}). When {@code to} is a flow, the decider decides for each atom the flow starts
   * with.
   *
   * @param from the element that runs first
   * @param to the element that runs after it, if the decider says so
   * @param decider decides, given the result of {@code from}
   * @return this flow
   * @throws IllegalArgumentException when an element is not in this flow or both are the same
   */
  public GraphFlow link(FlowElement from, FlowElement to, Decider decider) {
    return link(from, to, decider, DeciderDepth.ALL);
  }

  /**
   * Makes {@code to} run after {@code from}, and only if {@code decider} says so; when it says no,
   * {@code depth} says what else is skipped.
   *
   * @param from the element that runs first
   * @param to the element that runs after it, if the decider says so
   * @param decider decides, given the result of {@code from}
   * @param depth what is skipped when the decider says no
   * @return this flow
   * @throws IllegalArgumentException when an element is not in this flow or both are the same
   */
  public GraphFlow link(FlowElement from, FlowElement to, Decider decider, DeciderDepth depth) {
    Objects.requireNonNull(decider, "decider");
    Objects.requireNonNull(depth, "depth");
    return addLink(from, to, Optional.of(decider), depth);
  }

  private GraphFlow addLink(FlowElement from, FlowElement to, Optional<Decider> decider, DeciderDepth depth) {
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(to, "to");
    requireElement(from);
    requireElement(to);
    if (from == to) {
      throw new IllegalArgumentException(
          "cannot link '" + from.name() + "' to itself in graph flow '" + name() + "'");
    }
    links.add(new Link(from, to, decider, depth));
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
   * An explicit ordering between two elements of a graph flow, with what decides whether the second
   * runs.
   *
   * @param from the element that runs first
   * @param to the element that runs after it
   * @param decider decides whether {@code to} runs; empty: it always does
   * @param depth what is skipped when the decider says no
   */
  public record Link(FlowElement from, FlowElement to, Optional<Decider> decider, DeciderDepth depth) {

    /**
     * Validates the components.
     *
     * @param from the element that runs first
     * @param to the element that runs after it
     * @param decider decides whether {@code to} runs; empty: it always does
     * @param depth what is skipped when the decider says no
     */
    public Link {
      Objects.requireNonNull(from, "from");
      Objects.requireNonNull(to, "to");
      Objects.requireNonNull(decider, "decider");
      Objects.requireNonNull(depth, "depth");
    }

    /**
     * A plain ordering, with no decider.
     *
     * @param from the element that runs first
     * @param to the element that runs after it
     */
    public Link(FlowElement from, FlowElement to) {
      this(from, to, Optional.empty(), DeciderDepth.ALL);
    }
  }
}
