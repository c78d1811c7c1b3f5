package io.taskflow4j.dashboard.internal;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** Escaping and formatting for the pages: every value from a store or request goes through it. Stateless. */
final class Html {

  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);

  private Html() {}

  /** Text made safe for element content and quoted attribute values. */
  static String escape(String text) {
    StringBuilder out = new StringBuilder(text.length() + 16);
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '&' -> out.append("&amp;");
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&#39;");
        default -> out.append(c);
      }
    }
    return out.toString();
  }

  /** A value for a URL's path segment or query parameter. */
  static String url(String text) {
    return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
  }

  /** An instant as the pages show it, in UTC to the second. */
  static String time(Instant instant) {
    return TIME.format(instant) + " UTC";
  }

  /** A duration as the pages show it: ms below 10 s, then seconds, minutes, hours. */
  static String duration(Duration duration) {
    long millis = Math.max(0, duration.toMillis());
    if (millis < 10_000) {
      return millis + " ms";
    }
    if (millis < 120_000) {
      return String.format(java.util.Locale.ROOT, "%.1f s", millis / 1000.0);
    }
    if (millis < 7_200_000) {
      return (millis / 60_000) + " min " + (millis / 1000 % 60) + " s";
    }
    return (millis / 3_600_000) + " h " + (millis / 60_000 % 60) + " min";
  }
}
