package io.taskflow4j.persistence;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A store that forwards every call to another store; extend it to decorate a store (count or time
 * its commits, fail on purpose in a test) by overriding only what changes.
 *
 * <p>Thread-safety: as the wrapped store.
 */
public abstract class ForwardingFlowStore implements FlowStore {

  private final FlowStore delegate;

  /**
   * Wraps a store.
   *
   * @param delegate the store every call goes to
   */
  protected ForwardingFlowStore(FlowStore delegate) {
    this.delegate = Objects.requireNonNull(delegate, "delegate");
  }

  /**
   * The wrapped store.
   *
   * @return the store calls go to
   */
  protected FlowStore delegate() {
    return delegate;
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
