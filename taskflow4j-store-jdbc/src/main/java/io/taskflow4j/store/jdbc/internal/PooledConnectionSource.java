package io.taskflow4j.store.jdbc.internal;

import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.SQLException;

/** Connections from a HikariCP pool. Thread-safe. */
final class PooledConnectionSource implements ConnectionSource {

  private final HikariDataSource pool;

  PooledConnectionSource(HikariDataSource pool) {
    this.pool = pool;
  }

  @Override
  public <T> T with(SqlWork<T> work) throws SQLException {
    try (Connection connection = pool.getConnection()) {
      return work.run(connection);
    }
  }

  @Override
  public void close() {
    pool.close();
  }
}
