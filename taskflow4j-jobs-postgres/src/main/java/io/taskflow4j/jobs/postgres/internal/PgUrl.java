package io.taskflow4j.jobs.postgres.internal;

import io.taskflow4j.jobs.JobBoardException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A PostgreSQL board URL, parsed: the JDBC URL to connect with, the user and password, and a
 * description without the password for messages.
 *
 * @param jdbcUrl {@code jdbc:postgresql://host:port/database[?params]} (no credentials)
 * @param user the user, if given
 * @param password the password, if given
 * @param description {@code postgresql://user@host:port/database}, for messages
 */
public record PgUrl(String jdbcUrl, Optional<String> user, Optional<String> password, String description) {

  private static final Pattern URL = Pattern.compile(
      "(?:postgres|postgresql)://(?:([^:@/]*)(?::([^@/]*))?@)?([^:/?#@]+)(?::(\\d{1,5}))?/([^/?#]+)(\\?[^#]*)?");
  private static final Pattern JDBC = Pattern.compile("jdbc:postgresql://([^:/?#]+)(?::(\\d{1,5}))?/([^/?#]+)(\\?[^#]*)?");
  private static final Pattern DATABASE = Pattern.compile("[A-Za-z0-9_$.-]{1,63}");

  /**
   * Parses a URL.
   *
   * @param text the URL
   * @return the parts
   * @throws JobBoardException when it is not a PostgreSQL URL of a form above; the message shows
   *     the expected form and never the password
   */
  public static PgUrl parse(String text) {
    String url = text.strip();
    String lower = url.toLowerCase(Locale.ROOT);
    Matcher m = URL.matcher(url);
    if (m.matches()) {
      String host = m.group(3);
      int port = port(m.group(4), url);
      String database = database(m.group(5), url);
      Optional<String> user = Optional.ofNullable(m.group(1)).filter(u -> !u.isEmpty()).map(PgUrl::decode);
      Optional<String> password = Optional.ofNullable(m.group(2)).map(PgUrl::decode);
      String params = m.group(6) == null ? "" : m.group(6);
      return new PgUrl("jdbc:postgresql://" + host + ":" + port + "/" + database + params, user, password,
          "postgresql://" + user.map(u -> u + "@").orElse("") + host + ":" + port + "/" + database);
    }
    Matcher jdbc = JDBC.matcher(url);
    if (jdbc.matches()) {
      int port = port(jdbc.group(2), url);
      String database = database(jdbc.group(3), url);
      return new PgUrl(url, Optional.empty(), Optional.empty(),
          "postgresql://" + jdbc.group(1) + ":" + port + "/" + database);
    }
    String shown = url.replaceAll("(//[^/:@]*):[^@/]*@", "$1:****@");
    if (lower.startsWith("jdbc:") && !lower.startsWith("jdbc:postgresql:")) {
      throw new JobBoardException("job board URL '" + shown + "' is a JDBC URL of another database;"
          + " job boards are kept in PostgreSQL (jdbc:postgresql://HOST[:PORT]/DB) or Redis (redis://...)");
    }
    throw new JobBoardException("job board URL '" + shown + "' is not of the form"
        + " postgresql://USER[:PASSWORD]@HOST[:PORT]/DATABASE");
  }

  private static int port(String text, String url) {
    int port = text == null ? 5432 : Integer.parseInt(text);
    if (port < 1 || port > 65535) {
      throw new JobBoardException("job board URL names port " + port + ", which is not between 1 and 65535");
    }
    return port;
  }

  private static String database(String name, String url) {
    String decoded = decode(name);
    if (!DATABASE.matcher(decoded).matches()) {
      throw new JobBoardException("job board URL names the database '" + decoded
          + "'; a database name is 1 to 63 of A-Z a-z 0-9 _ $ . -");
    }
    return decoded;
  }

  private static String decode(String text) {
    return URLDecoder.decode(text, StandardCharsets.UTF_8);
  }
}
