package io.taskflow4j.jobs.redis.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.msgpack.core.ExtensionTypeHeader;
import org.msgpack.core.MessageBufferPacker;
import org.msgpack.core.MessageFormat;
import org.msgpack.core.MessagePack;
import org.msgpack.core.MessagePackException;
import org.msgpack.core.MessagePacker;
import org.msgpack.core.MessageUnpacker;

/**
 * msgpack as the reference writes it with {@code oslo_serialization.msgpackutils}: strings as str
 * (UTF-8), bytes as bin, floats as float64, and a few Python types as extension types of that
 * library. Timestamps are its extension 1, whose payload is itself msgpack: a map of {@code day,
 * month, year, hour, minute, second, microsecond} (and {@code tz} when the datetime has a zone),
 * written in that order; taskflow4j writes {@link Instant}s as naive UTC datetimes, as the
 * reference's {@code timeutils.utcnow()} gives.
 *
 * <p>Decoding is bounded: input over {@link #MAX_BYTES}, nesting deeper than {@link #MAX_DEPTH},
 * lengths beyond the input, invalid UTF-8, trailing bytes and unknown extension types are all
 * {@link MalformedEntryException}s naming where in the value they are. Decoded maps keep their
 * order; integers become Integer, Long or BigInteger (as Jackson reads JSON), floats Double,
 * timestamps Instant, dates LocalDate, UUIDs their string, sets lists.
 *
 * <p>Stateless and thread-safe.
 */
public final class Msgpack {

  /** The largest value decoded, in bytes. */
  public static final int MAX_BYTES = 8 * 1024 * 1024;
  /** The deepest nesting of maps and arrays decoded. */
  public static final int MAX_DEPTH = 64;

  /** oslo's extension type of {@code uuid.UUID}. */
  static final byte EXT_UUID = 0;
  /** oslo's extension type of {@code datetime.datetime}. */
  static final byte EXT_DATETIME = 1;
  /** oslo's extension type of {@code set}. */
  static final byte EXT_SET = 4;
  /** oslo's extension type of {@code frozenset}. */
  static final byte EXT_FROZENSET = 5;
  /** oslo's extension type of {@code datetime.date}. */
  static final byte EXT_DATE = 7;

  private Msgpack() {}

  /**
   * Encodes a JSON-like value: maps (with string keys, or keys that are such values), lists and
   * other collections, strings, numbers, booleans, null, byte arrays, Instants (as oslo
   * datetimes, to the microsecond) and LocalDates.
   *
   * @param value the value
   * @return its bytes
   * @throws IllegalArgumentException naming the path of a value of another type
   */
  public static byte[] encode(Object value) {
    try (MessageBufferPacker packer = MessagePack.newDefaultBufferPacker()) {
      write(packer, value, "value");
      return packer.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write msgpack to memory", e);
    }
  }

  /**
   * Decodes one value that must fill the bytes.
   *
   * @param bytes the bytes
   * @return the value
   * @throws MalformedEntryException when they are not one well-formed value within the limits
   */
  public static Object decode(byte[] bytes) throws MalformedEntryException {
    if (bytes.length > MAX_BYTES) {
      throw new MalformedEntryException(bytes.length + " bytes, over the limit of " + MAX_BYTES);
    }
    if (bytes.length == 0) {
      throw new MalformedEntryException("no bytes");
    }
    try (MessageUnpacker unpacker = MessagePack.newDefaultUnpacker(bytes)) {
      Object value = new Reader(unpacker, bytes.length).read("value", 0);
      if (unpacker.hasNext()) {
        throw new MalformedEntryException((bytes.length - unpacker.getTotalReadBytes())
            + " bytes after the value, at byte " + unpacker.getTotalReadBytes());
      }
      return value;
    } catch (IOException | MessagePackException e) {
      // msgpack-core gives some errors (such as a length over 2^31) no message.
      String detail = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
      throw new MalformedEntryException("not msgpack: " + detail);
    }
  }

  private static void write(MessagePacker packer, Object value, String path) throws IOException {
    if (value == null) {
      packer.packNil();
    } else if (value instanceof String text) {
      // Written by hand so the header is the shortest for the exact UTF-8 length, as Python's is.
      byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
      packer.packRawStringHeader(utf8.length);
      packer.writePayload(utf8);
    } else if (value instanceof Boolean flag) {
      packer.packBoolean(flag);
    } else if (value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte) {
      packer.packLong(((Number) value).longValue());
    } else if (value instanceof BigInteger big) {
      packer.packBigInteger(big);
    } else if (value instanceof Double || value instanceof Float) {
      packer.packDouble(((Number) value).doubleValue());
    } else if (value instanceof java.math.BigDecimal decimal) {
      packer.packDouble(decimal.doubleValue());
    } else if (value instanceof byte[] bytes) {
      packer.packBinaryHeader(bytes.length);
      packer.writePayload(bytes);
    } else if (value instanceof Map<?, ?> map) {
      packer.packMapHeader(map.size());
      for (Map.Entry<?, ?> entry : map.entrySet()) {
        write(packer, entry.getKey(), path + " key");
        write(packer, entry.getValue(), path + "." + entry.getKey());
      }
    } else if (value instanceof Collection<?> items) {
      packer.packArrayHeader(items.size());
      int index = 0;
      for (Object item : items) {
        write(packer, item, path + "[" + index++ + "]");
      }
    } else if (value instanceof Object[] items) {
      write(packer, List.of(items), path);
    } else if (value instanceof Instant instant) {
      LocalDateTime utc = LocalDateTime.ofInstant(instant.truncatedTo(ChronoUnit.MICROS), ZoneOffset.UTC);
      Map<String, Object> fields = new LinkedHashMap<>();
      fields.put("day", utc.getDayOfMonth());
      fields.put("month", utc.getMonthValue());
      fields.put("year", utc.getYear());
      fields.put("hour", utc.getHour());
      fields.put("minute", utc.getMinute());
      fields.put("second", utc.getSecond());
      fields.put("microsecond", utc.getNano() / 1000);
      writeExtension(packer, EXT_DATETIME, encode(fields));
    } else if (value instanceof LocalDate date) {
      Map<String, Object> fields = new LinkedHashMap<>();
      fields.put("year", date.getYear());
      fields.put("month", date.getMonthValue());
      fields.put("day", date.getDayOfMonth());
      writeExtension(packer, EXT_DATE, encode(fields));
    } else {
      throw new IllegalArgumentException(path + " is a " + value.getClass().getName()
          + ", which a job cannot carry: use maps, lists, strings, numbers, booleans, null, bytes or Instants");
    }
  }

  private static void writeExtension(MessagePacker packer, byte type, byte[] payload) throws IOException {
    packer.packExtensionTypeHeader(type, payload.length);
    packer.writePayload(payload);
  }

  /** One pass over one input, checking each declared length against the bytes left. */
  private static final class Reader {
    private final MessageUnpacker unpacker;
    private final long size;

    Reader(MessageUnpacker unpacker, long size) {
      this.unpacker = unpacker;
      this.size = size;
    }

    private int checkedLength(int length, String what, String path) throws MalformedEntryException {
      long left = size - unpacker.getTotalReadBytes();
      // A length that cannot fit in what is left would make us allocate or loop for nothing.
      if (length < 0 || length > left) {
        throw new MalformedEntryException(path + ": " + what + " of " + Integer.toUnsignedString(length)
            + " declared with " + left + " bytes left");
      }
      return length;
    }

    Object read(String path, int depth) throws IOException, MalformedEntryException {
      if (!unpacker.hasNext()) {
        throw new MalformedEntryException(path + ": the input ends before the value");
      }
      MessageFormat format = unpacker.getNextFormat();
      switch (format.getValueType()) {
        case NIL -> {
          unpacker.unpackNil();
          return null;
        }
        case BOOLEAN -> {
          return unpacker.unpackBoolean();
        }
        case INTEGER -> {
          if (format == MessageFormat.UINT64) {
            BigInteger big = unpacker.unpackBigInteger();
            return big.bitLength() < 64 ? (Object) big.longValue() : big;
          }
          long number = unpacker.unpackLong();
          return number == (int) number ? (Object) (int) number : (Object) number;
        }
        case FLOAT -> {
          return unpacker.unpackDouble();
        }
        case STRING -> {
          int length = checkedLength(unpacker.unpackRawStringHeader(), "a string", path);
          return utf8(unpacker.readPayload(length), path);
        }
        case BINARY -> {
          int length = checkedLength(unpacker.unpackBinaryHeader(), "binary data", path);
          return unpacker.readPayload(length);
        }
        case ARRAY -> {
          requireDepth(depth, path);
          int count = checkedLength(unpacker.unpackArrayHeader(), "an array", path);
          List<Object> items = new ArrayList<>(Math.min(count, 1024));
          for (int i = 0; i < count; i++) {
            items.add(read(path + "[" + i + "]", depth + 1));
          }
          return items;
        }
        case MAP -> {
          requireDepth(depth, path);
          int count = checkedLength(unpacker.unpackMapHeader(), "a map", path);
          Map<Object, Object> map = new LinkedHashMap<>();
          for (int i = 0; i < count; i++) {
            Object key = read(path + " key #" + i, depth + 1);
            if (key instanceof Map<?, ?> || key instanceof List<?> || key instanceof byte[]) {
              throw new MalformedEntryException(path + ": key #" + i + " is not a string or number");
            }
            map.put(key, read(path + "." + key, depth + 1));
          }
          return map;
        }
        case EXTENSION -> {
          ExtensionTypeHeader header = unpacker.unpackExtensionTypeHeader();
          int length = checkedLength(header.getLength(), "an extension value", path);
          return extension(header.getType(), unpacker.readPayload(length), path, depth);
        }
        default -> throw new MalformedEntryException(path + ": unknown msgpack format " + format);
      }
    }

    private static void requireDepth(int depth, String path) throws MalformedEntryException {
      if (depth >= MAX_DEPTH) {
        String shown = path.length() > 60 ? "..." + path.substring(path.length() - 40) : path;
        throw new MalformedEntryException(shown + ": nested deeper than " + MAX_DEPTH + " levels");
      }
    }

    private static Object extension(byte type, byte[] payload, String path, int depth) throws MalformedEntryException {
      switch (type) {
        case EXT_UUID -> {
          String hex = utf8(payload, path);
          try {
            if (hex.length() != 32) {
              throw new IllegalArgumentException("not 32 hex digits");
            }
            return new UUID(Long.parseUnsignedLong(hex.substring(0, 16), 16),
                Long.parseUnsignedLong(hex.substring(16), 16)).toString();
          } catch (IllegalArgumentException e) {
            throw new MalformedEntryException(path + ": a UUID extension value '" + hex + "' is not 32 hex digits");
          }
        }
        case EXT_DATETIME -> {
          return timestamp(fields(payload, path, depth), path);
        }
        case EXT_DATE -> {
          Map<?, ?> fields = fields(payload, path, depth);
          try {
            return LocalDate.of(field(fields, "year", path), field(fields, "month", path), field(fields, "day", path));
          } catch (DateTimeException e) {
            throw new MalformedEntryException(path + ": not a date: " + e.getMessage());
          }
        }
        case EXT_SET, EXT_FROZENSET -> {
          Object items = inner(payload, path, depth);
          if (!(items instanceof List<?>)) {
            throw new MalformedEntryException(path + ": a set extension value does not hold an array");
          }
          return items;
        }
        default -> throw new MalformedEntryException(path + ": msgpack extension type " + type
            + " is not one the reference writes in jobs (uuid 0, datetime 1, set 4, frozenset 5, date 7)");
      }
    }

    private static Object inner(byte[] payload, String path, int depth) throws MalformedEntryException {
      requireDepth(depth, path);
      try (MessageUnpacker inner = MessagePack.newDefaultUnpacker(payload)) {
        Reader reader = new Reader(inner, payload.length);
        Object value = reader.read(path, depth + 1);
        if (inner.hasNext()) {
          throw new MalformedEntryException(path + ": bytes after the extension value");
        }
        return value;
      } catch (IOException | MessagePackException e) {
        throw new MalformedEntryException(path + ": the extension value is not msgpack: " + e.getMessage());
      }
    }

    private static Map<?, ?> fields(byte[] payload, String path, int depth) throws MalformedEntryException {
      if (inner(payload, path, depth) instanceof Map<?, ?> map) {
        return map;
      }
      throw new MalformedEntryException(path + ": a date or datetime extension value does not hold a map");
    }

    private static int field(Map<?, ?> fields, String name, String path) throws MalformedEntryException {
      if (fields.get(name) instanceof Integer number) {
        return number;
      }
      throw new MalformedEntryException(path + ": the datetime has no integer '" + name + "'");
    }

    private static Instant timestamp(Map<?, ?> fields, String path) throws MalformedEntryException {
      try {
        LocalDateTime local = LocalDateTime.of(field(fields, "year", path), field(fields, "month", path),
            field(fields, "day", path), field(fields, "hour", path), field(fields, "minute", path),
            field(fields, "second", path), Math.multiplyExact(field(fields, "microsecond", path), 1000));
        Object zone = fields.get("tz");
        if (zone == null) {
          return local.toInstant(ZoneOffset.UTC);
        }
        if (!(zone instanceof String name)) {
          throw new MalformedEntryException(path + ": the datetime's 'tz' is not a string");
        }
        return local.atZone(ZoneId.of(name)).toInstant();
      } catch (DateTimeException | ArithmeticException e) {
        throw new MalformedEntryException(path + ": not a datetime: " + e.getMessage());
      }
    }

    private static String utf8(byte[] bytes, String path) throws MalformedEntryException {
      try {
        return StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT)
            .decode(ByteBuffer.wrap(bytes))
            .toString();
      } catch (CharacterCodingException e) {
        throw new MalformedEntryException(path + ": a string that is not UTF-8");
      }
    }
  }
}
