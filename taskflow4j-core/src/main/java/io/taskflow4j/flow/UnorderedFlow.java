package io.taskflow4j.flow;

import io.taskflow4j.FlowElement;
import io.taskflow4j.retry.Retry;

/**
 * Runs its elements in no particular order, in parallel when the engine has threads. Elements do
 * not see each other's results. Thread-safety: as {@link Flow}.
 */
public final class UnorderedFlow extends Flow {

  UnorderedFlow(String name) {
    super(name);
  }

  @Override
  public UnorderedFlow add(FlowElement... added) {
    super.add(added);
    return this;
  }

  @Override
  public UnorderedFlow retry(Retry controller) {
    super.retry(controller);
    return this;
  }
}
