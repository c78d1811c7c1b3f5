package io.taskflow4j.value.internal;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import java.io.IOException;
import java.util.Optional;

/**
 * Writes an {@link Optional} as its content, or JSON null when empty, as jackson-datatype-jdk8
 * does; that module is not a dependency of the core.
 *
 * <p>Thread-safety: stateless.
 */
final class OptionalSerializer extends StdSerializer<Optional<?>> {

  OptionalSerializer() {
    super(Optional.class, false);
  }

  @Override
  public void serialize(Optional<?> value, JsonGenerator generator, SerializerProvider provider)
      throws IOException {
    if (value.isPresent()) {
      provider.defaultSerializeValue(value.get(), generator);
    } else {
      generator.writeNull();
    }
  }

  @Override
  public boolean isEmpty(SerializerProvider provider, Optional<?> value) {
    return value == null || value.isEmpty();
  }
}
