package io.taskflow4j.store.jdbc.internal;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * Work done with a connection.
 *
 * @param <T> what the work gives back
 */
@FunctionalInterface
interface SqlWork<T> {

  /**
   * Does the work.
   *
   * @param connection a connection, in auto-commit mode
   * @return the outcome
   * @throws SQLException when the database fails
   */
  T run(Connection connection) throws SQLException;
}
