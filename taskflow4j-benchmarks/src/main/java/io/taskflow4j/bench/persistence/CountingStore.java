package io.taskflow4j.bench.persistence;

import io.taskflow4j.persistence.Changes;
import io.taskflow4j.persistence.FlowStore;
import io.taskflow4j.persistence.ForwardingFlowStore;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A store that forwards every call to another and counts the commits ({@link #save(Changes)}
 * calls), the atom details they wrote and the time spent inside them, to show group commit at
 * work and how much of a run the store takes. Thread-safe when the store it wraps is.
 */
final class CountingStore extends ForwardingFlowStore {

  private final AtomicLong commits = new AtomicLong();
  private final AtomicLong atoms = new AtomicLong();
  private final AtomicLong nanos = new AtomicLong();
  private final AtomicLong largest = new AtomicLong();

  CountingStore(FlowStore delegate) {
    super(delegate);
  }

  /** Starts counting again from zero. */
  void reset() {
    commits.set(0);
    atoms.set(0);
    nanos.set(0);
    largest.set(0);
  }

  long commits() {
    return commits.get();
  }

  long atoms() {
    return atoms.get();
  }

  long largestCommit() {
    return largest.get();
  }

  double saveMillis() {
    return nanos.get() / 1e6;
  }

  @Override
  public void save(Changes changes) {
    long started = System.nanoTime();
    try {
      super.save(changes);
    } finally {
      nanos.addAndGet(System.nanoTime() - started);
      commits.incrementAndGet();
      int size = changes.atoms().size();
      atoms.addAndGet(size);
      largest.accumulateAndGet(size, Math::max);
    }
  }
}
