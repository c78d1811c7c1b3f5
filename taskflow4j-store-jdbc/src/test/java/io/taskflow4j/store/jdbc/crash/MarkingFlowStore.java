package io.taskflow4j.store.jdbc.crash;

import io.taskflow4j.persistence.AtomDetail;
import io.taskflow4j.persistence.Changes;
import io.taskflow4j.persistence.FlowDetail;
import io.taskflow4j.persistence.FlowQuery;
import io.taskflow4j.persistence.FlowStore;
import io.taskflow4j.persistence.FlowSummary;
import io.taskflow4j.persistence.LogBook;
import java.util.List;
import java.util.Optional;

/**
 * A store that forwards to another and tells the {@link Probe} before and after each {@link
 * #save(Changes)}, so a child can be killed with a commit not yet written, or written but not yet
 * acted on.
 */
final class MarkingFlowStore implements FlowStore {

  private final FlowStore delegate;
  private final Probe probe;

  MarkingFlowStore(FlowStore delegate, Probe probe) {
    this.delegate = delegate;
    this.probe = probe;
  }

  @Override
  public void save(Changes changes) {
    int commit = probe.nextCommit();
    probe.at(KillPoint.Event.COMMIT, false, commit);
    delegate.save(changes);
    probe.at(KillPoint.Event.COMMIT, true, commit);
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
