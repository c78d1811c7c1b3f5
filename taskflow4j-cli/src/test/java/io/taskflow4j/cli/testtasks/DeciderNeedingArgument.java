package io.taskflow4j.cli.testtasks;

import io.taskflow4j.flow.Decider;
import io.taskflow4j.flow.DeciderHistory;

/** A decider that can only be built with an argument, which flow files cannot give. */
public final class DeciderNeedingArgument implements Decider {

  private final boolean answer;

  public DeciderNeedingArgument(boolean answer) {
    this.answer = answer;
  }

  @Override
  public boolean shouldRun(DeciderHistory history) {
    return answer;
  }
}
