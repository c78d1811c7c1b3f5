package io.taskflow4j.persistence;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/** Copies of the JSON-like maps that persistence records hold; the maps may contain nulls. */
final class JsonMaps {

  private JsonMaps() {}

  static Map<String, Object> copy(Map<String, ?> map, String what) {
    Objects.requireNonNull(map, what);
    return map.isEmpty() ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(map));
  }
}
