package io.taskflow4j.store.jdbc.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamWriteConstraints;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

/**
 * Reads and writes the JSON text of the JSON columns, with limits on what a row may make the
 * parser do. NaN and the infinities are read and written bare, as the reference's Python JSON
 * writes them. Thread-safe.
 */
final class JsonCodec {

  /** The deepest nesting a column may hold. */
  static final int MAX_NESTING_DEPTH = 500;
  /** The longest string a column may hold, in characters. */
  static final int MAX_STRING_LENGTH = 64 * 1024 * 1024;
  /** The longest number a column may hold, in characters. */
  static final int MAX_NUMBER_LENGTH = 1000;

  /**
   * Holds the mapper, built at its first use: plain JSON never needs it, and building it (loading
   * Jackson) was a third of opening a store in a fresh JVM. The JVM makes the holder's
   * initialization thread-safe; the mapper is immutable once built.
   */
  private static final class Jackson {
    static final ObjectMapper MAPPER = mapper();

    private static ObjectMapper mapper() {
      JsonFactory factory = JsonFactory.builder()
          .streamReadConstraints(StreamReadConstraints.builder()
              .maxNestingDepth(MAX_NESTING_DEPTH)
              .maxStringLength(MAX_STRING_LENGTH)
              .maxNumberLength(MAX_NUMBER_LENGTH)
              .build())
          .streamWriteConstraints(StreamWriteConstraints.builder().maxNestingDepth(MAX_NESTING_DEPTH).build())
          .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
          .disable(JsonWriteFeature.WRITE_NAN_AS_STRINGS)
          .build();
      return JsonMapper.builder(factory).enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).build();
    }
  }

  /**
   * The JSON text of a value.
   *
   * @throws JsonProcessingException when the value cannot be written as JSON
   */
  String write(Object value) throws JsonProcessingException {
    // Most values are plain JSON that PlainJson writes as Jackson would, far faster in a fresh JVM.
    String plain = PlainJson.write(value);
    return plain != null ? plain : writeWithJackson(value);
  }

  /**
   * The JSON text of a value as Jackson writes it, which {@link #write} gives too.
   *
   * @throws JsonProcessingException when the value cannot be written as JSON
   */
  String writeWithJackson(Object value) throws JsonProcessingException {
    return Jackson.MAPPER.writeValueAsString(value);
  }

  /**
   * The value of a JSON text: maps, lists, strings, numbers, booleans, or null.
   *
   * @throws JsonProcessingException when the text is not JSON or breaks a limit
   */
  Object read(String text) throws JsonProcessingException {
    // Most columns hold plain JSON that PlainJson reads as Jackson would, far faster in a fresh JVM.
    Object plain = PlainJson.read(text);
    return plain != PlainJson.UNSUPPORTED ? plain : readWithJackson(text);
  }

  /**
   * The value of a JSON text as Jackson reads it, which {@link #read} gives too.
   *
   * @throws JsonProcessingException when the text is not JSON or breaks a limit
   */
  Object readWithJackson(String text) throws JsonProcessingException {
    return Jackson.MAPPER.readValue(text, Object.class);
  }
}
