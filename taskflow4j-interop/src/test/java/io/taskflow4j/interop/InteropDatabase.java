package io.taskflow4j.interop;

import static org.junit.jupiter.api.Assertions.fail;

import java.net.URI;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.UUID;
import org.junit.jupiter.api.Assumptions;

/**
 * One database both sides of a persistence interop test open: taskflow4j through {@code
 * FlowStores.open(storeUrl)}, the reference through SQLAlchemy's {@code sqlalchemyUrl}.
 *
 * @param storeUrl the URL for {@code FlowStores.open}
 * @param sqlalchemyUrl the same database as the reference's backend names it
 * @param dropStatement the SQL that drops it on its server, or empty for a file
 */
record InteropDatabase(String storeUrl, String sqlalchemyUrl, String dropStatement) {

  /** A SQLite file: one path for both sides. */
  static InteropDatabase sqlite(Path file) {
    String path = file.toAbsolutePath().toString();
    return new InteropDatabase("sqlite:" + path, "sqlite:///" + path, "");
  }

  /**
   * A database server the tests create fresh databases on, given as a store URL such as {@code
   * postgresql://postgres@127.0.0.1:5432/postgres} (the database part names the one to connect to
   * for administration).
   *
   * @param what its name for messages
   * @param adminUrl the store URL of the administration database
   * @param sqlalchemyScheme the scheme the reference's backend takes, with its driver
   * @param requireVariable the environment variable that makes an unreachable server a failure
   */
  record Server(String what, String adminUrl, String sqlalchemyScheme, String requireVariable) {

    static Server postgres() {
      return new Server("PostgreSQL", env("TASKFLOW4J_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/postgres"),
          "postgresql+psycopg2", "TASKFLOW4J_REQUIRE_POSTGRES");
    }

    static Server mariaDb() {
      return new Server("MariaDB", env("TASKFLOW4J_MARIADB_URL", "mariadb://root@127.0.0.1:3306/mysql"),
          "mysql+pymysql", "TASKFLOW4J_REQUIRE_MARIADB");
    }

    private static String env(String name, String fallback) {
      String value = System.getenv(name);
      return value == null || value.isBlank() ? fallback : value.strip();
    }

    private boolean isPostgres() {
      return adminUrl.startsWith("postgres");
    }

    /** Creates a fresh database {@code tf4j_interop_<random>}, or skips/fails the calling tests. */
    InteropDatabase create() {
      String name = "tf4j_interop_"
          + UUID.randomUUID().toString().replace("-", "").substring(0, 12).toLowerCase(Locale.ROOT);
      try (Connection connection = connect(); Statement statement = connection.createStatement()) {
        statement.execute("CREATE DATABASE " + name);
      } catch (SQLException e) {
        String message = what + " is not reachable at " + location() + " (" + e.getMessage() + ")";
        if ("true".equalsIgnoreCase(System.getenv(requireVariable))) {
          fail(requireVariable + "=true but " + message, e);
        }
        Assumptions.abort(message + ": the persistence interop tests on " + what + " were NOT run; set "
            + requireVariable + "=true to make this a failure");
      }
      URI admin = URI.create(adminUrl);
      String authority = admin.getRawAuthority();
      String scheme = admin.getScheme();
      return new InteropDatabase(scheme + "://" + authority + "/" + name, sqlalchemyScheme + "://" + authority + "/" + name,
          "DROP DATABASE IF EXISTS " + name + (isPostgres() ? " WITH (FORCE)" : ""));
    }

    /** Drops a database this server created. */
    void drop(InteropDatabase database) {
      if (database == null || database.dropStatement().isEmpty()) {
        return;
      }
      try (Connection connection = connect(); Statement statement = connection.createStatement()) {
        statement.execute(database.dropStatement());
      } catch (SQLException e) {
        throw new IllegalStateException("cannot drop a test database: " + database.dropStatement(), e);
      }
    }

    private String location() {
      URI admin = URI.create(adminUrl);
      return admin.getHost() + ":" + admin.getPort();
    }

    private Connection connect() throws SQLException {
      URI admin = URI.create(adminUrl);
      String user = null;
      String password = null;
      if (admin.getUserInfo() != null) {
        String[] parts = admin.getUserInfo().split(":", 2);
        user = parts[0];
        password = parts.length > 1 ? parts[1] : null;
      }
      String jdbc = (isPostgres() ? "jdbc:postgresql://" : "jdbc:mariadb://") + admin.getHost() + ":" + admin.getPort()
          + admin.getPath();
      DriverManager.setLoginTimeout(5);
      return DriverManager.getConnection(jdbc, user, password);
    }
  }
}
