package io.taskflow4j.cli;

import io.taskflow4j.cli.flowfile.FlowFiles;
import io.taskflow4j.cli.flowfile.FlowSource;
import io.taskflow4j.engine.Engine;
import io.taskflow4j.engine.EngineBuilder;
import io.taskflow4j.engine.ResumeException;
import io.taskflow4j.persistence.FlowDetail;
import io.taskflow4j.persistence.FlowStore;
import io.taskflow4j.persistence.StoreException;
import io.taskflow4j.state.FlowState;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import io.taskflow4j.cli.store.StoreOptions;
import java.util.Optional;

/**
 * What the commands share about recorded flows: where the flow file is kept in a flow detail's
 * meta data ({@code meta.taskflow4j.flow_file}), finding a flow by id, and building an engine that
 * resumes one, with the store's and engine's errors turned into one-line usage errors. Stateless.
 */
final class RecordedFlows {

  /** taskflow4j's entry in a flow detail's meta data. */
  static final String META_KEY = "taskflow4j";

  private RecordedFlows() {}

  /** The meta entry recording a flow file, merged into what {@code existing} already holds. */
  static Map<String, Object> metaWith(FlowSource source, Map<String, Object> existing) {
    Map<String, Object> ours = new LinkedHashMap<>();
    if (existing.get(META_KEY) instanceof Map<?, ?> map) {
      map.forEach((key, value) -> ours.put(String.valueOf(key), value));
    }
    ours.put(FlowSource.META_KEY, source.toMeta());
    return ours;
  }

  /** The flow file recorded in a flow detail. */
  static Optional<FlowSource> recordedSource(FlowDetail flow) {
    return flow.meta().get(META_KEY) instanceof Map<?, ?> ours
        ? FlowSource.fromMeta(ours.get(FlowSource.META_KEY))
        : Optional.empty();
  }

  /**
   * A flow by id.
   *
   * @throws UserInputException when the store holds no such flow
   */
  static FlowDetail find(FlowStore store, String id) {
    try {
      return store
          .flow(id)
          .orElseThrow(() -> new UserInputException("no flow with id '" + id + "' in " + store.describe()
              + "; 'taskflow flows' lists the flows there"));
    } catch (StoreException e) {
      throw new UserInputException("cannot read flow '" + id + "': " + StoreOptions.oneLineOf(e));
    }
  }

  /**
   * Checks that a flow can still be resumed or reverted.
   *
   * @throws UserInputException when it has finished
   */
  static void requireUnfinished(FlowDetail flow, String action) {
    FlowState state = flow.state();
    if (state == FlowState.SUCCESS || state == FlowState.REVERTED || state == FlowState.FAILURE) {
      throw new UserInputException(
          "flow '" + flow.name() + "' (" + flow.uuid() + ") has finished in state " + state + "; there is nothing to "
              + action);
    }
  }

  /**
   * The flow file to rebuild a recorded flow from: {@code --file} when given, else the recorded one.
   *
   * @throws UserInputException when neither is available
   */
  static FlowSource sourceOf(FlowDetail flow, Optional<Path> file) {
    if (file.isPresent()) {
      return FlowFiles.source(file.get());
    }
    return recordedSource(flow)
        .orElseThrow(
            () ->
                new UserInputException(
                    "flow '" + flow.name() + "' (" + flow.uuid() + ") was not recorded by 'taskflow run', so its"
                        + " flow file is not in the store; give it with --file FLOW_FILE"));
  }

  /**
   * Builds an engine that resumes a recorded flow.
   *
   * @throws UserInputException when the store cannot be read or the flow cannot be resumed
   */
  static Engine buildResumed(EngineBuilder builder) {
    try {
      return builder.build();
    } catch (ResumeException e) {
      throw new UserInputException(StoreOptions.oneLine(e.getMessage())
          + (e.atoms().isEmpty() ? "" : "; the flow file differs from the recorded run in: " + String.join(", ", e.atoms())));
    } catch (StoreException e) {
      throw new UserInputException(StoreOptions.oneLineOf(e));
    }
  }
}
