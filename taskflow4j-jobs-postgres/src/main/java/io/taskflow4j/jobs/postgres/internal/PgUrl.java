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
  private static final Pattern PASSWORD_PARAM = Pattern.compile("(?i)([?&]password=)[^&]*");
  private static final Pattern PARAM = Pattern.compile("[?&]([^=&]+)=([^&]*)");

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
      int port = port(m.group(4));
      String database = database(m.group(5));
      Optional<String> user = Optional.ofNullable(m.group(1)).filter(u -> !u.isEmpty()).map(PgUrl::decode);
      String params = m.group(6) == null ? "" : m.group(6);
      Optional<String> password = m.group(2) != null ? Optional.of(decode(m.group(2))) : param(params, "password");
      return new PgUrl("jdbc:postgresql://" + host + ":" + port + "/" + database + params, user, password,
          "postgresql://" + user.map(u -> u + "@").orElse("") + host + ":" + port + "/" + database);
    }
    Matcher jdbc = JDBC.matcher(url);
    if (jdbc.matches()) {
      int port = port(jdbc.group(2));
      String database = database(jdbc.group(3));
      // pgjdbc reads user and password from the query; they are kept apart too, for the
      // description and so that error messages can leave the password out.
      Optional<String> user = param(jdbc.group(4), "user");
      return new PgUrl(url, user, param(jdbc.group(4), "password"),
          "postgresql://" + user.map(u -> u + "@").orElse("") + jdbc.group(1) + ":" + port + "/" + database);
    }
    String shown = redact(url);
    if (lower.startsWith("jdbc:") && !lower.startsWith("jdbc:postgresql:")) {
      throw new JobBoardException("job board URL '" + shown + "' is a JDBC URL of another database;"
          + " job boards are kept in PostgreSQL (jdbc:postgresql://HOST[:PORT]/DB) or Redis (redis://...)");
    }
    throw new JobBoardException("job board URL '" + shown + "' is not of the form"
        + " postgresql://USER[:PASSWORD]@HOST[:PORT]/DATABASE");
  }

  /**
   * A URL as messages may show it: any password, in the user part or a {@code password=}
   * parameter, replaced by {@code ****}.
   *
   * @param url a URL, well formed or not
   * @return the URL without its password
   */
  public static String redact(String url) {
    return PASSWORD_PARAM.matcher(url.replaceAll("(//[^/:@]*):[^@/]*@", "$1:****@")).replaceAll("$1****");
  }

  /** The description: a record's own {@code toString} would show the password. */
  @Override
  public String toString() {
    return description;
  }

  private static Optional<String> param(String query, String name) {
    if (query == null) {
      return Optional.empty();
    }
    Matcher m = PARAM.matcher(query);
    while (m.find()) {
      if (m.group(1).equalsIgnoreCase(name)) {
        return Optional.of(decode(m.group(2)));
      }
    }
    return Optional.empty();
  }

  private static int port(String text) {
    int port = text == null ? 5432 : Integer.parseInt(text);
    if (port < 1 || port > 65535) {
      throw new JobBoardException("job board URL names port " + port + ", which is not between 1 and 65535");
    }
    return port;
  }

  private static String database(String name) {
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
