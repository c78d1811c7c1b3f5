package io.taskflow4j.bench.persistence;

import io.taskflow4j.persistence.AtomDetail;
import io.taskflow4j.persistence.Changes;
import io.taskflow4j.persistence.FlowDetail;
import io.taskflow4j.persistence.FlowQuery;
import io.taskflow4j.persistence.FlowStore;
import io.taskflow4j.persistence.FlowSummary;
import io.taskflow4j.persistence.LogBook;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A store that forwards every call to another and counts the commits ({@link #save(Changes)}
 * calls), the atom details they wrote and the time spent inside them, to show group commit at
 * work and how much of a run the store takes. Thread-safe when the store it wraps is.
 */
final class CountingStore implements FlowStore {

  private final FlowStore delegate;
  private final AtomicLong commits = new AtomicLong();
  private final AtomicLong atoms = new AtomicLong();
  private final AtomicLong nanos = new AtomicLong();
  private final AtomicLong largest = new AtomicLong();

  CountingStore(FlowStore delegate) {
    this.delegate = delegate;
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
      delegate.save(changes);
    } finally {
      nanos.addAndGet(System.nanoTime() - started);
      commits.incrementAndGet();
      int size = changes.atoms().size();
      atoms.addAndGet(size);
      largest.accumulateAndGet(size, Math::max);
    }
  }

  @Override
  public Optional<LogBook> logBook(String uuid) {
    return delegate.logBook(uuid);
  }

  @Override
  public List<LogBook> logBooks() {
    return delegate.logBooks();
  }

  @Override
  public Optional<FlowDetail> flow(String uuid) {
    return delegate.flow(uuid);
  }

  @Override
  public List<FlowDetail> flowsOf(String logBookUuid) {
    return delegate.flowsOf(logBookUuid);
  }

  @Override
  public List<AtomDetail> atoms(String flowUuid) {
    return delegate.atoms(flowUuid);
  }

  @Override
  public List<FlowSummary> flows(FlowQuery query) {
    return delegate.flows(query);
  }

  @Override
  public boolean deleteFlow(String flowUuid) {
    return delegate.deleteFlow(flowUuid);
  }

  @Override
  public boolean deleteLogBook(String uuid) {
    return delegate.deleteLogBook(uuid);
  }

  @Override
  public String describe() {
    return delegate.describe();
  }

  @Override
  public void close() {
    delegate.close();
  }
}
