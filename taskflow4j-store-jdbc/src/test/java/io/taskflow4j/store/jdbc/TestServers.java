package io.taskflow4j.store.jdbc;

import static org.junit.jupiter.api.Assertions.fail;

import io.taskflow4j.store.jdbc.internal.StoreUrl;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.UUID;
import org.junit.jupiter.api.Assumptions;

/**
 * The PostgreSQL and MariaDB servers the tests use, found through environment variables, and a
 * throw-away database on one of them.
 */
public final class TestServers {

  /** Where PostgreSQL is, unless {@code TASKFLOW4J_POSTGRES_URL} says otherwise. */
  static final String DEFAULT_POSTGRES = "postgresql://postgres@127.0.0.1:5432/postgres";
  /** Where MariaDB is, unless {@code TASKFLOW4J_MARIADB_URL} says otherwise. */
  static final String DEFAULT_MARIADB = "mariadb://root@127.0.0.1:3306/test";

  private TestServers() {}

  /**
   * The PostgreSQL server the tests use.
   *
   * @return {@code TASKFLOW4J_POSTGRES_URL}, or the local default
   */
  public static String postgresUrl() {
    return env("TASKFLOW4J_POSTGRES_URL", DEFAULT_POSTGRES);
  }

  static String mariaDbUrl() {
    return env("TASKFLOW4J_MARIADB_URL", DEFAULT_MARIADB);
  }

  private static String env(String name, String fallback) {
    String value = System.getenv(name);
    return value == null || value.isBlank() ? fallback : value;
  }

  /** A fresh database on a server; drop it when done. */
  public record Scratch(String adminUrl, StoreUrl admin, String name, String storeUrl) {

    /** Creates {@code tf4j_<random>} on the server {@code adminUrl} names, or skips/fails the tests. */
    public static Scratch create(String adminUrl, String requireVariable, String what) {
      StoreUrl admin = StoreUrl.parse(adminUrl);
      String name = "tf4j_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12).toLowerCase(Locale.ROOT);
      try (Connection connection = connect(admin); Statement statement = connection.createStatement()) {
        statement.execute("CREATE DATABASE " + name);
      } catch (SQLException e) {
        String message = what + " is not reachable at " + admin.description() + " (" + e.getMessage() + ")";
        if (Boolean.parseBoolean(System.getenv(requireVariable))) {
          fail(message + "; " + requireVariable + "=true makes that a failure", e);
        }
        if (admin.description().startsWith("postgres")) {
          return EmbeddedPostgres.url()
              .map(embedded -> create(embedded, requireVariable, what + " (embedded, since " + message + ")"))
              .orElseGet(() -> {
                Assumptions.abort(message + ", and an embedded PostgreSQL could not start ("
                    + EmbeddedPostgres.problem() + "): the " + what + " tests of this class were NOT run; set "
                    + requireVariable + "=true to make this a failure");
                return null;
              });
        }
        Assumptions.abort(message + ": the " + what + " tests of this class were NOT run; set " + requireVariable
            + "=true to make this a failure");
      }
      String base = adminUrl.substring(0, adminUrl.lastIndexOf('/') + 1);
      return new Scratch(adminUrl, admin, name, base + name);
    }

    /** Empties the three tables. */
    void clear() {
      StoreUrl url = StoreUrl.parse(storeUrl);
      try (Connection connection = connect(url); Statement statement = connection.createStatement()) {
        statement.execute("DELETE FROM atomdetails");
        statement.execute("DELETE FROM flowdetails");
        statement.execute("DELETE FROM logbooks");
      } catch (SQLException e) {
        if (!String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT).contains("exist")) {
          throw new IllegalStateException("cannot empty " + name, e);
        }
      }
    }

    /** Runs a statement in the scratch database. */
    void execute(String sql) throws SQLException {
      try (Connection connection = connect(StoreUrl.parse(storeUrl)); Statement statement = connection.createStatement()) {
        statement.execute(sql);
      }
    }

    /** Drops the database. */
    public void drop() {
      try (Connection connection = connect(admin); Statement statement = connection.createStatement()) {
        boolean postgres = admin.description().startsWith("postgres");
        statement.execute("DROP DATABASE IF EXISTS " + name + (postgres ? " WITH (FORCE)" : ""));
      } catch (SQLException e) {
        throw new IllegalStateException("cannot drop " + name, e);
      }
    }
  }

  static Connection connect(StoreUrl url) throws SQLException {
    DriverManager.setLoginTimeout(5);
    return DriverManager.getConnection(url.jdbcUrl().orElseThrow(), url.user().orElse(null), url.password().orElse(null));
  }
}
