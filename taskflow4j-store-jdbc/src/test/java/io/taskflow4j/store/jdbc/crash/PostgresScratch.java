package io.taskflow4j.store.jdbc.crash;

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
 * A throw-away PostgreSQL database for the crash test, on the server {@code
 * TASKFLOW4J_POSTGRES_URL} names (default {@value #DEFAULT_POSTGRES}); an unreachable server skips
 * the test unless {@code TASKFLOW4J_REQUIRE_POSTGRES=true}, which makes it a failure.
 *
 * @param admin the server's administrative URL
 * @param name the database's name
 * @param storeUrl the store URL of the database
 */
record PostgresScratch(StoreUrl admin, String name, String storeUrl) {

  static final String DEFAULT_POSTGRES = "postgresql://postgres@127.0.0.1:5432/postgres";

  static PostgresScratch create() {
    String adminUrl = System.getenv("TASKFLOW4J_POSTGRES_URL");
    if (adminUrl == null || adminUrl.isBlank()) {
      adminUrl = DEFAULT_POSTGRES;
    }
    StoreUrl admin = StoreUrl.parse(adminUrl);
    String name = "tf4j_crash_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10).toLowerCase(Locale.ROOT);
    try (Connection connection = connect(admin); Statement statement = connection.createStatement()) {
      statement.execute("CREATE DATABASE " + name);
    } catch (SQLException e) {
      String message = "PostgreSQL is not reachable at " + admin.description() + " (" + e.getMessage()
          + "): the crash-and-resume test on PostgreSQL was NOT run; set TASKFLOW4J_REQUIRE_POSTGRES=true to make this a failure";
      if (Boolean.parseBoolean(System.getenv("TASKFLOW4J_REQUIRE_POSTGRES"))) {
        fail(message, e);
      }
      Assumptions.abort(message);
    }
    return new PostgresScratch(admin, name, adminUrl.substring(0, adminUrl.lastIndexOf('/') + 1) + name);
  }

  void drop() {
    try (Connection connection = connect(admin); Statement statement = connection.createStatement()) {
      statement.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
    } catch (SQLException e) {
      throw new IllegalStateException("cannot drop " + name, e);
    }
  }

  private static Connection connect(StoreUrl url) throws SQLException {
    DriverManager.setLoginTimeout(5);
    return DriverManager.getConnection(url.jdbcUrl().orElseThrow(), url.user().orElse(null), url.password().orElse(null));
  }
}
