package io.taskflow4j.metrics.internal;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Timer;
import io.taskflow4j.persistence.Changes;
import io.taskflow4j.persistence.FlowStore;
import io.taskflow4j.persistence.ForwardingFlowStore;

/**
 * A flow store that times each save (one commit) and records how many rows it wrote; everything
 * else goes straight to the store it wraps. Thread-safety: as the store it wraps.
 */
final class TimedFlowStore extends ForwardingFlowStore {

  private final Timer commits;
  private final DistributionSummary batches;

  TimedFlowStore(FlowStore store, Timer commits, DistributionSummary batches) {
    super(store);
    this.commits = commits;
    this.batches = batches;
  }

  @Override
  public void save(Changes changes) {
    batches.record(changes.logBooks().size() + changes.flows().size() + changes.atoms().size());
    commits.record(() -> super.save(changes));
  }
}
