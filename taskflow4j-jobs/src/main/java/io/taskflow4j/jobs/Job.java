package io.taskflow4j.jobs;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A job as a board lists it: a flow to run and the inputs to run it with, and who holds it now.
 *
 * <p>The fields are the reference's. {@code details} holds {@code store} (the inputs), {@code
 * flow_uuid} (the flow detail in the logbook, when the job has one) and, for jobs taskflow4j posts
 * without a logbook, {@code factory}; other keys are kept as they are.
 *
 * @param id the job's id, a UUID string
 * @param name its name
 * @param sequence its place in the order of posting on its board
 * @param priority its priority
 * @param createdAt when it was posted
 * @param book the logbook holding its flow detail, when it was posted with one
 * @param details JSON-like details, see above
 * @param owner who holds a claim on it now, if anyone
 * @param leaseExpiresAt when that claim lapses unless renewed; empty when it has no owner or the
 *     owner claimed it without expiry (as the reference's conductors do)
 */
public record Job(
    String id,
    String name,
    long sequence,
    JobPriority priority,
    Instant createdAt,
    Optional<JobBook> book,
    Map<String, Object> details,
    Optional<String> owner,
    Optional<Instant> leaseExpiresAt) {

  /** The key of the inputs in {@link #details()}. */
  public static final String STORE_KEY = "store";
  /** The key of the flow detail's id in {@link #details()}. */
  public static final String FLOW_UUID_KEY = "flow_uuid";

  /**
   * Validates and copies the components.
   *
   * @param id the job's id, a UUID string
   * @param name its name
   * @param sequence its place in the order of posting on its board
   * @param priority its priority
   * @param createdAt when it was posted
   * @param book the logbook holding its flow detail, when it was posted with one
   * @param details JSON-like details, see above
   * @param owner who holds a claim on it now, if anyone
   * @param leaseExpiresAt when that claim lapses unless renewed; empty when it has no owner or the owner claimed it without expiry (as the reference's conductors do)
   */
  public Job {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(priority, "priority");
    Objects.requireNonNull(createdAt, "createdAt");
    Objects.requireNonNull(book, "book");
    details = Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(details, "details")));
    Objects.requireNonNull(owner, "owner");
    Objects.requireNonNull(leaseExpiresAt, "leaseExpiresAt");
  }

  /**
   * The inputs to run the flow with: {@code details.store}.
   *
   * @return the inputs; empty when there are none
   */
  public Map<String, Object> inputs() {
    if (details.get(STORE_KEY) instanceof Map<?, ?> store) {
      Map<String, Object> inputs = new LinkedHashMap<>();
      store.forEach((key, value) -> inputs.put(String.valueOf(key), value));
      return Collections.unmodifiableMap(inputs);
    }
    return Map.of();
  }

  /**
   * The flow detail the job runs: {@code details.flow_uuid}.
   *
   * @return its id, or empty when the job does not name one
   */
  public Optional<String> flowId() {
    return details.get(FLOW_UUID_KEY) instanceof String uuid && !uuid.isBlank() ? Optional.of(uuid) : Optional.empty();
  }

  /**
   * The factory that builds the flow when the job names it itself ({@code details.factory}); jobs
   * with a logbook name it in their flow detail's meta data instead.
   *
   * @return the call, or empty
   */
  public Optional<FactoryCall> factory() {
    return FactoryCall.fromMeta(details.get(FactoryCall.META_KEY));
  }

  /**
   * This job as held by nobody.
   *
   * @return the copy without owner and lease
   */
  public Job unowned() {
    return new Job(id, name, sequence, priority, createdAt, book, details, Optional.empty(), Optional.empty());
  }

  /**
   * This job as held by an owner.
   *
   * @param newOwner the owner
   * @param expiresAt when the lease lapses, or empty for a claim without expiry
   * @return the copy
   */
  public Job ownedBy(String newOwner, Optional<Instant> expiresAt) {
    return new Job(id, name, sequence, priority, createdAt, book, details, Optional.of(newOwner), expiresAt);
  }
}
