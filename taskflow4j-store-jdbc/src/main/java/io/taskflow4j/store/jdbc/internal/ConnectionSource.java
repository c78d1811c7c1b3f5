package io.taskflow4j.store.jdbc.internal;

import java.sql.SQLException;

/** Lends connections to a store. Implementations are thread-safe. */
interface ConnectionSource extends AutoCloseable {

  /**
   * Runs work with a connection that nobody else uses meanwhile.
   *
   * @param work the work
   * @param <T> its outcome's type
   * @return its outcome
   * @throws SQLException when the database fails
   */
  <T> T with(SqlWork<T> work) throws SQLException;

  /** Closes the connections. */
  @Override
  void close();
}
