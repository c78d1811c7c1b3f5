package io.taskflow4j.value;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.taskflow4j.value.internal.JacksonValueConverter;

/**
 * Turns task results and arguments into JSON values and back: the one rule for values in-process,
 * on the wire and in a store.
 *
 * <p>A JSON value is {@code null}, a {@link Boolean}, a {@link Number}, a {@link String}, a {@link
 * java.util.List} of JSON values or a {@link java.util.Map} from {@link String} to JSON values.
 * Records, POJOs, enums and {@link java.util.Optional} convert to such values and back.
 *
 * <p>Thread-safety: implementations must be thread-safe; the engine and workers share one
 * converter among all their tasks.
 */
public interface ValueConverter {

  /**
   * The shared default converter, backed by Jackson. It ignores unknown properties when reading
   * objects, so a producer may add fields without breaking its consumers, and does not coerce
   * strings to numbers or booleans. {@code java.time} values are refused with an error saying so,
   * as no Jackson module for them is on the class path.
   *
   * @return the default converter
   */
  static ValueConverter jackson() {
    return JacksonValueConverter.DEFAULT;
  }

  /**
   * A converter backed by a Jackson mapper of the caller's, with its modules and settings. The
   * mapper must not be reconfigured afterwards.
   *
   * @param mapper the mapper
   * @return the converter
   */
  static ValueConverter jackson(ObjectMapper mapper) {
    return new JacksonValueConverter(mapper);
  }

  /**
   * Converts a value to a JSON value. JSON values are returned as they are, without copying;
   * numbers inside a converted value are those a JSON parser would read back (an integer that fits
   * is an {@link Integer}), so a result compares equal before and after a trip over the wire.
   *
   * @param value any value; {@code null} is the JSON null
   * @return a JSON value
   * @throws ValueConversionException naming the value's type and why it cannot be converted
   */
  Object toJson(Object value);

  /**
   * Converts a JSON value to a type. A value already of the type is returned as it is; numbers
   * convert between the numeric types (an {@link Integer} read as {@link Long} or {@link Double}).
   *
   * @param json a JSON value; {@code null} converts to {@code null}
   * @param type the wanted type
   * @param <T> the wanted type
   * @return the converted value
   * @throws ValueConversionException naming the value's JSON type, the wanted type and why
   */
  <T> T fromJson(Object json, Class<T> type);
}
