package io.taskflow4j.persistence;

import io.taskflow4j.failure.Failure;
import io.taskflow4j.state.AtomState;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One atom (a task or a retry controller) of a recorded flow, with the columns of the reference's
 * {@code atomdetails} table.
 *
 * <p>{@code results} is the task's JSON result (empty when it returned nothing or has not run),
 * or for a retry controller its history: a list of {@code [value, {atom name: failure
 * dictionary}]} pairs. {@code meta} holds at least {@code "progress"} for tasks. The flow's inputs
 * are kept as an extra atom named {@link #INJECTOR_NAME}, in state SUCCESS, whose results are the
 * input map.
 *
 * @param uuid its id
 * @param flowUuid the flow detail it belongs to
 * @param name the atom's name
 * @param type task or retry
 * @param version the atom's version, such as {@code 1.0}; empty for the injector
 * @param state its state
 * @param intention what the engine means to do with it
 * @param results its result, JSON-like
 * @param failure how its execution failed
 * @param revertResults what its revert returned, JSON-like
 * @param revertFailure how its revert failed
 * @param meta free-form JSON-like data
 * @param createdAt when it was first saved (UTC)
 * @param updatedAt when it was last saved (UTC)
 */
public record AtomDetail(
    String uuid,
    String flowUuid,
    String name,
    AtomType type,
    Optional<String> version,
    AtomState state,
    Intention intention,
    Optional<Object> results,
    Optional<Failure> failure,
    Optional<Object> revertResults,
    Optional<Failure> revertFailure,
    Map<String, Object> meta,
    Instant createdAt,
    Instant updatedAt) {

  /** The name of the atom detail that holds a flow's inputs, as the reference names it. */
  public static final String INJECTOR_NAME = "_TaskFlow_INJECTOR";

  /**
   * Validates and copies the components.
   *
   * @param uuid its id
   * @param flowUuid the flow detail it belongs to
   * @param name the atom's name
   * @param type task or retry
   * @param version the atom's version, such as {@code 1.0}; empty for the injector
   * @param state its state
   * @param intention what the engine means to do with it
   * @param results its result, JSON-like
   * @param failure how its execution failed
   * @param revertResults what its revert returned, JSON-like
   * @param revertFailure how its revert failed
   * @param meta free-form JSON-like data
   * @param createdAt when it was first saved (UTC)
   * @param updatedAt when it was last saved (UTC)
   */
  public AtomDetail {
    Objects.requireNonNull(uuid, "uuid");
    Objects.requireNonNull(flowUuid, "flowUuid");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(version, "version");
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(intention, "intention");
    Objects.requireNonNull(results, "results");
    Objects.requireNonNull(failure, "failure");
    Objects.requireNonNull(revertResults, "revertResults");
    Objects.requireNonNull(revertFailure, "revertFailure");
    meta = JsonMaps.copy(meta, "meta of atom detail", uuid);
    Objects.requireNonNull(createdAt, "createdAt");
    Objects.requireNonNull(updatedAt, "updatedAt");
  }

  /**
   * Tells whether this is the detail holding the flow's inputs.
   *
   * @return true for {@link #INJECTOR_NAME}
   */
  public boolean isInjector() {
    return INJECTOR_NAME.equals(name);
  }

  /**
   * The progress recorded in {@code meta}, between 0.0 and 1.0.
   *
   * @return the progress, or 0.0 when none was recorded
   */
  public double progress() {
    return meta.get("progress") instanceof Number number ? number.doubleValue() : 0.0;
  }
}
