package io.taskflow4j.engine;

import io.taskflow4j.state.AtomState;
import java.time.Duration;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

/**
 * What an engine has done since it was built or {@link Engine#reset() reset}: its atoms by state,
 * how many executes, reverts and retries it started, and the time it spent compiling the flow and
 * running it (from each run's start to its end, measured on the engine's clock). The counterpart of
 * the reference's engine statistics. Immutable.
 *
 * @param atoms how many atoms are in each state now; every state is a key
 * @param executes executes started, each attempt of a retried atom counted
 * @param reverts reverts started
 * @param retries times a retry controller ran its flow again
 * @param compileTime the time compiling the flow took
 * @param runTime the time the flow has been running, all runs and resumes of this engine together
 */
public record RunStatistics(
    Map<AtomState, Integer> atoms, int executes, int reverts, int retries, Duration compileTime, Duration runTime) {

  /**
   * Validates and copies the components.
   *
   * @param atoms how many atoms are in each state now
   * @param executes executes started
   * @param reverts reverts started
   * @param retries times a retry controller ran its flow again
   * @param compileTime the time compiling the flow took
   * @param runTime the time the flow has been running
   */
  public RunStatistics {
    EnumMap<AtomState, Integer> all = new EnumMap<>(AtomState.class);
    for (AtomState state : AtomState.values()) {
      all.put(state, 0);
    }
    all.putAll(Objects.requireNonNull(atoms, "atoms"));
    atoms = Collections.unmodifiableMap(all);
    Objects.requireNonNull(compileTime, "compileTime");
    Objects.requireNonNull(runTime, "runTime");
    if (executes < 0 || reverts < 0 || retries < 0) {
      throw new IllegalArgumentException("counts must not be negative");
    }
  }

  /**
   * How many atoms are in one state.
   *
   * @param state the state
   * @return the count
   */
  public int atomsIn(AtomState state) {
    return atoms.get(state);
  }
}
