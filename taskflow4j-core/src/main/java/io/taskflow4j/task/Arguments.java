package io.taskflow4j.task;

import io.taskflow4j.TaskflowException;
import io.taskflow4j.value.JsonTypes;
import io.taskflow4j.value.ValueConversionException;

import io.taskflow4j.value.ValueConverter;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The named arguments a task receives. Values may be JSON-like ({@code null} included, as a
 * provider may have returned nothing); {@link #get(String, Class)} converts them to the type a task
 * asks for, such as a record, with a {@link ValueConverter}.
 *
 * <p>Thread-safety: immutable, given a thread-safe converter.
 */
public final class Arguments {

  private static final Arguments EMPTY = new Arguments(Map.of(), ValueConverter.jackson());

  private final Map<String, Object> values;
  private final ValueConverter converter;

  private Arguments(Map<String, Object> values, ValueConverter converter) {
    this.values = values;
    this.converter = converter;
  }

  /**
   * Wraps a map of arguments, copying it; typed reads convert with {@link ValueConverter#jackson()}.
   *
   * @param values argument name to value
   * @return the arguments
   */
  public static Arguments of(Map<String, ?> values) {
    return of(values, ValueConverter.jackson());
  }

  /**
   * Wraps a map of arguments, copying it; typed reads convert with the given converter.
   *
   * @param values argument name to value
   * @param converter converts values to the types {@link #get(String, Class)} is asked for
   * @return the arguments
   */
  public static Arguments of(Map<String, ?> values, ValueConverter converter) {
    Objects.requireNonNull(values, "values");
    Objects.requireNonNull(converter, "converter");
    if (values.isEmpty() && converter == EMPTY.converter) {
      return EMPTY;
    }
    return new Arguments(Collections.unmodifiableMap(new LinkedHashMap<>(values)), converter);
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
   * The value of an argument as a type. A value of the type is returned as it is; numbers convert
   * between the boxed numeric types (a value read from JSON as {@link Integer} can be asked for as
   * {@link Long} or {@link Double}); a JSON object or array, or another value, is converted by the
   * arguments' {@link ValueConverter}, so a record result of another task can be read as that
   * record.
   *
   * @param name the argument name
   * @param type the expected type
   * @param <T> the expected type
   * @return the value, {@code null} when the provider produced {@code null}
   * @throws TaskflowException when the argument is missing
   * @throws ValueConversionException naming the argument, the value's JSON type and the type when
   *     the value cannot be converted
   */
  public <T> T get(String name, Class<T> type) {
    Objects.requireNonNull(type, "type");
    Object value = get(name);
    if (value == null || type.isInstance(value)) {
      return type.cast(value);
    }
    try {
      return converter.fromJson(value, type);
    } catch (ValueConversionException e) {
      throw new ValueConversionException(
          "argument '" + name + "' is a JSON " + JsonTypes.nameOf(value) + " that cannot be read as a "
              + type.getName() + ": " + e.getMessage(), e);
    }
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
