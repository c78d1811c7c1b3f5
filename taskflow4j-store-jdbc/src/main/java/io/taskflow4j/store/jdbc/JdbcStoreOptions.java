package io.taskflow4j.store.jdbc;

import java.time.Duration;
import java.util.Objects;

/**
 * How {@link FlowStores} opens a SQL store.
 *
 * @param poolSize how many connections a PostgreSQL or MySQL/MariaDB store keeps at most (SQLite
 *     always uses one)
 * @param connectTimeout how long to wait for the server, or for SQLite's lock, before giving up
 */
public record JdbcStoreOptions(int poolSize, Duration connectTimeout) {

  /** The default pool size. */
  public static final int DEFAULT_POOL_SIZE = 4;

  /** The default time to wait for a connection. */
  public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);

  /**
   * Validates the components.
   *
   * @param poolSize how many connections a PostgreSQL or MySQL/MariaDB store keeps at most (SQLite always uses one)
   * @param connectTimeout how long to wait for the server, or for SQLite's lock, before giving up
   */
  public JdbcStoreOptions {
    if (poolSize < 1) {
      throw new IllegalArgumentException("poolSize must be at least 1, got " + poolSize);
    }
    Objects.requireNonNull(connectTimeout, "connectTimeout");
    if (connectTimeout.toMillis() < 250) {
      throw new IllegalArgumentException("connectTimeout must be at least 250 ms, got " + connectTimeout);
    }
  }

  /**
   * The defaults: 4 connections, 10 seconds.
   *
   * @return the options
   */
  public static JdbcStoreOptions defaults() {
    return new JdbcStoreOptions(DEFAULT_POOL_SIZE, DEFAULT_CONNECT_TIMEOUT);
  }

  /**
   * These options with another pool size.
   *
   * @param size at least 1
   * @return the new options
   */
  public JdbcStoreOptions withPoolSize(int size) {
    return new JdbcStoreOptions(size, connectTimeout);
  }

  /**
   * These options with another connect timeout.
   *
   * @param timeout at least 250 ms
   * @return the new options
   */
  public JdbcStoreOptions withConnectTimeout(Duration timeout) {
    return new JdbcStoreOptions(poolSize, timeout);
  }
}
