package io.taskflow4j.engine.internal;

import io.taskflow4j.engine.ResumeException;
import io.taskflow4j.persistence.AtomDetail;
import io.taskflow4j.persistence.FlowDetail;
import io.taskflow4j.persistence.FlowStore;
import io.taskflow4j.persistence.StoreException;
import io.taskflow4j.state.AtomState;
import io.taskflow4j.state.FlowState;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * How an engine records its run: not at all, as a new run, or as the continuation of a recorded
 * one (whose record is read when the engine is built). Immutable.
 *
 * @param store the store; empty when the run is not recorded
 * @param flowId the id of the run's flow detail
 * @param meta entries to add to the flow detail's meta data
 * @param recorded on resume, the recorded flow detail
 * @param atoms on resume, its recorded atom details
 */
public record Recording(
    Optional<FlowStore> store, String flowId, Map<String, Object> meta, Optional<FlowDetail> recorded, List<AtomDetail> atoms) {

  /**
   * Copies the components.
   *
   * @param store the store; empty when the run is not recorded
   * @param flowId the id of the run's flow detail
   * @param meta entries to add to the flow detail's meta data
   * @param recorded on resume, the recorded flow detail
   * @param atoms on resume, its recorded atom details
   */
  public Recording {
    meta = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(meta));
    atoms = List.copyOf(atoms);
  }

  /**
   * A run that is not recorded.
   *
   * @return the recording
   */
  public static Recording none() {
    return new Recording(Optional.empty(), java.util.UUID.randomUUID().toString(), Map.of(), Optional.empty(), List.of());
  }

  /**
   * A new recorded run.
   *
   * @param store the store
   * @param flowId the id of its flow detail
   * @param meta entries for the flow detail's meta data
   * @return the recording
   */
  public static Recording newRun(FlowStore store, String flowId, Map<String, Object> meta) {
    if (store.flow(flowId).isPresent()) {
      throw new StoreException("store " + store.describe() + " already holds a flow with id " + flowId + "; resume it or choose another id");
    }
    return new Recording(Optional.of(store), flowId, meta, Optional.empty(), List.of());
  }

  /**
   * The continuation of a recorded run: reads its flow detail and atoms.
   *
   * @param store the store
   * @param flowId the id of the flow detail
   * @param meta entries to add to its meta data
   * @return the recording
   * @throws StoreException when there is no such flow or it cannot be read
   * @throws ResumeException when it has finished
   */
  public static Recording resume(FlowStore store, String flowId, Map<String, Object> meta) {
    FlowDetail flow =
        store.flow(flowId).orElseThrow(() -> new StoreException("store " + store.describe() + " holds no flow with id " + flowId));
    FlowState state = flow.state();
    List<AtomDetail> atoms = store.atoms(flowId);
    if (state == FlowState.SUCCESS || state == FlowState.REVERTED || (state == FlowState.FAILURE && !unresolved(atoms))) {
      throw new ResumeException(
          "flow '" + flow.name() + "' (" + flowId + ") has finished in state " + state + "; it cannot be resumed", List.of());
    }
    return new Recording(Optional.of(store), flowId, meta, Optional.of(flow), atoms);
  }

  /**
   * Tells whether a run that ended FAILURE left its failure unresolved (never-resolve): an atom
   * failed and nothing was reverted, so resuming it resolves the failure. A run that ended FAILURE
   * because a revert failed has a REVERT_FAILURE atom.
   */
  private static boolean unresolved(List<AtomDetail> atoms) {
    boolean failed = false;
    for (AtomDetail atom : atoms) {
      AtomState state = atom.state();
      if (state == AtomState.REVERT_FAILURE || state == AtomState.REVERTING || state == AtomState.REVERTED) {
        return false;
      }
      failed |= state == AtomState.FAILURE;
    }
    return failed;
  }
}
