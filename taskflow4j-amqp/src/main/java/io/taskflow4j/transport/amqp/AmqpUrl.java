package io.taskflow4j.transport.amqp;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * Where and how to connect to an AMQP 0-9-1 broker, read from a URL {@code
 * amqp://user:password@host:port/vhost} ({@code amqps://} for TLS), as the reference's transport
 * URLs are written. Missing parts take the defaults: user and password {@code guest}, port 5672
 * (5671 for {@code amqps}), virtual host {@code /}. The path is the virtual host without its
 * leading slash, percent-decoded; an empty path means {@code /} (so {@code amqp://host/} and {@code
 * amqp://host//} both name {@code /}, as in kombu). Query parameters are not accepted.
 *
 * <p>Immutable and thread-safe. {@link #toString()} never shows the password.
 *
 * @param tls whether to connect with TLS ({@code amqps})
 * @param host the broker's host name or address (an IPv6 address without brackets)
 * @param port the broker's port
 * @param username the user name
 * @param password the password
 * @param virtualHost the virtual host
 */
public record AmqpUrl(
    boolean tls, String host, int port, String username, String password, String virtualHost) {

  /** The port of {@code amqp://} when the URL has none. */
  public static final int DEFAULT_PORT = 5672;

  /** The port of {@code amqps://} when the URL has none. */
  public static final int DEFAULT_TLS_PORT = 5671;

  /**
   * Validates the components, naming the one that is wrong.
   *
   * @param tls whether to connect with TLS ({@code amqps})
   * @param host the broker's host name or address (an IPv6 address without brackets)
   * @param port the broker's port
   * @param username the user name
   * @param password the password
   * @param virtualHost the virtual host
   */
  public AmqpUrl {
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(username, "username");
    Objects.requireNonNull(password, "password");
    Objects.requireNonNull(virtualHost, "virtualHost");
    if (host.isBlank()) {
      throw new IllegalArgumentException("host must not be blank");
    }
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("port must be between 1 and 65535, got " + port);
    }
    if (virtualHost.isEmpty()) {
      throw new IllegalArgumentException("virtualHost must not be empty");
    }
  }

  /**
   * Reads a URL.
   *
   * @param url such as {@code amqp://guest:guest@127.0.0.1:5672/}
   * @return the parsed URL
   * @throws IllegalArgumentException naming what is wrong with the URL (never showing its password)
   */
  public static AmqpUrl parse(String url) {
    Objects.requireNonNull(url, "url");
    URI uri;
    try {
      uri = new URI(url.strip());
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException(
          "url is not a valid URL (" + e.getReason() + " at index " + e.getIndex() + ")");
    }
    String scheme = uri.getScheme();
    if (scheme == null || !(scheme.equalsIgnoreCase("amqp") || scheme.equalsIgnoreCase("amqps"))) {
      throw new IllegalArgumentException(
          "url must start with amqp:// or amqps://, got scheme " + (scheme == null ? "none" : "'" + scheme + "'"));
    }
    boolean tls = scheme.equalsIgnoreCase("amqps");
    if (uri.isOpaque() || uri.getRawAuthority() == null) {
      throw new IllegalArgumentException("url has no host: expected " + scheme + "://host[:port]/vhost");
    }
    if (uri.getHost() == null) {
      throw new IllegalArgumentException(
          "url has an invalid host or port in '" + redactAuthority(uri.getRawAuthority()) + "'");
    }
    if (uri.getRawQuery() != null) {
      throw new IllegalArgumentException(
          "url must not have query parameters (got '?" + uri.getRawQuery() + "'); use the transport's settings instead");
    }
    if (uri.getRawFragment() != null) {
      throw new IllegalArgumentException("url must not have a fragment (got '#" + uri.getRawFragment() + "')");
    }
    String host = uri.getHost();
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    int port = uri.getPort() == -1 ? (tls ? DEFAULT_TLS_PORT : DEFAULT_PORT) : uri.getPort();
    String username = "guest";
    String password = "guest";
    String userInfo = uri.getRawUserInfo();
    if (userInfo != null) {
      int colon = userInfo.indexOf(':');
      username = decode(colon < 0 ? userInfo : userInfo.substring(0, colon), "user name");
      password = colon < 0 ? "" : decode(userInfo.substring(colon + 1), "password");
      if (username.isEmpty()) {
        throw new IllegalArgumentException("url has an empty user name before '@'");
      }
    }
    String path = uri.getRawPath();
    String virtualHost = path == null || path.length() <= 1 ? "/" : decode(path.substring(1), "virtual host");
    if (virtualHost.isEmpty()) {
      virtualHost = "/";
    }
    return new AmqpUrl(tls, host, port, username, password, virtualHost);
  }

  /**
   * The URL without the password, for banners and logs: {@code amqp://guest@127.0.0.1:5672/}.
   *
   * @return the redacted URL
   */
  public String redacted() {
    String shownHost = host.contains(":") ? "[" + host + "]" : host;
    String path = virtualHost.equals("/") ? "/" : "/" + encode(virtualHost);
    return (tls ? "amqps" : "amqp") + "://" + encode(username) + "@" + shownHost + ":" + port + path;
  }

  /** Returns {@link #redacted()}: the password is never shown. */
  @Override
  public String toString() {
    return redacted();
  }

  private static String redactAuthority(String authority) {
    int at = authority.lastIndexOf('@');
    if (at < 0) {
      return authority;
    }
    String userInfo = authority.substring(0, at);
    int colon = userInfo.indexOf(':');
    return (colon < 0 ? userInfo : userInfo.substring(0, colon) + ":***") + authority.substring(at);
  }

  private static String decode(String raw, String what) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(raw.length());
    for (int i = 0; i < raw.length(); i++) {
      char c = raw.charAt(i);
      if (c == '%') {
        if (i + 2 >= raw.length()) {
          throw new IllegalArgumentException("url has an incomplete %-escape in its " + what);
        }
        int hi = Character.digit(raw.charAt(i + 1), 16);
        int lo = Character.digit(raw.charAt(i + 2), 16);
        if (hi < 0 || lo < 0) {
          throw new IllegalArgumentException("url has an invalid %-escape in its " + what);
        }
        out.write(hi * 16 + lo);
        i += 2;
      } else {
        int codePoint = raw.codePointAt(i);
        byte[] bytes = new String(Character.toChars(codePoint)).getBytes(StandardCharsets.UTF_8);
        out.write(bytes, 0, bytes.length);
        i += Character.charCount(codePoint) - 1;
      }
    }
    return out.toString(StandardCharsets.UTF_8);
  }

  private static String encode(String text) {
    StringBuilder out = new StringBuilder();
    for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
      int c = b & 0xff;
      if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
          || c == '-' || c == '.' || c == '_' || c == '~') {
        out.append((char) c);
      } else {
        out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
            .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
      }
    }
    return out.toString();
  }
}
