package io.taskflow4j.engine;

import io.taskflow4j.persistence.AtomDetail;
import io.taskflow4j.persistence.Changes;
import io.taskflow4j.persistence.FlowDetail;
import io.taskflow4j.persistence.FlowQuery;
import io.taskflow4j.persistence.FlowStore;
import io.taskflow4j.persistence.FlowSummary;
import io.taskflow4j.persistence.LogBook;
import java.util.List;
import java.util.Optional;

/** A store that passes every call on, for tests that watch or break some of them. */
class ForwardingStore implements FlowStore {

  private final FlowStore delegate;

  ForwardingStore(FlowStore delegate) {
    this.delegate = delegate;
  }

  /** A copy of everything a store holds, as another process would find it after a crash. */
  static FlowStore copyOf(FlowStore source) {
    FlowStore copy = FlowStore.inMemory();
    for (LogBook book : source.logBooks()) {
      List<FlowDetail> flows = source.flowsOf(book.uuid());
      List<AtomDetail> atoms = flows.stream().flatMap(flow -> source.atoms(flow.uuid()).stream()).toList();
      copy.save(new Changes(List.of(book), flows, atoms));
    }
    return copy;
  }

  @Override
  public void save(Changes changes) {
    delegate.save(changes);
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
