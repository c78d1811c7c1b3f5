package io.taskflow4j.cli.run;

import io.taskflow4j.failure.Failure;
import io.taskflow4j.listener.AtomStateChange;
import io.taskflow4j.listener.FlowListener;
import io.taskflow4j.state.AtomState;
import io.taskflow4j.task.Outcome;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Records what a run did and reverted, for the failure summary: the tasks that ran, the tasks
 * reverted, in the order their reverts finished, and the reverts that failed. A task reverted more than once (a retry reverts
 * its flow before running it again) is listed once, where its last revert finished. Thread-safe.
 */
public final class RunRecorder implements FlowListener {

  private final List<String> reverted = new ArrayList<>();
  private final Map<String, Failure> revertFailures = new LinkedHashMap<>();
  private final Set<String> ran = new LinkedHashSet<>();

  @Override
  public synchronized void onAtomStateChange(AtomStateChange change) {
    if (change.retry()) {
      return;
    }
    if (change.to() == AtomState.SUCCESS || change.to() == AtomState.FAILURE) {
      ran.add(change.atomName());
    } else if (change.to() == AtomState.REVERTED) {
      reverted.remove(change.atomName());
      reverted.add(change.atomName());
    } else if (change.to() == AtomState.REVERT_FAILURE) {
      change
          .outcome()
          .filter(outcome -> outcome instanceof Outcome.Failed)
          .ifPresent(outcome -> revertFailures.put(change.atomName(), ((Outcome.Failed) outcome).failure()));
    }
  }

  /**
   * The tasks whose revert finished, each once, in the order of their last revert.
   *
   * @return a copy
   */
  public synchronized List<String> reverted() {
    return List.copyOf(reverted);
  }

  /**
   * The tasks that ran in this run and were neither reverted nor failed to revert: what a run that
   * could not be fully reverted left as it was.
   *
   * @return task names in the order they finished running, a copy
   */
  public synchronized List<String> notReverted() {
    List<String> left = new ArrayList<>(ran);
    left.removeAll(reverted);
    left.removeAll(revertFailures.keySet());
    return left;
  }

  /**
   * The reverts that failed, as seen by this listener.
   *
   * @return task name to failure, a copy
   */
  public synchronized Map<String, Failure> revertFailures() {
    return new LinkedHashMap<>(revertFailures);
  }
}
