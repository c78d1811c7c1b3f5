package io.taskflow4j.spring.boot;

import io.taskflow4j.engine.Engine;
import io.taskflow4j.engine.EngineBuilder;
import io.taskflow4j.flow.Flow;
import io.taskflow4j.persistence.FlowStore;
import io.taskflow4j.remote.RemoteTaskExecutor;
import java.util.Objects;
import java.util.Optional;

/**
 * Hands out engine builders preset with what the application context holds: the remote executor
 * (so tasks run on workers) and the flow store (so runs are recorded and can be resumed), when
 * there are such beans. Each call returns a new builder; set inputs and listeners on it and build.
 *
 * <p>Thread-safety: immutable and thread-safe.
 */
public final class TaskflowEngines {

  private final Optional<RemoteTaskExecutor> executor;
  private final Optional<FlowStore> store;

  /**
   * Creates the factory.
   *
   * @param executor the remote executor tasks run through, if any
   * @param store the store runs are recorded in, if any
   */
  public TaskflowEngines(Optional<RemoteTaskExecutor> executor, Optional<FlowStore> store) {
    this.executor = Objects.requireNonNull(executor, "executor");
    this.store = Objects.requireNonNull(store, "store");
  }

  /**
   * A builder for a new run of a flow.
   *
   * @param flow the flow
   * @return the builder, with the executor and the store set when the context has them
   */
  public EngineBuilder builder(Flow flow) {
    EngineBuilder builder = Engine.builder(flow);
    executor.ifPresent(builder::taskExecutor);
    store.ifPresent(builder::store);
    return builder;
  }

  /**
   * A builder that resumes a recorded run.
   *
   * @param flow the flow, built as it was for the recorded run
   * @param flowId the recorded run's id
   * @return the builder
   * @throws IllegalStateException when the context has no flow store
   */
  public EngineBuilder resume(Flow flow, String flowId) {
    FlowStore recorded =
        store.orElseThrow(() -> new IllegalStateException("resuming needs a store: set taskflow4j.store"));
    EngineBuilder builder = Engine.builder(flow);
    executor.ifPresent(builder::taskExecutor);
    return builder.resume(recorded, flowId);
  }

  /**
   * The store runs are recorded in.
   *
   * @return the store, if the context has one
   */
  public Optional<FlowStore> store() {
    return store;
  }
}
