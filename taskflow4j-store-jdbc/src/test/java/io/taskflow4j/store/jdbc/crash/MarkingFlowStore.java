package io.taskflow4j.store.jdbc.crash;

import io.taskflow4j.persistence.Changes;
import io.taskflow4j.persistence.FlowStore;
import io.taskflow4j.persistence.ForwardingFlowStore;

/**
 * A store that forwards to another and tells the {@link Probe} before and after each {@link
 * #save(Changes)}, so a child can be killed with a commit not yet written, or written but not yet
 * acted on.
 */
final class MarkingFlowStore extends ForwardingFlowStore {

  private final Probe probe;

  MarkingFlowStore(FlowStore delegate, Probe probe) {
    super(delegate);
    this.probe = probe;
  }

  @Override
  public void save(Changes changes) {
    int commit = probe.nextCommit();
    probe.at(KillPoint.Event.COMMIT, false, commit);
    super.save(changes);
    probe.at(KillPoint.Event.COMMIT, true, commit);
  }
}
