package io.taskflow4j.bench.persistence;

import io.taskflow4j.persistence.FlowStore;
import io.taskflow4j.store.jdbc.FlowStores;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Opens fresh stores for the persistence benches: {@code sqlite:PATH} gets a new file per call
 * (PATH with {@code -K.db} appended, its WAL and journal removed first); a PostgreSQL database
 * whose name starts with {@code tf4jbench} is dropped and created again on the server's {@code
 * postgres} database, any other database is used as it is; {@code none} means no store.
 */
public final class BenchStores {

  private static final Pattern POSTGRES =
      Pattern.compile("(postgres(?:ql)?)://([^@/]+)@([^/:]+)(?::(\\d+))?/([A-Za-z0-9_]+)(?:\\?.*)?");

  private BenchStores() {}

  /** Keeps Flyway's and the store's INFO lines about each fresh database out of the figures. */
  public static void quietLogs() {
    System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", System.getProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn"));
  }

  static boolean none(String url) {
    return url.equals("none");
  }

  /**
   * Opens a fresh store for round {@code round}.
   *
   * @param url the bench's store URL
   * @param round which round, to name SQLite files
   * @return the store, counted
   */
  static CountingStore fresh(String url, int round) {
    String actual = url;
    if (url.startsWith("sqlite:")) {
      String path = url.substring("sqlite:".length()) + "-" + round + ".db";
      for (String suffix : new String[] {"", "-wal", "-shm", "-journal"}) {
        try {
          Files.deleteIfExists(Path.of(path + suffix));
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
      actual = "sqlite:" + path;
    } else {
      recreatePostgres(url);
    }
    return new CountingStore(FlowStores.open(actual));
  }

  /**
   * Opens a fresh store for round {@code round}, for benches of other packages.
   *
   * @param url the bench's store URL
   * @param round which round, to name SQLite files
   * @return the store
   */
  public static FlowStore freshStore(String url, int round) {
    return fresh(url, round);
  }

  /** Opens the store a URL names as it is, as a new process would to resume. */
  static CountingStore reopen(String url, int round) {
    String actual = url.startsWith("sqlite:") ? url + "-" + round + ".db" : url;
    return new CountingStore(FlowStores.open(actual));
  }

  private static void recreatePostgres(String url) {
    Matcher m = POSTGRES.matcher(url);
    if (!m.matches() || !m.group(5).startsWith("tf4jbench")) {
      return;
    }
    String admin = String.format(Locale.ROOT, "jdbc:postgresql://%s:%s/postgres", m.group(3),
        m.group(4) == null ? "5432" : m.group(4));
    String[] user = m.group(2).split(":", 2);
    try (Connection connection = DriverManager.getConnection(admin, user[0], user.length > 1 ? user[1] : "");
        Statement statement = connection.createStatement()) {
      statement.execute("DROP DATABASE IF EXISTS " + m.group(5) + " WITH (FORCE)");
      statement.execute("CREATE DATABASE " + m.group(5));
    } catch (SQLException e) {
      throw new IllegalStateException("cannot recreate database " + m.group(5) + ": " + e.getMessage(), e);
    }
  }

  /** A short name of the store kind for the printed lines. */
  public static String kind(String url) {
    int colon = url.indexOf(':');
    return colon < 0 ? url : url.substring(0, colon);
  }
}
