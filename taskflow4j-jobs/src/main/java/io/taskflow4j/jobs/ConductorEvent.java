package io.taskflow4j.jobs;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Something a {@link Conductor} did with a job, as its {@link ConductorListener}s hear it.
 *
 * @param type what happened
 * @param conductor the conductor's name
 * @param jobId the job's id
 * @param jobName the job's name
 * @param flowId the id of the job's flow detail, once the conductor knows it
 * @param detail why, or what came of it: the reason of an abandon, a trash or a lost lease, the
 *     end of a reverted flow
 * @param time when, on the conductor's clock
 */
public record ConductorEvent(
    Type type,
    String conductor,
    String jobId,
    String jobName,
    Optional<String> flowId,
    Optional<String> detail,
    Instant time) {

  /**
   * Validates the components.
   *
   * @param type what happened
   * @param conductor the conductor's name
   * @param jobId the job's id
   * @param jobName the job's name
   * @param flowId the id of the job's flow detail, once the conductor knows it
   * @param detail why, or what came of it: the reason of an abandon, a trash or a lost lease, the end of a reverted flow
   * @param time when, on the conductor's clock
   */
  public ConductorEvent {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(conductor, "conductor");
    Objects.requireNonNull(jobId, "jobId");
    Objects.requireNonNull(jobName, "jobName");
    Objects.requireNonNull(flowId, "flowId");
    Objects.requireNonNull(detail, "detail");
    Objects.requireNonNull(time, "time");
  }

  /** What happened to a job. */
  public enum Type {
    /** The conductor claimed the job. */
    CLAIMED,
    /** Its flow started running, or resumed from the store's record. */
    STARTED,
    /** The flow ended SUCCESS or REVERTED and the job was consumed; the detail says which. */
    CONSUMED,
    /**
     * The job was given back for another conductor: the conductor is stopping, serves no factory
     * of that name, or its store failed. The detail says which.
     */
    ABANDONED,
    /**
     * The conductor no longer holds the job (its lease lapsed or was taken); it stopped working on
     * the flow and left the job to its new owner.
     */
    LEASE_LOST,
    /** The job cannot run as posted and was trashed; the detail is the reason kept with it. */
    TRASHED,
    /**
     * The board refused to consume, abandon or trash the job; the job is left to its lease, and
     * whoever claims it next finds its flow as recorded.
     */
    FAILED
  }
}
