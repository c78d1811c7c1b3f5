package io.taskflow4j.store.jdbc.internal;

import io.taskflow4j.persistence.StoreException;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A store URL taken apart: which database, the JDBC URL to reach it, the credentials, and a
 * description without the password.
 *
 * @param kind the kind of store
 * @param dialect the SQL dialect; empty for the in-memory store
 * @param jdbcUrl the JDBC URL, without credentials; empty for the in-memory store
 * @param user the user name, when the URL gave one outside the JDBC URL
 * @param password the password, when the URL gave one outside the JDBC URL
 * @param sqlitePath the database file, for SQLite
 * @param server {@code host:port} for a server database, for messages
 * @param database the database name for a server database, for messages
 * @param description the URL as messages show it, never with a password
 */
public record StoreUrl(
    Kind kind,
    Optional<Dialect> dialect,
    Optional<String> jdbcUrl,
    Optional<String> user,
    Optional<String> password,
    Optional<Path> sqlitePath,
    Optional<String> server,
    Optional<String> database,
    String description) {

  /** The kinds of store a URL may name. */
  public enum Kind {
    /** {@code memory}. */
    MEMORY,
    /** A SQL database. */
    SQL
  }

  /** The forms {@link #parse(String)} accepts, for error messages. */
  public static final String ACCEPTED_FORMS = "memory, sqlite:PATH (also sqlite:///relative/path and"
      + " sqlite:////absolute/path), postgresql://user[:password]@host[:port]/database (also postgres://),"
      + " mysql://user[:password]@host[:port]/database (also mariadb://), jdbc:sqlite:PATH,"
      + " jdbc:postgresql://..., jdbc:mariadb://..., jdbc:mysql://...";

  private static final Pattern PASSWORD_PARAM = Pattern.compile("(?i)(password=)[^&;]*");
  private static final Pattern JDBC_SERVER = Pattern.compile("^jdbc:[a-z]+://([^/?;]+)(?:/([^?;]*))?");

  /**
   * Takes a store URL apart.
   *
   * @param url such as {@code sqlite:flows.db} or {@code postgresql://app@db:5432/flows}
   * @return the parts
   * @throws StoreException when the scheme is unknown or the URL is malformed; the message lists
   *     the accepted forms
   */
  public static StoreUrl parse(String url) {
    String trimmed = url.trim();
    if (trimmed.equals("memory") || trimmed.equals("memory:")) {
      return new StoreUrl(Kind.MEMORY, Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
          Optional.empty(), Optional.empty(), Optional.empty(), "memory");
    }
    int colon = trimmed.indexOf(':');
    String scheme = colon < 0 ? trimmed : trimmed.substring(0, colon).toLowerCase(Locale.ROOT);
    String rest = colon < 0 ? "" : trimmed.substring(colon + 1);
    if (scheme.equals("jdbc")) {
      return parseJdbc(trimmed, rest);
    }
    String base = scheme.contains("+") ? scheme.substring(0, scheme.indexOf('+')) : scheme;
    return switch (base) {
      case "sqlite" -> sqlite(sqlitePath(trimmed, rest));
      case "postgresql", "postgres" -> server(trimmed, Dialect.POSTGRESQL, "postgresql", 5432);
      case "mysql", "mariadb" -> server(trimmed, Dialect.MARIADB, base, 3306);
      default -> throw new StoreException("unknown store URL scheme '" + (colon < 0 ? redact(trimmed) : scheme)
          + "'; accepted forms: " + ACCEPTED_FORMS);
    };
  }

  private static String sqlitePath(String url, String rest) {
    String path;
    if (rest.startsWith("///")) {
      path = rest.substring(3);
    } else if (rest.startsWith("//")) {
      throw new StoreException("SQLite URL " + url + " names a host; write sqlite:PATH, sqlite:///relative/path"
          + " or sqlite:////absolute/path");
    } else {
      path = rest;
    }
    if (path.isEmpty()) {
      throw new StoreException("SQLite URL " + url + " names no file; accepted forms: " + ACCEPTED_FORMS);
    }
    return path;
  }

  private static StoreUrl sqlite(String file) {
    Path path = Path.of(file).toAbsolutePath().normalize();
    return new StoreUrl(Kind.SQL, Optional.of(Dialect.SQLITE), Optional.of("jdbc:sqlite:" + path), Optional.empty(),
        Optional.empty(), Optional.of(path), Optional.empty(), Optional.empty(), "sqlite:" + path);
  }

  private static StoreUrl server(String url, Dialect dialect, String label, int defaultPort) {
    URI uri;
    try {
      uri = new URI(url);
    } catch (URISyntaxException e) {
      throw new StoreException("malformed store URL " + redact(url) + " (percent-encode special characters of"
          + " the password); accepted forms: " + ACCEPTED_FORMS);
    }
    String host = uri.getHost();
    if (host == null || uri.getRawPath() == null || uri.getRawPath().length() <= 1) {
      throw new StoreException("store URL " + redact(url) + " needs a host and a database, as in " + label
          + "://user[:password]@host[:port]/database");
    }
    int port = uri.getPort() < 0 ? defaultPort : uri.getPort();
    String database = decode(uri.getRawPath().substring(1));
    Optional<String> user = Optional.empty();
    Optional<String> password = Optional.empty();
    if (uri.getRawUserInfo() != null) {
      String info = uri.getRawUserInfo();
      int split = info.indexOf(':');
      user = Optional.of(decode(split < 0 ? info : info.substring(0, split))).filter(u -> !u.isEmpty());
      password = split < 0 ? Optional.empty() : Optional.of(decode(info.substring(split + 1)));
    }
    String hostPort = (host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host) + ":" + port;
    String query = uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery();
    String jdbcScheme = dialect == Dialect.POSTGRESQL ? "jdbc:postgresql://" : "jdbc:mariadb://";
    String jdbc = jdbcScheme + hostPort + "/" + uri.getRawPath().substring(1) + query;
    String description = label + "://" + user.map(u -> u + "@").orElse("") + hostPort + "/" + database
        + redact(query);
    return new StoreUrl(Kind.SQL, Optional.of(dialect), Optional.of(jdbc), user, password, Optional.empty(),
        Optional.of(hostPort), Optional.of(database), description);
  }

  private static StoreUrl parseJdbc(String url, String rest) {
    String lower = rest.toLowerCase(Locale.ROOT);
    if (lower.startsWith("sqlite:")) {
      String file = rest.substring("sqlite:".length());
      if (file.startsWith("file:") || file.isEmpty() || file.startsWith(":memory:")) {
        throw new StoreException("JDBC URL " + url + " names no plain file; write jdbc:sqlite:PATH");
      }
      int query = file.indexOf('?');
      return sqlite(query < 0 ? file : file.substring(0, query));
    }
    Dialect dialect;
    String jdbc;
    if (lower.startsWith("postgresql:")) {
      dialect = Dialect.POSTGRESQL;
      jdbc = url;
    } else if (lower.startsWith("mariadb:")) {
      dialect = Dialect.MARIADB;
      jdbc = url;
    } else if (lower.startsWith("mysql:")) {
      dialect = Dialect.MARIADB;
      jdbc = "jdbc:mariadb:" + rest.substring("mysql:".length());
    } else {
      int colon = rest.indexOf(':');
      String sub = colon < 0 ? rest : rest.substring(0, colon);
      throw new StoreException("unknown store URL scheme 'jdbc:" + sub + "'; accepted forms: " + ACCEPTED_FORMS);
    }
    Matcher server = JDBC_SERVER.matcher(jdbc);
    Optional<String> hostPort = Optional.empty();
    Optional<String> database = Optional.empty();
    if (server.find()) {
      String hp = server.group(1);
      hp = hp.contains("@") ? hp.substring(hp.lastIndexOf('@') + 1) : hp;
      hostPort = Optional.of(hp.matches(".*:\\d+$") ? hp : hp + (dialect == Dialect.POSTGRESQL ? ":5432" : ":3306"));
      database = Optional.ofNullable(server.group(2)).filter(d -> !d.isEmpty());
    }
    return new StoreUrl(Kind.SQL, Optional.of(dialect), Optional.of(jdbc), Optional.empty(), Optional.empty(),
        Optional.empty(), hostPort, database, redact(url));
  }

  /** Replaces passwords in a URL by {@code ***}. */
  static String redact(String text) {
    String redacted = PASSWORD_PARAM.matcher(text).replaceAll("$1***");
    return redacted.replaceAll("(://[^/@:]*):[^/@]*@", "$1:***@");
  }

  private static String decode(String raw) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int i = 0;
    while (i < raw.length()) {
      if (raw.charAt(i) == '%' && i + 2 < raw.length() && isHex(raw.charAt(i + 1)) && isHex(raw.charAt(i + 2))) {
        out.write(Integer.parseInt(raw.substring(i + 1, i + 3), 16));
        i += 3;
      } else {
        int j = raw.indexOf('%', i + 1);
        j = j < 0 ? raw.length() : j;
        out.writeBytes(raw.substring(i, j).getBytes(StandardCharsets.UTF_8));
        i = j;
      }
    }
    return out.toString(StandardCharsets.UTF_8);
  }

  private static boolean isHex(char c) {
    return Character.digit(c, 16) >= 0;
  }
}
