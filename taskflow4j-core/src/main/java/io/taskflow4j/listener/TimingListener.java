package io.taskflow4j.listener;

import io.taskflow4j.state.AtomState;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Measures how long each atom's execute took, from RUNNING to SUCCESS or FAILURE, using the
 * timestamps the engine gives (its injectable clock). When an atom runs more than once (retries),
 * the last run is kept. Thread-safe.
 */
public final class TimingListener implements FlowListener {

  private final Map<String, Instant> started = new ConcurrentHashMap<>();
  private final Map<String, Duration> durations = Collections.synchronizedMap(new LinkedHashMap<>());

  @Override
  public void onAtomStateChange(AtomStateChange change) {
    if (change.to() == AtomState.RUNNING) {
      started.put(change.atomName(), change.at());
    } else if (change.to() == AtomState.SUCCESS || change.to() == AtomState.FAILURE) {
      Instant start = started.remove(change.atomName());
      if (start != null) {
        durations.put(change.atomName(), Duration.between(start, change.at()));
      }
    }
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
  public java.util.Optional<Duration> duration(String atomName) {
    return java.util.Optional.ofNullable(durations.get(atomName));
  }
}
