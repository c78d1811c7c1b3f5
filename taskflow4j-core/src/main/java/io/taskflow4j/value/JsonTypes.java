package io.taskflow4j.value;

import java.util.List;
import java.util.Map;

/** Names of JSON types, for messages about values. Stateless and thread-safe. */
public final class JsonTypes {

  private JsonTypes() {}

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
