package io.taskflow4j.store.jdbc.internal;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.stream.Collectors;

/**
 * What differs between the SQL databases: upsert syntax, how JSON and enum values are bound, how
 * timestamps are written and read, and where the migrations live. Stateless and thread-safe.
 */
public enum Dialect {
  /** SQLite, with the reference's text columns. */
  SQLITE("sqlite", "sqlite"),
  /** PostgreSQL, with json columns and enum types. */
  POSTGRESQL("postgresql", "postgresql"),
  /** MySQL or MariaDB, with LONGTEXT JSON columns and ENUM columns. */
  MARIADB("mariadb", "mysql");

  private static final DateTimeFormatter SQLITE_WRITE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSS");
  private static final DateTimeFormatter SQLITE_READ = new DateTimeFormatterBuilder()
      .appendPattern("yyyy-MM-dd")
      .optionalStart().appendLiteral(' ').optionalEnd()
      .optionalStart().appendLiteral('T').optionalEnd()
      .appendPattern("HH:mm:ss")
      .optionalStart().appendFraction(ChronoField.NANO_OF_SECOND, 0, 9, true).optionalEnd()
      .optionalStart().appendLiteral('Z').optionalEnd()
      .toFormatter();

  private final String label;
  private final String migrations;

  Dialect(String label, String migrations) {
    this.label = label;
    this.migrations = migrations;
  }

  /**
   * The name used in messages and URLs.
   *
   * @return such as {@code postgresql}
   */
  public String label() {
    return label;
  }

  /**
   * The Flyway location of this database's migrations.
   *
   * @return a classpath location
   */
  public String migrationLocation() {
    return "classpath:io/taskflow4j/store/jdbc/migration/" + migrations;
  }

  /** The placeholder for a JSON parameter. */
  String json() {
    return this == POSTGRESQL ? "CAST(? AS json)" : "?";
  }

  /** The placeholder for an enum parameter of the given PostgreSQL type. */
  String enumValue(String postgresType) {
    return this == POSTGRESQL ? "CAST(? AS " + postgresType + ")" : "?";
  }

  /** A condition that {@code column} contains the parameter, case-sensitively. */
  String contains(String column) {
    return switch (this) {
      case SQLITE -> "instr(" + column + ", ?) > 0";
      case POSTGRESQL -> "strpos(" + column + ", ?) > 0";
      case MARIADB -> "LOCATE(CAST(? AS BINARY), CAST(" + column + " AS BINARY)) > 0";
    };
  }

  /**
   * An insert of one row that, when the uuid exists, replaces every column but {@code uuid} and
   * {@code created_at}.
   *
   * @param table the table
   * @param columns the columns, {@code uuid} and {@code created_at} among them
   * @param placeholders one placeholder per column
   */
  String upsert(String table, List<String> columns, List<String> placeholders) {
    return upsert(table, columns, placeholders, 1);
  }

  /**
   * An insert of several rows in one statement that, for each uuid that exists, replaces every
   * column but {@code uuid} and {@code created_at}.
   *
   * @param table the table
   * @param columns the columns, {@code uuid} and {@code created_at} among them
   * @param placeholders one placeholder per column
   * @param rows how many rows the statement binds, in column order row after row
   */
  String upsert(String table, List<String> columns, List<String> placeholders, int rows) {
    String row = "(" + String.join(", ", placeholders) + ")";
    String insert = "INSERT INTO " + table + " (" + String.join(", ", columns) + ") VALUES "
        + String.join(", ", java.util.Collections.nCopies(rows, row));
    List<String> replaced = columns.stream().filter(c -> !c.equals("uuid") && !c.equals("created_at")).toList();
    if (this == MARIADB) {
      return insert + " ON DUPLICATE KEY UPDATE "
          + replaced.stream().map(c -> c + " = VALUES(" + c + ")").collect(Collectors.joining(", "));
    }
    return insert + " ON CONFLICT (uuid) DO UPDATE SET "
        + replaced.stream().map(c -> c + " = excluded." + c).collect(Collectors.joining(", "));
  }

  /**
   * Reads {@code yyyy-MM-dd HH:mm:ss.ffffff} (the fraction optional, one to six digits), the form
   * both we and the reference write to SQLite and the form PostgreSQL's ISO date style (which
   * pgjdbc requires) shows, without a formatter: a resume reads two timestamps per atom, and the
   * formatter, or pgjdbc's parser, is most of that read's cost in a fresh JVM. Anything else
   * (another form, a year past 9999, BC, infinity) returns null, for them to read or reject.
   */
  static LocalDateTime parseTimestamp(String text) {
    int length = text.length();
    if ((length != 19 && (length < 21 || length > 26)) || text.charAt(4) != '-' || text.charAt(7) != '-'
        || text.charAt(10) != ' ' || text.charAt(13) != ':' || text.charAt(16) != ':'
        || (length > 19 && text.charAt(19) != '.')) {
      return null;
    }
    int year = digits(text, 0, 4);
    int month = digits(text, 5, 7);
    int day = digits(text, 8, 10);
    int hour = digits(text, 11, 13);
    int minute = digits(text, 14, 16);
    int second = digits(text, 17, 19);
    int micros = 0;
    if (length > 19) {
      micros = digits(text, 20, length);
      for (int i = length; i < 26; i++) {
        micros *= 10;
      }
    }
    if ((year | month | day | hour | minute | second | micros) < 0) {
      return null;
    }
    try {
      return LocalDateTime.of(year, month, day, hour, minute, second, micros * 1000);
    } catch (java.time.DateTimeException e) {
      return null;
    }
  }

  /** The number the digits in {@code [from, to)} spell, or -1 when one is not a digit. */
  private static int digits(String text, int from, int to) {
    int value = 0;
    for (int i = from; i < to; i++) {
      char c = text.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      value = value * 10 + (c - '0');
    }
    return value;
  }

  /** Binds a UTC instant, truncated to microseconds, as a timestamp without zone. */
  void setTimestamp(PreparedStatement statement, int index, Instant instant) throws SQLException {
    LocalDateTime utc = LocalDateTime.ofInstant(instant.truncatedTo(ChronoUnit.MICROS), ZoneOffset.UTC);
    if (this == SQLITE) {
      statement.setString(index, SQLITE_WRITE.format(utc));
    } else {
      statement.setObject(index, utc);
    }
  }

  /**
   * Reads a timestamp without zone as a UTC instant.
   *
   * @return the instant, or null when the column is NULL
   * @throws DateTimeParseException when SQLite holds text that is no timestamp
   */
  Instant getTimestamp(ResultSet row, String column) throws SQLException {
    if (this == SQLITE) {
      String text = row.getString(column);
      if (text == null) {
        return null;
      }
      LocalDateTime fast = parseTimestamp(text);
      return (fast != null ? fast : LocalDateTime.parse(text.trim(), SQLITE_READ)).toInstant(ZoneOffset.UTC);
    }
    if (this == POSTGRESQL) {
      // pgjdbc shows a timestamp as this text whether it came as text or binary; what the fast
      // parser does not take, pgjdbc's own reading below does.
      String text = row.getString(column);
      if (text == null) {
        return null;
      }
      LocalDateTime fast = parseTimestamp(text);
      if (fast != null) {
        return fast.toInstant(ZoneOffset.UTC);
      }
    }
    LocalDateTime value = row.getObject(column, LocalDateTime.class);
    return value == null ? null : value.toInstant(ZoneOffset.UTC);
  }
}
