package io.taskflow4j.jobs.redis.internal;

import io.taskflow4j.jobs.JobBoardException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Where a Redis board is: {@code redis://[user[:password]@]host[:port][/NAMESPACE][?db=N]}, or
 * {@code rediss://} for TLS. The port defaults to 6379, the namespace to {@value
 * #DEFAULT_NAMESPACE} (the reference's default, so that both find the same board when neither
 * names one), the database to 0. A namespace is 1 to 100 of {@code A-Z a-z 0-9 . _ -}: it becomes
 * the prefix of every key ({@code NS:listings}), so a colon or space in it would make keys
 * ambiguous.
 *
 * @param host the server's host
 * @param port its port
 * @param user the ACL user, if any
 * @param password the password, if any; never shown in {@link #description()}
 * @param namespace the prefix of the board's keys
 * @param database the logical database
 * @param tls whether to connect with TLS
 */
public record RedisUrl(
    String host, int port, Optional<String> user, Optional<String> password, String namespace, int database, boolean tls) {

  /** The namespace when the URL names none: the reference's default. */
  public static final String DEFAULT_NAMESPACE = "taskflow";
  /** Redis's port. */
  public static final int DEFAULT_PORT = 6379;

  private static final Pattern NAMESPACE = Pattern.compile("[A-Za-z0-9._-]{1,100}");

  /**
   * Validates the components.
   *
   * @param host the server's host
   * @param port its port
   * @param user the ACL user, if any
   * @param password the password, if any; never shown in {@link #description()}
   * @param namespace the prefix of the board's keys
   * @param database the logical database
   * @param tls whether to connect with TLS
   */
  public RedisUrl {
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(user, "user");
    Objects.requireNonNull(password, "password");
    Objects.requireNonNull(namespace, "namespace");
    if (!NAMESPACE.matcher(namespace).matches()) {
      throw new IllegalArgumentException("namespace '" + namespace + "' must be 1 to 100 of A-Z a-z 0-9 . _ -");
    }
  }

  /**
   * Parses a URL.
   *
   * @param url such as {@code redis://127.0.0.1:6379/jobs}
   * @return the parts
   * @throws JobBoardException naming what is wrong with it (the message leaves the password out)
   */
  public static RedisUrl parse(String url) {
    Objects.requireNonNull(url, "url");
    String shown = url.replaceFirst("^([a-zA-Z]+://[^:@/]*:)[^@/]*@", "$1***@");
    URI uri;
    try {
      uri = new URI(url.trim());
    } catch (URISyntaxException e) {
      throw new JobBoardException("Redis job board URL '" + shown + "' is malformed: " + e.getReason());
    }
    String scheme = Optional.ofNullable(uri.getScheme()).map(s -> s.toLowerCase(Locale.ROOT)).orElse("");
    if (!scheme.equals("redis") && !scheme.equals("rediss")) {
      throw new JobBoardException("Redis job board URL '" + shown + "' must start with redis:// or rediss://");
    }
    if (uri.getHost() == null || uri.getHost().isBlank()) {
      throw new JobBoardException("Redis job board URL '" + shown + "' names no host (redis://host:port/NAMESPACE)");
    }
    Optional<String> user = Optional.empty();
    Optional<String> password = Optional.empty();
    if (uri.getRawUserInfo() != null) {
      String info = uri.getRawUserInfo();
      int colon = info.indexOf(':');
      String rawUser = colon < 0 ? info : info.substring(0, colon);
      user = Optional.of(decode(rawUser)).filter(u -> !u.isEmpty());
      password = colon < 0 ? Optional.empty() : Optional.of(decode(info.substring(colon + 1)));
    }
    String path = uri.getPath() == null ? "" : uri.getPath();
    String namespace = path.isEmpty() || path.equals("/") ? DEFAULT_NAMESPACE : path.substring(1);
    if (!NAMESPACE.matcher(namespace).matches()) {
      throw new JobBoardException("Redis job board URL '" + shown + "': namespace '" + namespace
          + "' must be 1 to 100 of A-Z a-z 0-9 . _ -");
    }
    int database = 0;
    if (uri.getQuery() != null && !uri.getQuery().isEmpty()) {
      for (String parameter : uri.getQuery().split("&")) {
        if (!parameter.startsWith("db=")) {
          throw new JobBoardException("Redis job board URL '" + shown + "': unknown parameter '" + parameter
              + "' (only db=N is known)");
        }
        try {
          database = Integer.parseInt(parameter.substring(3));
        } catch (NumberFormatException e) {
          database = -1;
        }
        if (database < 0) {
          throw new JobBoardException("Redis job board URL '" + shown + "': db must be a number of 0 or more");
        }
      }
    }
    int port = uri.getPort() < 0 ? DEFAULT_PORT : uri.getPort();
    String host = uri.getHost().startsWith("[") ? uri.getHost().substring(1, uri.getHost().length() - 1) : uri.getHost();
    return new RedisUrl(host, port, user, password, namespace, database, scheme.equals("rediss"));
  }

  private static String decode(String part) {
    return URLDecoder.decode(part.replace("+", "%2B"), StandardCharsets.UTF_8);
  }

  /**
   * The server, for messages.
   *
   * @return {@code host:port}
   */
  public String hostAndPort() {
    return (host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host) + ":" + port;
  }

  /**
   * The URL without its password.
   *
   * @return such as {@code redis://127.0.0.1:6379/jobs}
   */
  public String description() {
    return (tls ? "rediss" : "redis") + "://" + user.map(u -> u + "@").orElse("") + hostAndPort() + "/" + namespace
        + (database == 0 ? "" : "?db=" + database);
  }

  @Override
  public String toString() {
    return description();
  }
}
