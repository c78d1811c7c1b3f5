package io.taskflow4j.jobs;

import java.time.Instant;
import java.util.Objects;

/**
 * A claim on a job: proof that {@code owner} holds it until {@code expiresAt} unless the claim is
 * renewed with {@link JobBoard#renew(Claim, java.time.Duration)}. Consume and abandon take it.
 *
 * @param job the job as it was when claimed (or last renewed)
 * @param owner the claimer's name, unique among the conductors of a board
 * @param expiresAt when the lease lapses
 */
public record Claim(Job job, String owner, Instant expiresAt) {

  /**
   * Validates the components.
   *
   * @param job the job as it was when claimed (or last renewed)
   * @param owner the claimer's name, unique among the conductors of a board
   * @param expiresAt when the lease lapses
   */
  public Claim {
    Objects.requireNonNull(job, "job");
    Objects.requireNonNull(owner, "owner");
    Objects.requireNonNull(expiresAt, "expiresAt");
  }

  /**
   * The claimed job's id.
   *
   * @return the id
   */
  public String jobId() {
    return job.id();
  }
}
