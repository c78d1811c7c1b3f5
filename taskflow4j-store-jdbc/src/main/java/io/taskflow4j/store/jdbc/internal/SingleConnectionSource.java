package io.taskflow4j.store.jdbc.internal;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One connection, lent to one caller at a time: SQLite's way, where writers serialise anyway.
 * Thread-safe: a fair lock guards the connection.
 */
final class SingleConnectionSource implements ConnectionSource {

  private static final Logger LOG = LoggerFactory.getLogger(SingleConnectionSource.class);

  private final Connection connection;
  private final ReentrantLock lock = new ReentrantLock(true);

  SingleConnectionSource(Connection connection) {
    this.connection = connection;
  }

  @Override
  public <T> T with(SqlWork<T> work) throws SQLException {
    lock.lock();
    try {
      return work.run(connection);
    } finally {
      lock.unlock();
    }
  }

  @Override
  public void close() {
    lock.lock();
    try {
      connection.close();
    } catch (SQLException e) {
      LOG.warn("closing the SQLite connection failed", e);
    } finally {
      lock.unlock();
    }
  }
}
