package io.taskflow4j.persistence;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** Copies of the JSON-like maps that persistence records hold; the maps may contain nulls. */
final class JsonMaps {

  private JsonMaps() {}

  /**
   * An unmodifiable copy of a map.
   *
   * @param map the map
   * @param what and {@code uuid} name the map in the message when it is null; kept apart, since a
   *     resume makes a record per atom and joining them each time would be wasted
   * @param uuid the id of the record holding the map
   */
  static Map<String, Object> copy(Map<String, ?> map, String what, String uuid) {
    if (map == null) {
      throw new NullPointerException(what + " " + uuid);
    }
    return map.isEmpty() ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(map));
  }
}
