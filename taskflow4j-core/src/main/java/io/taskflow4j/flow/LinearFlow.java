package io.taskflow4j.flow;

import io.taskflow4j.FlowElement;
import io.taskflow4j.retry.Retry;

/**
 * Runs its elements one after another, in the order added; each sees what earlier ones provided.
 * Reverts in the opposite order. Thread-safety: as {@link Flow}.
 */
public final class LinearFlow extends Flow {

  LinearFlow(String name) {
    super(name);
  }

  @Override
  public LinearFlow add(FlowElement... added) {
    super.add(added);
    return this;
  }

  @Override
  public LinearFlow retry(Retry controller) {
    super.retry(controller);
    return this;
  }
}
