package io.taskflow4j.jobs;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Which flow factory builds a job's flow, and with what: the reference's {@code meta.factory}
 * entry of a flow detail ({@code {"name": ..., "args": [...], "kwargs": {...}}}).
 *
 * @param name the factory's name, as registered in {@link FlowFactories} (or an alias of it)
 * @param args positional arguments, JSON-like values
 * @param kwargs named arguments, JSON-like values
 */
public record FactoryCall(String name, List<Object> args, Map<String, Object> kwargs) {

  /** The key of this entry in a flow detail's meta data and in a job's details. */
  public static final String META_KEY = "factory";

  /**
   * Validates and copies the components (the lists and maps may hold nulls, as JSON can).
   *
   * @param name the factory's name, as registered in {@link FlowFactories} (or an alias of it)
   * @param args positional arguments, JSON-like values
   * @param kwargs named arguments, JSON-like values
   */
  public FactoryCall {
    Objects.requireNonNull(name, "name");
    if (name.isBlank()) {
      throw new IllegalArgumentException("a factory name must not be blank");
    }
    args = Collections.unmodifiableList(new ArrayList<>(Objects.requireNonNull(args, "args")));
    kwargs = Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(kwargs, "kwargs")));
  }

  /**
   * A call with named arguments only.
   *
   * @param name the factory's name
   * @param kwargs named arguments
   * @return the call
   */
  public static FactoryCall of(String name, Map<String, ?> kwargs) {
    return new FactoryCall(name, List.of(), new LinkedHashMap<>(kwargs));
  }

  /**
   * A call without arguments.
   *
   * @param name the factory's name
   * @return the call
   */
  public static FactoryCall of(String name) {
    return new FactoryCall(name, List.of(), Map.of());
  }

  /**
   * This call as the reference writes it into meta data.
   *
   * @return a map with {@code name}, {@code args} and {@code kwargs}
   */
  public Map<String, Object> toMeta() {
    Map<String, Object> meta = new LinkedHashMap<>();
    meta.put("name", name);
    meta.put("args", args);
    meta.put("kwargs", kwargs);
    return meta;
  }

  /**
   * Reads a call from meta data the reference or taskflow4j wrote.
   *
   * @param meta the {@code factory} entry; anything else gives empty
   * @return the call, or empty when {@code meta} is not a map with a non-blank string {@code name},
   *     a list or nothing as {@code args} and a map or nothing as {@code kwargs}
   */
  public static Optional<FactoryCall> fromMeta(Object meta) {
    if (!(meta instanceof Map<?, ?> map) || !(map.get("name") instanceof String name) || name.isBlank()) {
      return Optional.empty();
    }
    Object args = map.get("args");
    Object kwargs = map.get("kwargs");
    if ((args != null && !(args instanceof List<?>)) || (kwargs != null && !(kwargs instanceof Map<?, ?>))) {
      return Optional.empty();
    }
    Map<String, Object> named = new LinkedHashMap<>();
    if (kwargs instanceof Map<?, ?> values) {
      values.forEach((key, value) -> named.put(String.valueOf(key), value));
    }
    List<Object> positional = args == null ? List.of() : new ArrayList<>((List<?>) args);
    return Optional.of(new FactoryCall(name, positional, named));
  }
}
