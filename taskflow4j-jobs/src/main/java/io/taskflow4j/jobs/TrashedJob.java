package io.taskflow4j.jobs;

import java.time.Instant;
import java.util.Objects;

/**
 * A job set aside with {@link JobBoard#trash(String, String)}, or an entry a board could not read.
 *
 * @param id the job's id (for an unreadable entry, the key it was listed under)
 * @param name the job's name, or a placeholder naming the entry when it could not be read
 * @param reason why it was trashed
 * @param trashedAt when
 */
public record TrashedJob(String id, String name, String reason, Instant trashedAt) {

  /**
   * Validates the components.
   *
   * @param id the job's id (for an unreadable entry, the key it was listed under)
   * @param name the job's name, or a placeholder naming the entry when it could not be read
   * @param reason why it was trashed
   * @param trashedAt when
   */
  public TrashedJob {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(trashedAt, "trashedAt");
  }
}
