package io.taskflow4j.value.internal;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.BeanProperty;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.deser.ContextualDeserializer;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import java.io.IOException;
import java.util.Optional;

/**
 * Reads an {@link Optional} from its content; JSON null or a missing property is empty.
 *
 * <p>Thread-safety: immutable.
 */
final class OptionalDeserializer extends StdDeserializer<Optional<?>>
    implements ContextualDeserializer {

  /** The content's type; null until contextualised, which reads the content as plain JSON. */
  private final JavaType content;

  OptionalDeserializer(JavaType content) {
    super(Optional.class);
    this.content = content;
  }

  @Override
  public JsonDeserializer<?> createContextual(DeserializationContext context, BeanProperty property) {
    JavaType type = property != null ? property.getType() : context.getContextualType();
    JavaType inner =
        type == null ? context.constructType(Object.class) : type.containedTypeOrUnknown(0);
    return new OptionalDeserializer(inner);
  }

  @Override
  public Optional<?> deserialize(JsonParser parser, DeserializationContext context)
      throws IOException {
    JavaType type = content != null ? content : context.constructType(Object.class);
    return Optional.ofNullable(context.readValue(parser, type));
  }

  @Override
  public Optional<?> getNullValue(DeserializationContext context) {
    return Optional.empty();
  }

  @Override
  public Object getAbsentValue(DeserializationContext context) {
    return Optional.empty();
  }
}
