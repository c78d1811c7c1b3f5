package io.taskflow4j.cli.flowfile;

import io.taskflow4j.persistence.AtomDetail;
import io.taskflow4j.persistence.FlowStore;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The inputs a recorded run was started with, read back from its store, so that a resumed or
 * reverted run rebuilds its flow file's fan-outs over the same lists as the run it continues.
 *
 * <p>Thread-safety: stateless.
 */
public final class RecordedInputs {

  private RecordedInputs() {}

  /**
   * Reads the inputs of a recorded run (kept as the results of its {@link AtomDetail#INJECTOR_NAME}
   * atom).
   *
   * @param store the store holding the run
   * @param flowId the run's flow id
   * @return its inputs, or an empty map when none were recorded
   */
  public static Map<String, Object> of(FlowStore store, String flowId) {
    Objects.requireNonNull(store, "store");
    Objects.requireNonNull(flowId, "flowId");
    for (AtomDetail atom : store.atoms(flowId)) {
      if (atom.name().equals(AtomDetail.INJECTOR_NAME) && atom.results().orElse(null) instanceof Map<?, ?> map) {
        Map<String, Object> inputs = new LinkedHashMap<>();
        map.forEach((key, value) -> inputs.put(String.valueOf(key), value));
        return inputs;
      }
    }
    return Map.of();
  }
}
