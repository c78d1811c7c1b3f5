package io.taskflow4j.jobs;

import java.util.Objects;

/**
 * The logbook a job's progress is recorded in, as a job names it: the reference's {@code book}
 * entry of a job.
 *
 * @param uuid the logbook's id in the conductors' flow store
 * @param name the logbook's name
 */
public record JobBook(String uuid, String name) {

  /**
   * Validates the components.
   *
   * @param uuid the logbook's id in the conductors' flow store
   * @param name the logbook's name
   */
  public JobBook {
    Objects.requireNonNull(uuid, "uuid");
    Objects.requireNonNull(name, "name");
    if (uuid.isBlank()) {
      throw new IllegalArgumentException("the logbook uuid must not be blank");
    }
  }
}
