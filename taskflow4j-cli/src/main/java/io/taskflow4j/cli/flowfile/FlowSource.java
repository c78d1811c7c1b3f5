package io.taskflow4j.cli.flowfile;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The text of a flow file as read, before parsing: what {@code taskflow run --store} records in
 * the flow detail's meta data so that {@code taskflow resume ID} can rebuild the flow without the
 * file. Thread-safety: immutable.
 *
 * @param file the file as the user named it
 * @param format its syntax
 * @param text its content
 */
public record FlowSource(String file, FlowFileFormat format, String text) {

  /** The key of the flow file in taskflow4j's entry of a flow detail's meta data. */
  public static final String META_KEY = "flow_file";

  /**
   * Validates the components.
   *
   * @param file the file as the user named it
   * @param format its syntax
   * @param text its content
   */
  public FlowSource {
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(format, "format");
    Objects.requireNonNull(text, "text");
  }

  /**
   * This source as JSON-like data: {@code {"path": ..., "format": "yaml"|"json", "content": ...}}.
   *
   * @return a new map
   */
  public Map<String, Object> toMeta() {
    Map<String, Object> meta = new LinkedHashMap<>();
    meta.put("path", file);
    meta.put("format", format.name().toLowerCase(Locale.ROOT));
    meta.put("content", text);
    return meta;
  }

  /**
   * Reads a source back from what {@link #toMeta()} wrote.
   *
   * @param meta the map, or any other value
   * @return the source, or empty when the value is not such a map
   */
  public static Optional<FlowSource> fromMeta(Object meta) {
    if (!(meta instanceof Map<?, ?> map)
        || !(map.get("path") instanceof String path)
        || !(map.get("format") instanceof String format)
        || !(map.get("content") instanceof String content)) {
      return Optional.empty();
    }
    FlowFileFormat parsed;
    try {
      parsed = FlowFileFormat.valueOf(format.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
    return Optional.of(new FlowSource(path, parsed, content));
  }
}
