package io.taskflow4j.listener;

import io.taskflow4j.state.AtomState;
import io.taskflow4j.state.FlowState;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Measures how long each atom's execute took, from RUNNING to SUCCESS or FAILURE, each revert,
 * from REVERTING to REVERTED or REVERT_FAILURE, and the flow, from RUNNING to its end, using the
 * timestamps the engine gives (its injectable clock): the counterpart of the reference's duration
 * listener. When an atom runs more than once (retries), the last run is kept. Thread-safe.
 */
public final class TimingListener implements FlowListener {

  private final Map<String, Instant> started = new ConcurrentHashMap<>();
  private final Map<String, Duration> durations = Collections.synchronizedMap(new LinkedHashMap<>());
  private final Map<String, Instant> revertStarted = new ConcurrentHashMap<>();
  private final Map<String, Duration> revertDurations = Collections.synchronizedMap(new LinkedHashMap<>());
  private volatile Instant flowStarted;
  private volatile Duration flowDuration;

  @Override
  public void onFlowStateChange(FlowStateChange change) {
    FlowState to = change.to();
    if (to == FlowState.RUNNING && flowStarted == null) {
      flowStarted = change.at();
    } else if (flowStarted != null && (to == FlowState.SUCCESS || to == FlowState.REVERTED
        || to == FlowState.FAILURE || to == FlowState.SUSPENDED)) {
      flowDuration = Duration.between(flowStarted, change.at());
      flowStarted = null;
    }
  }

  @Override
  public void onAtomStateChange(AtomStateChange change) {
    if (change.to() == AtomState.RUNNING) {
      started.put(change.atomName(), change.at());
    } else if (change.to() == AtomState.SUCCESS || change.to() == AtomState.FAILURE) {
      Instant start = started.remove(change.atomName());
      if (start != null) {
        durations.put(change.atomName(), Duration.between(start, change.at()));
      }
    } else if (change.to() == AtomState.REVERTING) {
      revertStarted.put(change.atomName(), change.at());
    } else if (change.to() == AtomState.REVERTED || change.to() == AtomState.REVERT_FAILURE) {
      Instant start = revertStarted.remove(change.atomName());
      if (start != null) {
        revertDurations.put(change.atomName(), Duration.between(start, change.at()));
      }
    }
  }

  /**
   * How long each revert took, in the order they finished.
   *
   * @return a copy, atom name to duration
   */
  public Map<String, Duration> revertDurations() {
    synchronized (revertDurations) {
      return Collections.unmodifiableMap(new LinkedHashMap<>(revertDurations));
    }
  }

  /**
   * How long the flow's last run took, from RUNNING to SUCCESS, REVERTED, FAILURE or SUSPENDED.
   *
   * @return the duration, or empty while it runs or before it ran
   */
  public Optional<Duration> flowDuration() {
    return Optional.ofNullable(flowDuration);
  }

  /**
   * The measured durations, in the order atoms finished.
   *
   * @return a copy, atom name to duration
   */
  public Map<String, Duration> durations() {
    synchronized (durations) {
      return Collections.unmodifiableMap(new LinkedHashMap<>(durations));
    }
  }

  /**
   * The duration of one atom.
   *
   * @param atomName the atom
   * @return its duration, or empty when it has not finished
   */
  public Optional<Duration> duration(String atomName) {
    return Optional.ofNullable(durations.get(atomName));
  }
}
