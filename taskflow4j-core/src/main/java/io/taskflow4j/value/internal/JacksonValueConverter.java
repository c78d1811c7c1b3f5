package io.taskflow4j.value.internal;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import io.taskflow4j.value.JsonTypes;
import io.taskflow4j.value.ValueConversionException;
import io.taskflow4j.value.ValueConverter;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The Jackson-backed {@link ValueConverter}. Values that are already JSON pass through without
 * being copied or allocating; anything else is written to a Jackson tree and read back as plain
 * maps, lists and scalars.
 *
 * <p>Thread-safety: thread-safe, as Jackson's mapper is once configured.
 */
public final class JacksonValueConverter implements ValueConverter {

  /**
   * The shared default converter. Its mapper is built at its first use: values that are JSON
   * already never need it, and building it (loading Jackson) costs a fresh JVM a few hundred ms.
   */
  public static final JacksonValueConverter DEFAULT = new JacksonValueConverter();

  /** The caller's mapper; null for {@link #DEFAULT}, which uses {@link DefaultMapper}. */
  private final ObjectMapper mapper;

  /**
   * Creates a converter.
   *
   * @param mapper the mapper, not reconfigured afterwards
   */
  public JacksonValueConverter(ObjectMapper mapper) {
    this.mapper = Objects.requireNonNull(mapper, "mapper");
  }

  private JacksonValueConverter() {
    this.mapper = null;
  }

  private ObjectMapper mapper() {
    return mapper != null ? mapper : DefaultMapper.MAPPER;
  }

  /** Holds the default mapper, built when the class is first used (the JVM makes that safe). */
  private static final class DefaultMapper {
    static final ObjectMapper MAPPER = defaultMapper();
  }

  private static ObjectMapper defaultMapper() {
    SimpleModule optionals = new SimpleModule("taskflow4j-optional");
    optionals.addSerializer(new OptionalSerializer());
    optionals.addDeserializer(Optional.class, new OptionalDeserializer(null));
    return JsonMapper.builder()
        // A producer (perhaps a newer worker) may add fields without breaking older consumers.
        .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
        // "12" stays a string: a number argument that arrives as text is a bug to report.
        .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
        .addModule(optionals)
        .build();
  }

  @Override
  public Object toJson(Object value) {
    if (isJson(value)) {
      return value;
    }
    if (value instanceof Optional<?> optional) {
      return toJson(optional.orElse(null));
    }
    JsonNode tree;
    try {
      tree = mapper().valueToTree(value);
    } catch (IllegalArgumentException e) {
      throw new ValueConversionException(
          "cannot convert a " + value.getClass().getName() + " to JSON: " + reason(e), e);
    }
    return fromTree(tree);
  }

  @Override
  public <T> T fromJson(Object json, Class<T> type) {
    Objects.requireNonNull(type, "type");
    if (json == null) {
      if (type.isPrimitive()) {
        throw new ValueConversionException(
            "cannot convert a JSON null to a " + type.getName() + ": it has no null");
      }
      return null;
    }
    Class<?> boxed = box(type);
    if (boxed.isInstance(json)) {
      return unchecked(json);
    }
    if (json instanceof Number number) {
      Object converted = convertNumber(number, boxed);
      if (converted != null) {
        return unchecked(converted);
      }
    }
    try {
      return mapper().convertValue(json, type);
    } catch (IllegalArgumentException e) {
      throw new ValueConversionException(
          "cannot convert a JSON " + JsonTypes.nameOf(json) + " (" + json.getClass().getName() + ") to a "
              + type.getName() + ": " + reason(e), e);
    }
  }

  private static boolean isJson(Object value) {
    try {
      return JsonTypes.isJsonValue(value);
    } catch (IllegalArgumentException e) {
      throw new ValueConversionException("cannot convert to JSON: " + e.getMessage(), e);
    }
  }

  private static Object fromTree(JsonNode node) {
    switch (node.getNodeType()) {
      case NULL:
      case MISSING:
        return null;
      case STRING:
        return node.textValue();
      case BOOLEAN:
        return node.booleanValue();
      case NUMBER:
        return number(node);
      case BINARY:
        // Jackson writes byte arrays as base64 text, as JSON has no bytes.
        return node.asText();
      case ARRAY: {
        List<Object> items = new ArrayList<>(node.size());
        for (JsonNode item : node) {
          items.add(fromTree(item));
        }
        return Collections.unmodifiableList(items);
      }
      case OBJECT: {
        Map<String, Object> members = new LinkedHashMap<>(Math.max(4, node.size() * 2));
        for (Map.Entry<String, JsonNode> member : node.properties()) {
          members.put(member.getKey(), fromTree(member.getValue()));
        }
        return Collections.unmodifiableMap(members);
      }
      default:
        // A POJO node: a serializer wrote an object Jackson kept as is, which JSON cannot carry.
        throw new ValueConversionException(
            "cannot convert to JSON: Jackson kept a value as an object (" + node + ")");
    }
  }

  /**
   * A number as a JSON parser reads it back (the smallest of Integer, Long and BigInteger that
   * holds an integer; a Double for a float), so a converted result equals the same result after
   * a trip over the wire or through a store.
   */
  private static Number number(JsonNode node) {
    if (node.isInt() || node.isShort()) {
      return node.intValue();
    } else if (node.isLong()) {
      long value = node.longValue();
      return value == (int) value ? (Number) (int) value : (Number) value;
    } else if (node.isBigInteger()) {
      BigInteger value = node.bigIntegerValue();
      if (value.bitLength() < 32) {
        return value.intValue();
      }
      return value.bitLength() < 64 ? (Number) value.longValue() : (Number) value;
    } else if (node.isFloat()) {
      return Double.parseDouble(Float.toString(node.floatValue()));
    }
    return node.numberValue();
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
    } else if (type == Short.class) {
      return number.shortValue();
    } else if (type == Byte.class) {
      return number.byteValue();
    } else if (type == BigDecimal.class) {
      return number instanceof BigInteger big ? new BigDecimal(big) : new BigDecimal(number.toString());
    } else if (type == BigInteger.class && !(number instanceof Double || number instanceof Float
        || number instanceof BigDecimal)) {
      return number instanceof BigInteger big ? big : BigInteger.valueOf(number.longValue());
    }
    return null;
  }

  private static Class<?> box(Class<?> type) {
    if (!type.isPrimitive()) {
      return type;
    } else if (type == int.class) {
      return Integer.class;
    } else if (type == long.class) {
      return Long.class;
    } else if (type == double.class) {
      return Double.class;
    } else if (type == boolean.class) {
      return Boolean.class;
    } else if (type == float.class) {
      return Float.class;
    } else if (type == short.class) {
      return Short.class;
    } else if (type == byte.class) {
      return Byte.class;
    } else if (type == char.class) {
      return Character.class;
    }
    return Void.class;
  }

  // The value is an instance of T's class, or of its box when T is primitive.
  @SuppressWarnings("unchecked")
  private static <T> T unchecked(Object value) {
    return (T) value;
  }

  /** Jackson's message up to its first line break; later lines locate a source there is none of. */
  private static String reason(Exception e) {
    String message = String.valueOf(e.getMessage());
    int end = message.indexOf('\n');
    return end < 0 ? message : message.substring(0, end);
  }

  @Override
  public String toString() {
    return "JacksonValueConverter";
  }
}
