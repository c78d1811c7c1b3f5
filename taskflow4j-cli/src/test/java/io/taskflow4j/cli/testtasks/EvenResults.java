package io.taskflow4j.cli.testtasks;

import io.taskflow4j.flow.Decider;
import io.taskflow4j.flow.DeciderHistory;

/** A decider for flow files' {@code decider:}: runs the atom when every result in its history is an even number. */
public final class EvenResults implements Decider {

  @Override
  public boolean shouldRun(DeciderHistory history) {
    for (String atom : history.atoms()) {
      Object result = history.result(atom).orElse(null);
      if (!(result instanceof Number number) || number.longValue() % 2 != 0) {
        return false;
      }
    }
    return true;
  }
}
