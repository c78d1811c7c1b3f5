package io.taskflow4j.value;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import java.util.RandomAccess;

/**
 * What counts as a JSON value in taskflow4j, and the names of JSON types for messages about values.
 * A JSON value is {@code null}, a {@link String}, a {@link Boolean}, a standard number ({@link
 * Integer}, {@link Long}, {@link Short}, {@link Byte}, {@link Double}, {@link Float}, {@link
 * BigInteger}, {@link BigDecimal}), or a {@link List} or string-keyed {@link Map} of JSON values,
 * nested at most {@value #MAX_DEPTH} levels.
 *
 * <p>Thread-safety: stateless.
 */
public final class JsonTypes {

  /** How deep a JSON value may nest; the bound also turns a value that contains itself into an error. */
  public static final int MAX_DEPTH = 500;

  private JsonTypes() {}

  /**
   * Tells whether a value is a JSON value as it is, without conversion. The walk makes no copies
   * and no iterators over random-access lists, so that checking a result that is already JSON costs
   * little.
   *
   * @param value any value, null included
   * @return true when it is a JSON value
   * @throws IllegalArgumentException when it nests deeper than {@value #MAX_DEPTH} levels, or
   *     contains itself
   */
  public static boolean isJsonValue(Object value) {
    return isJsonValue(value, 0);
  }

  private static boolean isJsonValue(Object value, int depth) {
    if (value == null || value instanceof String || value instanceof Boolean || isStandardNumber(value)) {
      return true;
    }
    if (!(value instanceof Map<?, ?>) && !(value instanceof List<?>)) {
      return false;
    }
    if (depth >= MAX_DEPTH) {
      throw new IllegalArgumentException(
          "a " + value.getClass().getName() + " nested deeper than " + MAX_DEPTH + " levels, or it contains itself");
    }
    if (value instanceof Map<?, ?> map) {
      for (Map.Entry<?, ?> entry : map.entrySet()) {
        if (!(entry.getKey() instanceof String) || !isJsonValue(entry.getValue(), depth + 1)) {
          return false;
        }
      }
      return true;
    }
    List<?> list = (List<?>) value;
    if (list instanceof RandomAccess) {
      for (int i = 0, n = list.size(); i < n; i++) {
        if (!isJsonValue(list.get(i), depth + 1)) {
          return false;
        }
      }
      return true;
    }
    for (Object item : list) {
      if (!isJsonValue(item, depth + 1)) {
        return false;
      }
    }
    return true;
  }

  /**
   * Tells whether a value is one of the standard number types a JSON value may hold.
   *
   * @param value any value, null included
   * @return true for {@link Integer}, {@link Long}, {@link Short}, {@link Byte}, {@link Double},
   *     {@link Float}, {@link BigInteger} and {@link BigDecimal}
   */
  public static boolean isStandardNumber(Object value) {
    return value instanceof Integer
        || value instanceof Long
        || value instanceof Double
        || value instanceof BigDecimal
        || value instanceof BigInteger
        || value instanceof Float
        || value instanceof Short
        || value instanceof Byte;
  }

  /**
   * Names a value's JSON type: null, string, boolean, number, array or object, or its class name
   * when it is not a JSON value.
   *
   * @param value any value, null included
   * @return the name
   */
  public static String nameOf(Object value) {
    if (value == null) {
      return "null";
    } else if (value instanceof String) {
      return "string";
    } else if (value instanceof Boolean) {
      return "boolean";
    } else if (value instanceof Number) {
      return "number";
    } else if (value instanceof List<?>) {
      return "array";
    } else if (value instanceof Map<?, ?>) {
      return "object";
    }
    return value.getClass().getName();
  }
}
