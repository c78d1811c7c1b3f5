package io.taskflow4j.store.jdbc.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** PlainJson reads and writes what it accepts exactly as Jackson does, and leaves the rest to Jackson. */
class PlainJsonTest {

  private static final JsonCodec CODEC = new JsonCodec();

  @Test
  void readsWhatTheEngineWritesAsJacksonDoes() throws Exception {
    for (String text : List.of("{}", "null", "2", "[]", "\"\"", "true", "false", " 1 ",
        "{\"progress\":1.0,\"taskflow4j\":{\"attempts\":1,\"started_at\":\"2026-12-03T08:40:43.170304573Z\","
            + "\"ended_at\":\"2026-12-03T08:40:43.177763670Z\"}}",
        "{\"progress\":0.0}", "{\"a\":null,\"b\":[1,2.5,\"x\",{}],\"c\":{\"d\":[[]]}}",
        "[1, -2, 0, -0, 2147483647, 2147483648, -2147483648, -2147483649, 999999999999999999]",
        "[0.0, -0.0, 1e2, 1E-2, 1.5e+300, 1e400, 123456789.123456789, 4.9e-324, 2.2250738585072014E-308]",
        "\t{ \"a\" :\r\n [ true , false , null ] }\n", "\"caf\u00e9 \u2603 \uD83D\uDE00\"", "{\"\":\"\"}")) {
      assertSameAsJackson(text);
      assertThat(PlainJson.read(text)).as(text).isNotSameAs(PlainJson.UNSUPPORTED);
    }
  }

  @Test
  void leavesEverythingElseToJackson() {
    String deep = "[".repeat(65) + "]".repeat(65);
    for (String text : List.of("", " ", "\"a\\nb\"", "\"tab\there\"", "NaN", "-Infinity", "[NaN]", "01", "-", "1.",
        ".5", "1e", "+1", "1234567890123456789", "{\"a\":1,\"a\":2}", "{\"a\":1,}", "[1,]", "[1 2]", "{\"a\" 1}",
        "{a:1}", "'x'", "tru", "truex", "nul", "2 3", "{} x", "\u00a02", "// c\n1", "[", "{", "{\"a\":", "\"open",
        deep, "1".repeat(80) + ".0")) {
      assertThat(PlainJson.read(text)).as(text).isSameAs(PlainJson.UNSUPPORTED);
    }
  }

  @Test
  void theCodecStillRejectsWhatJacksonRejects() {
    for (String text : List.of("{\"a\":1,}", "01", "2 3", "[1 2]", "truex", "")) {
      assertThatThrownBy(() -> CODEC.read(text)).as(text).isInstanceOf(JsonProcessingException.class);
    }
  }

  @Test
  void randomDocumentsReadTheSameAsWithJackson() throws Exception {
    Random random = new Random(20261203L);
    for (int i = 0; i < 5_000; i++) {
      StringBuilder text = new StringBuilder();
      write(random, text, 0);
      assertSameAsJackson(text.toString());
    }
  }

  @Test
  void writesWhatTheEngineWritesAsJacksonDoes() throws Exception {
    Map<String, Object> ours = new java.util.LinkedHashMap<>();
    ours.put("attempts", 1);
    ours.put("started_at", "2026-12-03T08:40:43.170304573Z");
    ours.put("ended_at", null);
    List<Object> values = new ArrayList<>(List.of(Map.of(), List.of(), "", "caf\u00e9 \u2603 \uD83D\uDE00 /", 0, -1,
        Long.MIN_VALUE, 1.0, -0.0, 1e-7, 1.5e300, Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY,
        true, false, Map.of("progress", 0.5, "taskflow4j", ours), List.of(1, "x", List.of(Map.of()))));
    values.add(null);
    values.add(java.util.Collections.unmodifiableMap(ours));
    for (Object value : values) {
      assertThat(PlainJson.write(value)).as(String.valueOf(value)).isEqualTo(CODEC.writeWithJackson(value));
    }
  }

  @Test
  void leavesOtherValuesToJackson() throws Exception {
    Map<String, Object> cycle = new java.util.HashMap<>();
    cycle.put("self", cycle);
    Map<Object, Object> numberKey = new java.util.HashMap<>();
    numberKey.put(1, "one");
    List<Object> deep = new ArrayList<>();
    List<Object> inner = deep;
    for (int i = 0; i < 64; i++) {
      List<Object> next = new ArrayList<>();
      inner.add(next);
      inner = next;
    }
    for (Object value : List.of("a\"b", "back\\slash", "line\nbreak", "\u0001", 1.5f, (short) 2, new java.math.BigDecimal("1.10"),
        java.math.BigInteger.TEN, Map.of("a\"", 1), numberKey, new java.util.TreeSet<>(List.of(1)), deep, new Object(),
        java.util.Optional.of(1), cycle)) {
      assertThat(PlainJson.write(value)).as(value.getClass().getName()).isNull();
    }
    // The codec hands them to Jackson, which writes what it can.
    assertThat(CODEC.write(Map.of("a", "x\ny"))).isEqualTo("{\"a\":\"x\\ny\"}");
    assertThat(CODEC.write(deep)).isEqualTo(CODEC.writeWithJackson(deep));
    assertThatThrownBy(() -> CODEC.write(cycle)).isInstanceOf(JsonProcessingException.class);
  }

  @Test
  void randomValuesWriteTheSameAsWithJackson() throws Exception {
    Random random = new Random(20261204L);
    for (int i = 0; i < 5_000; i++) {
      StringBuilder text = new StringBuilder();
      write(random, text, 0);
      Object value = CODEC.readWithJackson(text.toString());
      String plain = PlainJson.write(value);
      assertThat(plain == null ? CODEC.writeWithJackson(value) : plain).as(text.toString())
          .isEqualTo(CODEC.writeWithJackson(value));
      assertThat(CODEC.write(value)).isEqualTo(CODEC.writeWithJackson(value));
    }
  }

  private static void assertSameAsJackson(String text) throws Exception {
    Object expected = CODEC.readWithJackson(text);
    Object plain = PlainJson.read(text);
    Object actual = plain == PlainJson.UNSUPPORTED ? CODEC.readWithJackson(text) : plain;
    assertThat(describe(actual)).as(text).isEqualTo(describe(expected));
    assertThat(describe(CODEC.read(text))).as(text).isEqualTo(describe(expected));
  }

  /** The value with each element's class, so that Integer 1 and Long 1 differ. */
  private static String describe(Object value) {
    if (value instanceof Map<?, ?> map) {
      StringBuilder out = new StringBuilder(value.getClass().getSimpleName()).append('{');
      map.forEach((k, v) -> out.append(k).append('=').append(describe(v)).append(','));
      return out.append('}').toString();
    }
    if (value instanceof List<?> list) {
      List<String> parts = new ArrayList<>();
      list.forEach(v -> parts.add(describe(v)));
      return value.getClass().getSimpleName() + parts;
    }
    return value == null ? "null" : value.getClass().getSimpleName() + ":" + value;
  }

  private static void write(Random random, StringBuilder out, int depth) {
    int kind = random.nextInt(depth > 4 ? 6 : 8);
    String space = random.nextInt(6) == 0 ? " \n" : "";
    out.append(space);
    switch (kind) {
      case 0 -> out.append(random.nextInt(2000) - 1000);
      case 1 -> out.append(random.nextLong() >> random.nextInt(64));
      case 2 -> out.append(random.nextBoolean() ? random.nextDouble() * Math.pow(10, random.nextInt(40) - 20)
          : (double) random.nextInt(100));
      case 3 -> out.append('"').append(Long.toString(random.nextLong(), 36)).append(List.of("", "\u00e9", "\\n", "\\\"", "\\u0007", "/").get(Math.max(0, random.nextInt(12) - 6)))
          .append('"');
      case 4 -> out.append(List.of("true", "false", "null").get(random.nextInt(3)));
      case 5 -> out.append(random.nextInt(3) == 0 ? "{}" : "[]");
      case 6 -> {
        out.append('[');
        int n = random.nextInt(4);
        for (int i = 0; i < n; i++) {
          out.append(i > 0 ? "," : "");
          write(random, out, depth + 1);
        }
        out.append(']');
      }
      default -> {
        out.append('{');
        int n = random.nextInt(4);
        for (int i = 0; i < n; i++) {
          out.append(i > 0 ? "," : "").append("\"k").append(random.nextInt(5)).append("\":");
          write(random, out, depth + 1);
        }
        out.append('}');
      }
    }
    out.append(space);
  }
}
