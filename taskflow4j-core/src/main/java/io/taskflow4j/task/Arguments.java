package io.taskflow4j.task;

import io.taskflow4j.TaskflowException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The named arguments a task receives. Values may be JSON-like ({@code null} included, as a
 * provider may have returned nothing).
 *
 * <p>Thread-safety: immutable.
 */
public final class Arguments {

  private static final Arguments EMPTY = new Arguments(Map.of());

  private final Map<String, Object> values;

  private Arguments(Map<String, Object> values) {
    this.values = values;
  }

  /**
   * Wraps a map of arguments, copying it.
   *
   * @param values argument name to value
   * @return the arguments
   */
  public static Arguments of(Map<String, ?> values) {
    Objects.requireNonNull(values, "values");
    return values.isEmpty()
        ? EMPTY
        : new Arguments(Collections.unmodifiableMap(new LinkedHashMap<>(values)));
  }

  /**
   * No arguments.
   *
   * @return the empty arguments
   */
  public static Arguments empty() {
    return EMPTY;
  }

  /**
   * The value of an argument.
   *
   * @param name the argument name
   * @return the value, which may be {@code null} if the provider produced {@code null}
   * @throws TaskflowException when the argument is not present
   */
  public Object get(String name) {
    if (!values.containsKey(name)) {
      throw new TaskflowException(
          "no argument named '" + name + "'; the arguments are " + values.keySet());
    }
    return values.get(name);
  }

  /**
   * The value of an argument, cast to a type. Numbers convert between the boxed numeric types, so
   * a value read from JSON as {@link Integer} can be asked for as {@link Long} or {@link Double}.
   *
   * @param name the argument name
   * @param type the expected type
   * @param <T> the expected type
   * @return the value
   * @throws TaskflowException when the argument is missing or has another type
   */
  public <T> T get(String name, Class<T> type) {
    Object value = get(name);
    if (value == null || type.isInstance(value)) {
      return type.cast(value);
    }
    if (value instanceof Number number) {
      Object converted = convertNumber(number, type);
      if (converted != null) {
        return type.cast(converted);
      }
    }
    throw new TaskflowException(
        "argument '"
            + name
            + "' is a "
            + value.getClass().getName()
            + ", not a "
            + type.getName());
  }

  private static Object convertNumber(Number number, Class<?> type) {
    if (type == Long.class) {
      return number.longValue();
    } else if (type == Integer.class) {
      return number.intValue();
    } else if (type == Double.class) {
      return number.doubleValue();
    } else if (type == Float.class) {
      return number.floatValue();
    }
    return null;
  }

  /**
   * The value of an argument if present.
   *
   * @param name the argument name
   * @return the value, or empty when absent or {@code null}
   */
  public Optional<Object> find(String name) {
    return Optional.ofNullable(values.get(name));
  }

  /**
   * Tells whether an argument is present.
   *
   * @param name the argument name
   * @return true when present
   */
  public boolean contains(String name) {
    return values.containsKey(name);
  }

  /**
   * All arguments.
   *
   * @return an unmodifiable map
   */
  public Map<String, Object> asMap() {
    return values;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Arguments that && values.equals(that.values);
  }

  @Override
  public int hashCode() {
    return values.hashCode();
  }

  @Override
  public String toString() {
    return values.toString();
  }
}
