package io.taskflow4j.flow;

/**
 * Decides, when the atom a {@link GraphFlow#link(io.taskflow4j.FlowElement,
 * io.taskflow4j.FlowElement, Decider) link} leads to is about to run, whether it runs. When a
 * decider says no, that atom and, depending on the link's {@link DeciderDepth}, atoms after it are
 * skipped: they end IGNORE, are never run and never reverted.
 *
 * <p>Deciders run on the engine's own thread between atoms, so they should be quick and must not
 * block. One that throws fails the atom the link leads to, as if that atom had thrown, and the flow
 * reverts.
 *
 * <pre>{@code
 * flow.link(check, charge, history -> Boolean.TRUE.equals(history.result("check").orElse(false)));
 * }</pre>
 */
@FunctionalInterface
public interface Decider {

  /**
   * Decides whether the atom runs.
   *
   * @param history the results of the atoms the atom's deciding links come from
   * @return true to run it, false to skip it (and, by the link's depth, what follows)
   * @throws Exception to fail the atom instead
   */
  boolean shouldRun(DeciderHistory history) throws Exception;
}
