package io.taskflow4j.store.jdbc.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads and writes plain JSON without Jackson's data binding. A resume reads tens of thousands of
 * small texts ({@code {}}, {@code 2}, a meta object) and its first commit writes a few, in a JVM
 * that has not loaded or compiled Jackson's layers of per-call set-up yet; this one small class is
 * compiled after a few hundred rows.
 *
 * <p>It reads a strict subset of JSON and gives what Jackson gives for it ({@link LinkedHashMap},
 * {@link ArrayList}, {@link String}, {@link Integer} when the value fits, else {@link Long}, {@link
 * Double}, {@link Boolean}, null). Everything else returns {@link #UNSUPPORTED}, for Jackson to
 * read or reject with its own message: strings with escapes or control characters, integers of
 * more than 18 digits, long numbers and keys, NaN and the infinities, duplicate keys, deep
 * nesting, trailing text, whitespace other than JSON's four characters.
 *
 * <p>It writes the values that need no escaping and no serializer of Jackson's choosing, as
 * Jackson writes them: null, booleans, {@link Integer}, {@link Long}, {@link Double} (NaN and
 * the infinities bare), strings without quotes, backslashes or control characters, and the JDK's
 * own maps with such string keys and lists, nested less deeply than {@link #MAX_DEPTH}. For
 * anything else {@link #write} returns null and Jackson writes the whole value.
 *
 * <p>Stateless and thread-safe (each call uses its own cursor or buffer).
 */
final class PlainJson {

  /** What {@link #read} returns for a text outside the subset. */
  static final Object UNSUPPORTED = new Object();

  /** Deeper nesting is left to Jackson, which enforces the store's limit (and finds cycles). */
  private static final int MAX_DEPTH = 64;
  /** Longer numbers are left to Jackson, which enforces the store's limit. */
  private static final int MAX_NUMBER_LENGTH = 64;
  /** Longer keys are left to Jackson, which enforces its own limit on names. */
  private static final int MAX_KEY_LENGTH = 1024;
  /** Every integer of at most this many digits fits in a long, as Jackson reads them. */
  private static final int MAX_INTEGER_DIGITS = 18;

  private final String text;
  private final int length;
  private int pos;

  private PlainJson(String text) {
    this.text = text;
    this.length = text.length();
  }

  /**
   * The value of a JSON text in the subset.
   *
   * @param text the text
   * @return the value (possibly null), or {@link #UNSUPPORTED}
   */
  static Object read(String text) {
    if (text.length() > JsonCodec.MAX_STRING_LENGTH) {
      return UNSUPPORTED;
    }
    PlainJson reader = new PlainJson(text);
    Object value = reader.value(0);
    if (value == UNSUPPORTED) {
      return UNSUPPORTED;
    }
    reader.skipWhitespace();
    return reader.pos == reader.length ? value : UNSUPPORTED;
  }

  private Object value(int depth) {
    skipWhitespace();
    if (pos >= length) {
      return UNSUPPORTED;
    }
    char c = text.charAt(pos);
    switch (c) {
      case '{':
        return depth >= MAX_DEPTH ? UNSUPPORTED : object(depth + 1);
      case '[':
        return depth >= MAX_DEPTH ? UNSUPPORTED : array(depth + 1);
      case '"':
        return string(Integer.MAX_VALUE);
      case 't':
        return literal("true", Boolean.TRUE);
      case 'f':
        return literal("false", Boolean.FALSE);
      case 'n':
        return literal("null", null);
      default:
        return c == '-' || (c >= '0' && c <= '9') ? number() : UNSUPPORTED;
    }
  }

  private Object object(int depth) {
    pos++;
    Map<String, Object> map = new LinkedHashMap<>();
    skipWhitespace();
    if (pos < length && text.charAt(pos) == '}') {
      pos++;
      return map;
    }
    while (true) {
      skipWhitespace();
      if (pos >= length || text.charAt(pos) != '"') {
        return UNSUPPORTED;
      }
      Object key = string(MAX_KEY_LENGTH);
      if (key == UNSUPPORTED) {
        return UNSUPPORTED;
      }
      skipWhitespace();
      if (pos >= length || text.charAt(pos) != ':') {
        return UNSUPPORTED;
      }
      pos++;
      Object value = value(depth);
      if (value == UNSUPPORTED) {
        return UNSUPPORTED;
      }
      int size = map.size();
      map.put((String) key, value);
      if (map.size() == size) {
        return UNSUPPORTED;
      }
      skipWhitespace();
      if (pos >= length) {
        return UNSUPPORTED;
      }
      char c = text.charAt(pos++);
      if (c == '}') {
        return map;
      }
      if (c != ',') {
        return UNSUPPORTED;
      }
    }
  }

  private Object array(int depth) {
    pos++;
    List<Object> list = new ArrayList<>();
    skipWhitespace();
    if (pos < length && text.charAt(pos) == ']') {
      pos++;
      return list;
    }
    while (true) {
      Object value = value(depth);
      if (value == UNSUPPORTED) {
        return UNSUPPORTED;
      }
      list.add(value);
      skipWhitespace();
      if (pos >= length) {
        return UNSUPPORTED;
      }
      char c = text.charAt(pos++);
      if (c == ']') {
        return list;
      }
      if (c != ',') {
        return UNSUPPORTED;
      }
    }
  }

  /** A string without escapes or control characters, of at most {@code maxLength} characters. */
  private Object string(int maxLength) {
    int start = ++pos;
    while (pos < length) {
      char c = text.charAt(pos);
      if (c == '"') {
        if (pos - start > maxLength) {
          return UNSUPPORTED;
        }
        return text.substring(start, pos++);
      }
      if (c == '\\' || c < 0x20) {
        return UNSUPPORTED;
      }
      pos++;
    }
    return UNSUPPORTED;
  }

  private Object literal(String word, Object value) {
    if (!text.startsWith(word, pos)) {
      return UNSUPPORTED;
    }
    pos += word.length();
    return value;
  }

  /** A number as JSON writes it: {@code -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?}. */
  private Object number() {
    int start = pos;
    boolean negative = text.charAt(pos) == '-';
    if (negative) {
      pos++;
    }
    int digitsStart = pos;
    if (pos < length && text.charAt(pos) == '0') {
      pos++;
    } else if (skipDigits() == 0) {
      return UNSUPPORTED;
    }
    int integerDigits = pos - digitsStart;
    boolean floating = false;
    if (pos < length && text.charAt(pos) == '.') {
      pos++;
      floating = true;
      if (skipDigits() == 0) {
        return UNSUPPORTED;
      }
    }
    if (pos < length && (text.charAt(pos) == 'e' || text.charAt(pos) == 'E')) {
      pos++;
      floating = true;
      if (pos < length && (text.charAt(pos) == '+' || text.charAt(pos) == '-')) {
        pos++;
      }
      if (skipDigits() == 0) {
        return UNSUPPORTED;
      }
    }
    if (pos - start > MAX_NUMBER_LENGTH) {
      return UNSUPPORTED;
    }
    if (floating) {
      // The same correctly rounded conversion Jackson uses by default.
      return Double.valueOf(Double.parseDouble(text.substring(start, pos)));
    }
    if (integerDigits > MAX_INTEGER_DIGITS) {
      return UNSUPPORTED;
    }
    long value = 0;
    for (int i = digitsStart; i < pos; i++) {
      value = value * 10 + (text.charAt(i) - '0');
    }
    if (negative) {
      value = -value;
    }
    return value == (int) value ? (Object) Integer.valueOf((int) value) : (Object) Long.valueOf(value);
  }

  private int skipDigits() {
    int start = pos;
    while (pos < length && text.charAt(pos) >= '0' && text.charAt(pos) <= '9') {
      pos++;
    }
    return pos - start;
  }

  /**
   * The JSON text of a plain value, as Jackson writes it.
   *
   * @param value the value
   * @return its text, or null when Jackson is to write it
   */
  static String write(Object value) {
    StringBuilder out = new StringBuilder(64);
    return write(value, out, 0) ? out.toString() : null;
  }

  private static boolean write(Object value, StringBuilder out, int depth) {
    if (value == null) {
      out.append("null");
      return true;
    }
    if (value instanceof String text) {
      return writeString(text, out);
    }
    if (value instanceof Integer || value instanceof Long) {
      out.append(((Number) value).longValue());
      return true;
    }
    if (value instanceof Double number) {
      // Jackson writes Double.toString's digits, and NaN and the infinities bare as configured.
      out.append(Double.toString(number));
      return true;
    }
    if (value instanceof Boolean flag) {
      out.append(flag.booleanValue());
      return true;
    }
    // Only the JDK's own collections: another class may carry Jackson annotations or interfaces.
    if (depth >= MAX_DEPTH || value.getClass().getClassLoader() != null) {
      return false;
    }
    if (value instanceof Map<?, ?> map) {
      out.append('{');
      boolean first = true;
      for (Map.Entry<?, ?> entry : map.entrySet()) {
        if (!first) {
          out.append(',');
        }
        first = false;
        if (!(entry.getKey() instanceof String key) || !writeString(key, out)) {
          return false;
        }
        out.append(':');
        if (!write(entry.getValue(), out, depth + 1)) {
          return false;
        }
      }
      out.append('}');
      return true;
    }
    if (value instanceof List<?> list) {
      out.append('[');
      boolean first = true;
      for (Object element : list) {
        if (!first) {
          out.append(',');
        }
        first = false;
        if (!write(element, out, depth + 1)) {
          return false;
        }
      }
      out.append(']');
      return true;
    }
    return false;
  }

  /** Writes a string that needs no escaping, or returns false. */
  private static boolean writeString(String text, StringBuilder out) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c < 0x20 || c == '"' || c == '\\') {
        return false;
      }
    }
    out.append('"').append(text).append('"');
    return true;
  }

  private void skipWhitespace() {
    while (pos < length) {
      char c = text.charAt(pos);
      if (c != ' ' && c != '\n' && c != '\r' && c != '\t') {
        return;
      }
      pos++;
    }
  }
}
