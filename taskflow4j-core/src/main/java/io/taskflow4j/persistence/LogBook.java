package io.taskflow4j.persistence;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * A logbook: a named container of flow details, the reference's unit of ownership (a job on a job
 * board has one).
 *
 * @param uuid its id
 * @param name its name
 * @param meta free-form JSON-like data
 * @param createdAt when it was first saved (UTC)
 * @param updatedAt when it was last saved (UTC)
 */
public record LogBook(String uuid, String name, Map<String, Object> meta, Instant createdAt, Instant updatedAt) {

  /**
   * Validates and copies the components.
   *
   * @param uuid its id
   * @param name its name
   * @param meta free-form JSON-like data
   * @param createdAt when it was first saved (UTC)
   * @param updatedAt when it was last saved (UTC)
   */
  public LogBook {
    Objects.requireNonNull(uuid, "uuid");
    Objects.requireNonNull(name, "name");
    meta = JsonMaps.copy(meta, "meta of logbook", uuid);
    Objects.requireNonNull(createdAt, "createdAt");
    Objects.requireNonNull(updatedAt, "updatedAt");
  }

  /**
   * A new logbook, created and updated now.
   *
   * @param uuid its id
   * @param name its name
   * @param now the time
   * @return the logbook
   */
  public static LogBook of(String uuid, String name, Instant now) {
    return new LogBook(uuid, name, Map.of(), now, now);
  }
}
