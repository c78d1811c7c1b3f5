package io.taskflow4j.store.jdbc.internal;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.taskflow4j.persistence.FlowStore;
import io.taskflow4j.persistence.StoreException;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationVersion;
import org.flywaydb.core.api.output.MigrateResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/**
 * Opens stores: parses the URL, connects (one SQLite connection, or a HikariCP pool), and brings
 * the schema up to date with Flyway. Stateless and thread-safe.
 */
public final class StoreOpener {

  /** The newest schema version this code knows. */
  public static final String SCHEMA_VERSION = "2";

  /** Flyway's history table. */
  public static final String HISTORY_TABLE = "taskflow4j_schema_history";

  private static final Logger LOG = LoggerFactory.getLogger(StoreOpener.class);
  private static final AtomicInteger POOLS = new AtomicInteger();

  private StoreOpener() {}

  /**
   * Opens the store a URL names.
   *
   * @param text the URL
   * @param poolSize the most connections of a server store
   * @param timeout how long to wait for a connection
   * @return the store
   * @throws StoreException when the URL is unknown, the database cannot be reached or migrated
   */
  public static FlowStore open(String text, int poolSize, Duration timeout) {
    StoreUrl url = StoreUrl.parse(text);
    if (url.kind() == StoreUrl.Kind.MEMORY) {
      return FlowStore.inMemory();
    }
    Dialect dialect = url.dialect().orElseThrow();
    FlowStore store = dialect == Dialect.SQLITE ? openSqlite(url, timeout) : openPooled(url, dialect, poolSize, timeout);
    LOG.info("opened flow store {}", url.description());
    return store;
  }

  private static FlowStore openSqlite(StoreUrl url, Duration timeout) {
    SQLiteConfig config = new SQLiteConfig();
    config.setJournalMode(SQLiteConfig.JournalMode.WAL);
    config.setBusyTimeout((int) Math.min(Integer.MAX_VALUE, timeout.toMillis()));
    config.enforceForeignKeys(true);
    SQLiteDataSource source = new SQLiteDataSource(config);
    source.setUrl(url.jdbcUrl().orElseThrow());
    Connection connection;
    try {
      connection = source.getConnection();
    } catch (SQLException e) {
      throw SqlErrors.translate("open", url, e);
    }
    try {
      migrate(url, Dialect.SQLITE, source);
    } catch (RuntimeException e) {
      try {
        connection.close();
      } catch (SQLException closing) {
        e.addSuppressed(closing);
      }
      throw e;
    }
    return new JdbcFlowStore(url, Dialect.SQLITE, new SingleConnectionSource(connection));
  }

  private static FlowStore openPooled(StoreUrl url, Dialect dialect, int poolSize, Duration timeout) {
    HikariConfig config = new HikariConfig();
    config.setPoolName("taskflow4j-store-" + POOLS.incrementAndGet());
    config.setJdbcUrl(url.jdbcUrl().orElseThrow());
    url.user().ifPresent(config::setUsername);
    url.password().ifPresent(config::setPassword);
    config.setMaximumPoolSize(poolSize);
    config.setMinimumIdle(Math.min(1, poolSize));
    config.setConnectionTimeout(timeout.toMillis());
    config.setInitializationFailTimeout(1);
    long seconds = Math.max(1, timeout.toSeconds());
    if (dialect == Dialect.POSTGRESQL) {
      config.addDataSourceProperty("reWriteBatchedInserts", "true");
      config.addDataSourceProperty("connectTimeout", Long.toString(seconds));
      config.addDataSourceProperty("ApplicationName", "taskflow4j");
    } else {
      // Measured: rewriting a batch into multi-row statements beats the bulk protocol for upserts.
      config.addDataSourceProperty("useBulkStmts", "false");
      config.addDataSourceProperty("rewriteBatchedStatements", "true");
      config.addDataSourceProperty("connectTimeout", Long.toString(timeout.toMillis()));
    }
    HikariDataSource pool;
    try {
      pool = new HikariDataSource(config);
    } catch (RuntimeException e) {
      throw SqlErrors.translate("connect to", url, e);
    }
    try {
      migrate(url, dialect, pool);
    } catch (RuntimeException e) {
      pool.close();
      throw e;
    }
    return new JdbcFlowStore(url, dialect, new PooledConnectionSource(pool));
  }

  private static void migrate(StoreUrl url, Dialect dialect, DataSource source) {
    try {
      Flyway flyway = Flyway.configure(StoreOpener.class.getClassLoader())
          .dataSource(source)
          .locations(dialect.migrationLocation())
          .table(HISTORY_TABLE)
          .baselineOnMigrate(true)
          .baselineVersion("0")
          .baselineDescription("tables found before taskflow4j")
          .loggers("slf4j")
          .load();
      MigrationVersion known = MigrationVersion.fromVersion(SCHEMA_VERSION);
      for (MigrationInfo applied : flyway.info().applied()) {
        MigrationVersion version = applied.getVersion();
        if (version != null && version.compareTo(known) > 0) {
          throw new StoreException("the tables of " + url.description() + ": schema version "
              + version.getVersion() + " is newer than this taskflow4j understands (" + SCHEMA_VERSION
              + "); open them with a newer taskflow4j");
        }
      }
      MigrateResult result = flyway.migrate();
      if (result.migrationsExecuted > 0) {
        LOG.info("{}: applied {} schema migration(s), now at version {}", url.description(),
            result.migrationsExecuted, result.targetSchemaVersion);
      }
    } catch (FlywayException e) {
      throw SqlErrors.translate("create or migrate the tables of", url, e);
    }
  }
}
