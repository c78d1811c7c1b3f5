package io.taskflow4j.protocol.internal;

import io.taskflow4j.remote.RequestHeaders;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The rules for the extra headers a request may carry ({@link RequestHeaders}): how many, and how
 * long their names and values may be. Used by the executor on what it sends and by the worker on
 * what it reads.
 *
 * <p>Thread-safety: stateless.
 */
public final class ExtraHeaders {

  private ExtraHeaders() {}

  /**
   * Tells whether a header name is usable: 1 to {@value RequestHeaders#MAX_NAME_LENGTH} printable
   * ASCII characters, without spaces.
   *
   * @param name the name, possibly null
   * @return true when usable
   */
  public static boolean validName(String name) {
    if (name == null || name.isEmpty() || name.length() > RequestHeaders.MAX_NAME_LENGTH) {
      return false;
    }
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (c <= ' ' || c > '~') {
        return false;
      }
    }
    return true;
  }

  /**
   * Tells whether a header value is usable: at most {@value RequestHeaders#MAX_VALUE_LENGTH}
   * characters.
   *
   * @param value the value, possibly null
   * @return true when usable
   */
  public static boolean validValue(String value) {
    return value != null && value.length() <= RequestHeaders.MAX_VALUE_LENGTH;
  }

  /**
   * The string-valued headers of a received message that follow the rules, at most {@value
   * RequestHeaders#MAX_HEADERS} of them; the others are left out, and so is the protocol's own
   * {@link RunningNotice#HEADER}.
   *
   * @param headers the message's headers
   * @return the usable ones, unmodifiable; empty when none
   */
  public static Map<String, String> readable(Map<String, Object> headers) {
    if (headers.isEmpty()) {
      return Map.of();
    }
    Map<String, String> kept = new LinkedHashMap<>();
    for (Map.Entry<String, Object> header : headers.entrySet()) {
      if (kept.size() == RequestHeaders.MAX_HEADERS) {
        break;
      }
      if (header.getValue() instanceof String value && validName(header.getKey()) && validValue(value)
          && !header.getKey().equals(RunningNotice.HEADER)) {
        kept.put(header.getKey(), value);
      }
    }
    return kept.isEmpty() ? Map.of() : Collections.unmodifiableMap(kept);
  }
}
