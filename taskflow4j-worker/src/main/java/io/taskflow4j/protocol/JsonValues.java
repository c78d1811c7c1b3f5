package io.taskflow4j.protocol;

import io.taskflow4j.value.JsonTypes;
import java.util.AbstractList;
import java.util.AbstractMap;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.RandomAccess;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * JSON values as the protocol's records hold them: {@code null}, {@link String}, {@link Boolean},
 * the standard {@link Number} types, and immutable lists and string-keyed maps of such values.
 *
 * <p>Values decoded from a body are built frozen; values handed in by callers are copied and
 * checked once, when a record is created, so that encoding a record cannot fail.
 *
 * <p>Thread-safety: stateless; frozen values are immutable.
 */
final class JsonValues {

  /**
   * How deep a caller's value may nest. Deeper values would also be refused by peers' parsers, and
   * the bound turns a cyclic structure into an error instead of a stack overflow.
   */
  static final int MAX_DEPTH = 500;

  private static final Pattern PLAIN_KEY = Pattern.compile("[A-Za-z0-9_\\-]+");

  private JsonValues() {}

  /**
   * Returns an immutable copy of a JSON value, or the value itself when it is already frozen.
   *
   * @throws IllegalArgumentException when the value, or something inside it, is not a JSON value
   */
  static Object freeze(Object value, String path) {
    return freeze(value, path, 0);
  }

  /** Freezes a string-keyed map of JSON values. */
  static Map<String, Object> freezeObject(Map<String, ?> value, String path) {
    return (FrozenMap) freeze(value, path, 0);
  }

  /** Freezes a list of JSON values. */
  static List<Object> freezeArray(List<?> value, String path) {
    return (FrozenList) freeze(value, path, 0);
  }

  private static Object freeze(Object value, String path, int depth) {
    if (value == null
        || value instanceof String
        || value instanceof Boolean
        || JsonTypes.isStandardNumber(value)
        || value instanceof FrozenMap
        || value instanceof FrozenList) {
      return value;
    }
    if (depth >= MAX_DEPTH) {
      throw new IllegalArgumentException(
          path + ": nested deeper than " + MAX_DEPTH + " levels (or cyclic)");
    }
    if (value instanceof Collection<?> collection) {
      Object[] items = new Object[collection.size()];
      int i = 0;
      for (Object item : collection) {
        items[i] = freeze(item, path + "[" + i + "]", depth + 1);
        i++;
      }
      return new FrozenList(items);
    }
    if (value instanceof Map<?, ?> map) {
      LinkedHashMap<String, Object> copy = new LinkedHashMap<>(Math.max(4, map.size() * 2));
      for (Map.Entry<?, ?> entry : map.entrySet()) {
        if (!(entry.getKey() instanceof String key)) {
          throw new IllegalArgumentException(
              path + ": map keys must be strings to be JSON, got a "
                  + (entry.getKey() == null ? "null" : entry.getKey().getClass().getName()));
        }
        copy.put(key, freeze(entry.getValue(), child(path, key), depth + 1));
      }
      return new FrozenMap(copy);
    }
    throw new IllegalArgumentException(
        path
            + ": a "
            + value.getClass().getName()
            + " is not a JSON value (use null, String, Boolean, Number, List or Map)");
  }



  /** The path of a member of an object, quoting keys that would be ambiguous in a dotted path. */
  static String child(String parent, String key) {
    String member =
        PLAIN_KEY.matcher(key).matches() ? key : "\"" + key.replace("\"", "\\\"") + "\"";
    return parent.isEmpty() ? member : parent + "." + member;
  }


  /** An immutable JSON object whose values are all frozen. Keeps insertion order. */
  static final class FrozenMap extends AbstractMap<String, Object> {

    static final FrozenMap EMPTY = new FrozenMap(new LinkedHashMap<>());

    private final Map<String, Object> entries;

    /** Takes ownership of {@code entries}, whose values must already be frozen. */
    FrozenMap(LinkedHashMap<String, Object> entries) {
      this.entries = Collections.unmodifiableMap(entries);
    }

    @Override
    public Set<Entry<String, Object>> entrySet() {
      return entries.entrySet();
    }

    @Override
    public Object get(Object key) {
      return entries.get(key);
    }

    @Override
    public boolean containsKey(Object key) {
      return entries.containsKey(key);
    }

    @Override
    public int size() {
      return entries.size();
    }
  }

  /** An immutable JSON array whose items are all frozen. */
  static final class FrozenList extends AbstractList<Object> implements RandomAccess {

    static final FrozenList EMPTY = new FrozenList(new Object[0]);

    private final Object[] items;

    /** Takes ownership of {@code items}, which must already be frozen. */
    FrozenList(Object[] items) {
      this.items = items;
    }

    @Override
    public Object get(int index) {
      return items[index];
    }

    @Override
    public int size() {
      return items.length;
    }
  }
}
