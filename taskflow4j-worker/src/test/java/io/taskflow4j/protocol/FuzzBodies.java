package io.taskflow4j.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import io.taskflow4j.failure.Failure;
import io.taskflow4j.task.Outcome;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.function.Supplier;
import java.util.function.ToIntFunction;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.EdgeCases;
import net.jqwik.api.RandomGenerator;
import net.jqwik.api.Tuple;
import net.jqwik.api.Tuple.Tuple2;

/**
 * Generates message bodies for the fuzz tests: arbitrary bytes, JSON built from nested objects,
 * arrays, strings and numbers (huge numbers and nesting past every limit included), text that is
 * only nearly JSON, and mutations of valid bodies of every kind of message.
 *
 * <p>Generated JSON is kept as a small tree that knows what the parsing limits measure of it (the
 * nesting depth and the lengths of its strings and numbers), so a property can tell which limits a
 * body breaks.
 */
public final class FuzzBodies {

  /** Limits small enough that generated bodies break each of them in turn. */
  public static final ProtocolLimits SMALL_LIMITS = new ProtocolLimits(1_024, 8, 40, 12);

  /** The property names of every message and failure, so generated objects reach the schemas. */
  private static final List<String> PROTOCOL_KEYS =
      List.of(
          "task_cls", "task_name", "task_version", "action", "arguments", "result", "failures",
          "state", "data", "event_type", "details", "topic", "tasks", "exception_str",
          "traceback_str", "exc_type_names", "version", "exc_args", "causes");

  /** Strings the schemas look for. */
  private static final List<String> PROTOCOL_WORDS =
      List.of(
          "execute", "revert", "success", "failure", "WAITING", "PENDING", "RUNNING", "SUCCESS",
          "FAILURE", "EVENT", "Exception", "BaseException", "update_progress", "__main__.Resize",
          "resize-1", "progress", "", "1");

  /** Pieces of JSON, broken JSON and broken UTF-8 that mutations insert. */
  private static final List<byte[]> TOKENS = tokens();

  private FuzzBodies() {}

  // ---- Bodies

  /**
   * A message body; it shows its bytes as escaped text, so that a failing sample can be read.
   *
   * @param bytes the body
   */
  public record Body(byte[] bytes) {

    /**
     * A body holding UTF-8 text.
     *
     * @param text the text
     * @return the body
     */
    public static Body of(String text) {
      return new Body(text.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public String toString() {
      return show(bytes);
    }
  }

  /**
   * Bytes as Java-escaped text, shortened in the middle when long.
   *
   * @param bytes the bytes
   * @return their length and text
   */
  public static String show(byte[] bytes) {
    StringBuilder out = new StringBuilder("(" + bytes.length + " bytes) \"");
    int head = bytes.length > 1_000 ? 600 : bytes.length;
    appendEscaped(out, bytes, 0, head);
    if (head < bytes.length) {
      out.append("\" ... \"");
      appendEscaped(out, bytes, Math.max(head, bytes.length - 200), bytes.length);
    }
    return out.append('"').toString();
  }

  private static void appendEscaped(StringBuilder out, byte[] bytes, int from, int to) {
    for (int i = from; i < to; i++) {
      int b = bytes[i] & 0xff;
      if (b == '\\' || b == '"') {
        out.append('\\').append((char) b);
      } else if (b == '\n') {
        out.append("\\n");
      } else if (b >= 0x20 && b < 0x7f) {
        out.append((char) b);
      } else {
        out.append(String.format("\\x%02x", b));
      }
    }
  }

  // ---- Generated JSON

  /** A generated JSON value, with what the parsing limits measure of it. */
  public abstract static sealed class Json permits Literal, JsonArray, JsonObject {
    final int depth;
    final int stringAtLeast;
    final int stringAtMost;
    final int numberAtLeast;
    final int numberAtMost;
    private String written;

    Json(int depth, int stringAtLeast, int stringAtMost, int numberAtLeast, int numberAtMost) {
      this.depth = depth;
      this.stringAtLeast = stringAtLeast;
      this.stringAtMost = stringAtMost;
      this.numberAtLeast = numberAtLeast;
      this.numberAtMost = numberAtMost;
    }

    abstract void write(StringBuilder out);

    /**
     * The JSON text.
     *
     * @return the text
     */
    public String text() {
      // Cached for the documents that properties measure; nested values are only written.
      if (written == null) {
        StringBuilder out = new StringBuilder();
        write(out);
        written = out.toString();
      }
      return written;
    }

    /**
     * The JSON text as a body.
     *
     * @return the body
     */
    public Body body() {
      return Body.of(text());
    }

    /**
     * How deeply arrays and objects nest in it; 0 for a scalar.
     *
     * @return the depth
     */
    public int depth() {
      return depth;
    }

    /**
     * Which of the limits its body certainly breaks, certainly keeps, or may break depending on
     * how a parser counts the characters of escaped strings.
     *
     * @param limits the limits
     * @return the verdict
     */
    public Verdict against(ProtocolLimits limits) {
      if (!broken(limits).isEmpty()) {
        return Verdict.OVER;
      }
      boolean within =
          stringAtMost <= limits.maxStringLength() && numberAtMost <= limits.maxNumberLength();
      return within ? Verdict.WITHIN : Verdict.UNSURE;
    }

    /**
     * The limits its body certainly breaks: any of {@code size}, {@code depth}, {@code string}
     * and {@code number}.
     *
     * @param limits the limits
     * @return the names of the broken limits
     */
    public List<String> broken(ProtocolLimits limits) {
      List<String> broken = new ArrayList<>();
      if (text().getBytes(StandardCharsets.UTF_8).length > limits.maxBodyBytes()) {
        broken.add("size");
      }
      if (depth > limits.maxNestingDepth()) {
        broken.add("depth");
      }
      // A parser counts a string at least in its characters, at most in its escaped UTF-8 bytes.
      if (stringAtLeast > limits.maxStringLength()) {
        broken.add("string");
      }
      // At least its digits count, at most every character of it.
      if (numberAtLeast > limits.maxNumberLength()) {
        broken.add("number");
      }
      return broken;
    }

    @Override
    public String toString() {
      return show(text().getBytes(StandardCharsets.UTF_8));
    }
  }

  /** Whether a body breaks a codec's limits. */
  public enum Verdict {
    /** It breaks one of them. */
    OVER,
    /** It keeps all of them. */
    WITHIN,
    /** A string or a number sits between what a parser may count of it and its limit. */
    UNSURE
  }

  /** A string, number, boolean or null. */
  static final class Literal extends Json {
    private final String text;

    private Literal(
        String text, int stringAtLeast, int stringAtMost, int numberAtLeast, int numberAtMost) {
      super(0, stringAtLeast, stringAtMost, numberAtLeast, numberAtMost);
      this.text = text;
    }

    static Literal string(String value) {
      String quoted = quote(value);
      return new Literal(
          quoted, value.length(), quoted.getBytes(StandardCharsets.UTF_8).length - 2, 0, 0);
    }

    /** A number or a non-numeric number such as NaN; its digits and its length are measured. */
    static Literal number(String text) {
      int digits = (int) text.chars().filter(Character::isDigit).count();
      return new Literal(text, 0, 0, digits, text.length());
    }

    static Literal bare(String text) {
      return new Literal(text, 0, 0, 0, 0);
    }

    @Override
    void write(StringBuilder out) {
      out.append(text);
    }
  }

  /** An array. */
  static final class JsonArray extends Json {
    private final List<Json> items;

    JsonArray(List<Json> items) {
      super(
          1 + max(items, j -> j.depth),
          max(items, j -> j.stringAtLeast),
          max(items, j -> j.stringAtMost),
          max(items, j -> j.numberAtLeast),
          max(items, j -> j.numberAtMost));
      this.items = List.copyOf(items);
    }

    @Override
    void write(StringBuilder out) {
      out.append('[');
      for (int i = 0; i < items.size(); i++) {
        if (i > 0) {
          out.append(',');
        }
        items.get(i).write(out);
      }
      out.append(']');
    }
  }

  /**
   * A member of an object.
   *
   * @param key its name
   * @param value its value
   */
  record Member(String key, Json value) {
    Literal name() {
      return Literal.string(key);
    }
  }

  /** An object; repeated keys are kept, as a peer may send them. */
  static final class JsonObject extends Json {
    private final List<Member> members;

    JsonObject(List<Member> members) {
      this(members, measured(members));
    }

    private JsonObject(List<Member> members, List<Json> measured) {
      super(
          1 + max(members, m -> m.value().depth),
          max(measured, j -> j.stringAtLeast),
          max(measured, j -> j.stringAtMost),
          max(measured, j -> j.numberAtLeast),
          max(measured, j -> j.numberAtMost));
      this.members = List.copyOf(members);
    }

    @Override
    void write(StringBuilder out) {
      out.append('{');
      for (int i = 0; i < members.size(); i++) {
        if (i > 0) {
          out.append(',');
        }
        members.get(i).name().write(out);
        out.append(':');
        members.get(i).value().write(out);
      }
      out.append('}');
    }
  }

  /** The values of the members and their names, which the string limit also bounds. */
  private static List<Json> measured(List<Member> members) {
    List<Json> measured = new ArrayList<>(members.size() * 2);
    for (Member member : members) {
      measured.add(member.name());
      measured.add(member.value());
    }
    return measured;
  }

  private static <T> int max(List<T> items, ToIntFunction<T> measure) {
    int max = 0;
    for (T item : items) {
      max = Math.max(max, measure.applyAsInt(item));
    }
    return max;
  }

  /** JSON string syntax; surrogates are escaped so that lone ones survive UTF-8. */
  static String quote(String value) {
    StringBuilder out = new StringBuilder(value.length() + 2).append('"');
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c == '"' || c == '\\') {
        out.append('\\').append(c);
      } else if (c == '\n') {
        out.append("\\n");
      } else if (c < 0x20 || Character.isSurrogate(c)) {
        out.append(String.format("\\u%04x", (int) c));
      } else {
        out.append(c);
      }
    }
    return out.append('"').toString();
  }

  private static JsonObject object(Member... members) {
    return new JsonObject(List.of(members));
  }

  private static JsonArray array(Json... items) {
    return new JsonArray(List.of(items));
  }

  // ---- Arbitraries of JSON

  /**
   * An arbitrary built on first use, shared by every generator that uses it, and told apart from
   * others by identity. jqwik looks up a memoized generator by the arbitrary's hash each time it
   * picks one of several arbitraries, and the hash of a deep structure of arbitraries costs more
   * than generating from it.
   */
  private static final class Shared<T> implements Arbitrary<T> {
    private final Supplier<Arbitrary<T>> build;
    private Arbitrary<T> built;

    Shared(Supplier<Arbitrary<T>> build) {
      this.build = build;
    }

    private synchronized Arbitrary<T> arbitrary() {
      if (built == null) {
        built = build.get();
      }
      return built;
    }

    @Override
    public RandomGenerator<T> generator(int genSize) {
      return arbitrary().generator(genSize);
    }

    @Override
    public RandomGenerator<T> generatorWithEmbeddedEdgeCases(int genSize) {
      return arbitrary().generatorWithEmbeddedEdgeCases(genSize);
    }

    @Override
    public EdgeCases<T> edgeCases(int maxEdgeCases) {
      return arbitrary().edgeCases(maxEdgeCases);
    }
  }

  @SafeVarargs
  private static <T> Arbitrary<T> weighted(Tuple2<Integer, Arbitrary<T>>... choices) {
    List<Tuple2<Integer, Arbitrary<T>>> all = new ArrayList<>();
    for (Tuple2<Integer, Arbitrary<T>> choice : choices) {
      all.add(choice);
    }
    return Arbitraries.frequencyOf(all);
  }

  private static final Arbitrary<String> STRINGS = new Shared<>(FuzzBodies::buildStrings);

  private static Arbitrary<String> buildStrings() {
    return weighted(
        Tuple.of(4, Arbitraries.of(PROTOCOL_WORDS)),
        Tuple.of(4, Arbitraries.strings().ascii().ofMaxLength(10)),
        Tuple.of(2, Arbitraries.strings().all().ofMaxLength(6)),
        // Lone and paired surrogates, which only escapes can carry.
        Tuple.of(1, Arbitraries.of("\uD800", "\uDFFF", "a\uD83D", "\uD83D\uDE00", "\uDE00\uD83D")),
        // Past the small string limit.
        Tuple.of(1, Arbitraries.integers().between(41, 130).map("x"::repeat)));
  }

  private static final Arbitrary<String> KEYS = new Shared<>(FuzzBodies::buildKeys);

  private static Arbitrary<String> buildKeys() {
    // Jackson refuses a property name holding a lone surrogate as malformed JSON (Python's json
    // takes it), so names in well-formed documents keep to whole characters; edits add others.
    return weighted(Tuple.of(3, Arbitraries.of(PROTOCOL_KEYS)), Tuple.of(1, names()));
  }

  private static Arbitrary<String> names() {
    return STRINGS.filter(FuzzBodies::hasNoLoneSurrogate);
  }

  private static boolean hasNoLoneSurrogate(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (Character.isHighSurrogate(c)
          && i + 1 < text.length()
          && Character.isLowSurrogate(text.charAt(i + 1))) {
        i++;
      } else if (Character.isSurrogate(c)) {
        return false;
      }
    }
    return true;
  }

  private static final Arbitrary<Json> STRING_VALUES = new Shared<>(FuzzBodies::buildStringValues);

  private static Arbitrary<Json> buildStringValues() {
    return STRINGS.map(Literal::string);
  }

  /** Integers of every size: around the small limit of 12 digits and the default of 1,000. */
  private static final Arbitrary<Json> INTEGERS = new Shared<>(FuzzBodies::buildIntegers);

  private static Arbitrary<Json> buildIntegers() {
    Arbitrary<Integer> digitCount =
        weighted(
            Tuple.of(8, Arbitraries.integers().between(1, 20)),
            Tuple.of(2, Arbitraries.integers().between(10, 14)),
            Tuple.of(1, Arbitraries.integers().between(995, 1_005)),
            Tuple.of(1, Arbitraries.integers().between(1_006, 1_500)));
    Arbitrary<Json> generated =
        Combinators.combine(Arbitraries.of("", "-"), digitCount, Arbitraries.longs())
            .as((sign, count, seed) -> Literal.number(sign + digits(count, seed)));
    Arbitrary<Json> notable =
        Arbitraries.of(
                "0", "-0", "1", "-1", "2147483647", "2147483648", "-2147483649",
                "9223372036854775807", "9223372036854775808", "-9223372036854775809")
            .map(Literal::number);
    return weighted(Tuple.of(4, generated), Tuple.of(1, notable));
  }

  private static String digits(int count, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    StringBuilder out = new StringBuilder(count);
    out.append(count == 1 ? random.nextInt(10) : 1 + random.nextInt(9));
    for (int i = 1; i < count; i++) {
      out.append(random.nextInt(10));
    }
    return out.toString();
  }

  private static final Arbitrary<Json> FRACTIONS = new Shared<>(FuzzBodies::buildFractions);

  private static Arbitrary<Json> buildFractions() {
    Arbitrary<Json> generated =
        Combinators.combine(
                Arbitraries.of("", "-"),
                Arbitraries.integers().between(0, 999),
                Arbitraries.integers().between(0, 9_999),
                Arbitraries.of("", "e5", "E-3", "e+12", "e400", "e-400", "E0"))
            .as((sign, whole, part, exp) -> Literal.number(sign + whole + "." + part + exp));
    Arbitrary<Json> notable =
        Arbitraries.of(
                "1e400", "-1e400", "1E-400", "4.9e-324", "1.7976931348623157e308", "1.0", "-0.0",
                "1e22", "NaN", "Infinity", "-Infinity")
            .map(Literal::number);
    return weighted(Tuple.of(2, generated), Tuple.of(1, notable));
  }

  private static final Arbitrary<Json> SCALARS = new Shared<>(FuzzBodies::buildScalars);

  private static Arbitrary<Json> buildScalars() {
    return weighted(
        Tuple.of(3, STRING_VALUES),
        Tuple.of(2, INTEGERS),
        Tuple.of(1, FRACTIONS),
        Tuple.of(1, Arbitraries.of("true", "false", "null").map(Literal::bare)));
  }

  /**
   * JSON values nested up to a depth, with objects keyed mostly by the protocol's names.
   *
   * @param depth how deeply arrays and objects may nest
   * @return the values
   */
  public static Arbitrary<Json> values(int depth) {
    return VALUES.get(depth);
  }

  private static final List<Arbitrary<Json>> VALUES =
      List.of(
          new Shared<>(() -> buildValues(0)),
          new Shared<>(() -> buildValues(1)),
          new Shared<>(() -> buildValues(2)),
          new Shared<>(() -> buildValues(3)));

  private static Arbitrary<Json> buildValues(int depth) {
    if (depth == 0) {
      return SCALARS;
    }
    Arbitrary<Json> inner = values(depth - 1);
    Arbitrary<Json> arrays = inner.list().ofMaxSize(4).map(JsonArray::new);
    Arbitrary<Json> objects =
        Combinators.combine(KEYS, inner).as(Member::new).list().ofMaxSize(4).map(JsonObject::new);
    return weighted(Tuple.of(4, SCALARS), Tuple.of(1, arrays), Tuple.of(1, objects));
  }

  /**
   * Values wrapped in arrays, objects or both to depths around the small, default and largest
   * nesting limits.
   */
  private static Arbitrary<Json> nested(Arbitrary<Json> inner) {
    Arbitrary<Integer> levels =
        weighted(
            Tuple.of(3, Arbitraries.integers().between(1, 10)),
            Tuple.of(3, Arbitraries.integers().between(245, 262)),
            Tuple.of(1, Arbitraries.integers().between(263, 400)),
            Tuple.of(1, Arbitraries.integers().between(1_990, 2_010)));
    return Combinators.combine(inner, levels, Arbitraries.of("[", "{", "[{"))
        .as(FuzzBodies::wrap);
  }

  private static Json wrap(Json inner, int levels, String style) {
    Json json = inner;
    for (int i = 0; i < levels; i++) {
      char opener = style.charAt(i % style.length());
      json = opener == '[' ? array(json) : object(new Member("k", json));
    }
    return json;
  }

  private static final Arbitrary<Json> ANY_VALUE = new Shared<>(FuzzBodies::buildAnyValue);

  private static Arbitrary<Json> buildAnyValue() {
    return weighted(Tuple.of(8, values(3)), Tuple.of(1, nested(values(1))));
  }

  /** A member that is mostly there with a typical value, sometimes with any value, or missing. */
  private static Arbitrary<Optional<Member>> member(String key, Arbitrary<Json> typical) {
    return weighted(
        Tuple.of(12, typical.map(v -> Optional.of(new Member(key, v)))),
        Tuple.of(1, ANY_VALUE.map(v -> Optional.of(new Member(key, v)))),
        Tuple.of(1, Arbitraries.just(Optional.<Member>empty())));
  }

  @SafeVarargs
  private static Arbitrary<Json> shaped(Arbitrary<Optional<Member>>... members) {
    List<Arbitrary<Optional<Member>>> all = new ArrayList<>();
    for (Arbitrary<Optional<Member>> member : members) {
      all.add(member);
    }
    all.add(Combinators.combine(KEYS, ANY_VALUE).as(Member::new).optional(0.1));
    return Combinators.combine(all)
        .as(present -> new JsonObject(present.stream().flatMap(Optional::stream).toList()));
  }

  private static Arbitrary<Json> words(String... words) {
    return weighted(
        Tuple.of(6, Arbitraries.of(words).map(Literal::string)), Tuple.of(1, STRING_VALUES));
  }

  private static Arbitrary<Json> failures(int causes) {
    return FAILURES.get(causes);
  }

  private static final List<Arbitrary<Json>> FAILURES =
      List.of(
          new Shared<>(() -> buildFailures(0)),
          new Shared<>(() -> buildFailures(1)),
          new Shared<>(() -> buildFailures(2)));

  private static Arbitrary<Json> buildFailures(int causes) {
    Arbitrary<Json> typeNames =
        weighted(
            Tuple.of(
                6,
                Combinators.combine(
                        Arbitraries.of("ValueError", "KeyError", "pkg.E", "LookupError")
                            .list()
                            .ofMaxSize(2),
                        Arbitraries.of("Exception", "BaseException"))
                    .as(
                        (names, root) -> {
                          List<Json> all = new ArrayList<>();
                          names.forEach(name -> all.add(Literal.string(name)));
                          all.add(Literal.string(root));
                          return new JsonArray(all);
                        })),
            Tuple.of(1, STRING_VALUES.list().ofMaxSize(3).map(JsonArray::new)));
    Arbitrary<Json> versions =
        weighted(
            Tuple.of(8, Arbitraries.just(Literal.number("1"))),
            Tuple.of(
                1,
                Arbitraries.of("0", "2", "-1", "1.0", "1.5", "1e0", "99999999999999999999", "NaN")
                    .map(Literal::number)),
            Tuple.of(1, Arbitraries.of("\"1\"", "null", "[1]", "true").map(Literal::bare)));
    Arbitrary<Json> causeLists =
        causes == 0
            ? Arbitraries.just(array())
            : failures(causes - 1).list().ofMaxSize(2).map(JsonArray::new);
    return shaped(
        member("exception_str", STRING_VALUES),
        member("traceback_str", STRING_VALUES),
        member("exc_type_names", typeNames),
        member("version", versions),
        member("exc_args", values(2).list().ofMaxSize(3).map(JsonArray::new)),
        member("causes", causeLists));
  }

  /** A failure whose chain of causes is a given number of failures long. */
  private static Json causeChain(int length) {
    Json failure = null;
    for (int i = 0; i < length; i++) {
      List<Member> members = new ArrayList<>();
      members.add(new Member("exception_str", Literal.string("e" + i)));
      members.add(new Member("traceback_str", Literal.string("")));
      members.add(new Member("exc_type_names", array(Literal.string("Exception"))));
      members.add(new Member("version", Literal.number("1")));
      members.add(new Member("causes", failure == null ? array() : array(failure)));
      failure = new JsonObject(members);
    }
    return failure;
  }

  private static final Arbitrary<Json> REQUESTS = new Shared<>(FuzzBodies::buildRequests);

  private static Arbitrary<Json> buildRequests() {
    Arbitrary<Json> versions =
        weighted(
            Tuple.of(1, words("1", "1.0", "2.3")),
            Tuple.of(1, INTEGERS.list().ofMaxSize(3).map(JsonArray::new)),
            Tuple.of(1, values(1).list().ofMaxSize(3).map(JsonArray::new)));
    Arbitrary<Json> arguments =
        weighted(
            Tuple.of(
                4,
                Combinators.combine(KEYS, ANY_VALUE)
                    .as(Member::new)
                    .list()
                    .ofMaxSize(3)
                    .map(JsonObject::new)),
            Tuple.of(1, Arbitraries.just(object())));
    Arbitrary<Json> results =
        weighted(
            Tuple.of(3, ANY_VALUE.map(value -> array(Literal.string("success"), value))),
            Tuple.of(3, failures(2).map(failure -> array(Literal.string("failure"), failure))),
            Tuple.of(1, values(2)),
            Tuple.of(1, Arbitraries.just(Literal.bare("null"))));
    Arbitrary<Json> flowFailures =
        Combinators.combine(
                weighted(
                    Tuple.of(3, Arbitraries.of("resize-1", "other", "flow.task one")),
                    Tuple.of(1, names())),
                failures(2))
            .as(Member::new)
            .list()
            .ofMaxSize(2)
            .map(JsonObject::new);
    return shaped(
        member("task_cls", words("__main__.Resize", "pkg.T")),
        member("task_name", words("resize-1")),
        member("task_version", versions),
        member("action", words("execute", "revert")),
        member("arguments", arguments),
        member("result", results),
        member("failures", flowFailures));
  }

  private static final Arbitrary<Json> RESPONSES = new Shared<>(FuzzBodies::buildResponses);

  private static Arbitrary<Json> buildResponses() {
    Arbitrary<Json> data =
        weighted(
            Tuple.of(1, Arbitraries.just(object())),
            Tuple.of(2, ANY_VALUE.map(result -> object(new Member("result", result)))),
            Tuple.of(2, failures(2).map(failure -> object(new Member("result", failure)))),
            Tuple.of(
                2,
                shaped(
                    member("event_type", words("update_progress", "custom")),
                    member(
                        "details",
                        Combinators.combine(KEYS, ANY_VALUE)
                            .as(Member::new)
                            .list()
                            .ofMaxSize(2)
                            .map(JsonObject::new)))));
    return shaped(
        member("state", words("WAITING", "PENDING", "RUNNING", "SUCCESS", "FAILURE", "EVENT")),
        member("data", data));
  }

  private static final Arbitrary<Json> NOTIFY_RESPONSES =
      new Shared<>(FuzzBodies::buildNotifyResponses);

  private static Arbitrary<Json> buildNotifyResponses() {
    return shaped(
        member("topic", STRING_VALUES),
        member("tasks", STRING_VALUES.list().ofMaxSize(3).map(JsonArray::new)));
  }

  private static final Arbitrary<Json> CAUSE_CHAINS = new Shared<>(FuzzBodies::buildCauseChains);

  private static Arbitrary<Json> buildCauseChains() {
    Arbitrary<Integer> lengths =
        weighted(
            Tuple.of(1, Arbitraries.integers().between(1, 5)),
            Tuple.of(2, Arbitraries.integers().between(195, 210)),
            Tuple.of(1, Arbitraries.integers().between(990, 1_000)));
    return Combinators.combine(lengths, Arbitraries.of(true, false))
        .as(
            (length, inResponse) ->
                inResponse
                    ? object(
                        new Member("state", Literal.string("FAILURE")),
                        new Member("data", object(new Member("result", causeChain(length)))))
                    : object(
                        new Member("task_cls", Literal.string("pkg.T")),
                        new Member("task_name", Literal.string("t")),
                        new Member("task_version", Literal.string("1")),
                        new Member("action", Literal.string("revert")),
                        new Member(
                            "result", array(Literal.string("failure"), causeChain(length)))));
  }

  /**
   * Well-formed JSON documents: mostly shaped like the protocol's messages and failures, with
   * values nested past the limits, huge numbers and long strings among them.
   *
   * @return the documents
   */
  public static Arbitrary<Json> documents() {
    return weighted(
        Tuple.of(4, REQUESTS),
        Tuple.of(4, RESPONSES),
        Tuple.of(1, NOTIFY_RESPONSES),
        Tuple.of(1, Arbitraries.just(object())),
        Tuple.of(1, failures(2)),
        Tuple.of(2, ANY_VALUE),
        Tuple.of(1, CAUSE_CHAINS))
        .withoutEdgeCases();
  }

  // ---- Arbitraries of bodies

  /**
   * Arbitrary bytes: uniformly random ones, and ones drawn from the characters of JSON.
   *
   * @return the bodies
   */
  public static Arbitrary<Body> arbitraryBytes() {
    byte[] alphabet =
        "{}[]\":,0123456789-+.eE \n\\tnulrsfaNIy\u00ff".getBytes(StandardCharsets.ISO_8859_1);
    Arbitrary<byte[]> jsonish =
        Arbitraries.of(toList(alphabet))
            .list()
            .ofMaxSize(200)
            .map(FuzzBodies::toArray);
    return weighted(
            Tuple.of(1, Arbitraries.bytes().array(byte[].class).ofMaxSize(300)),
            Tuple.of(1, jsonish))
        .map(Body::new);
  }

  /**
   * Text that is nearly JSON: generated documents with a few bytes inserted or removed, and runs
   * of JSON tokens in no particular order.
   *
   * @return the bodies
   */
  public static Arbitrary<Body> nearlyJson() {
    Arbitrary<Body> spliced =
        Combinators.combine(documents(), SPLICES.list().ofMinSize(1).ofMaxSize(3))
            .as((json, splices) -> new Body(splice(json.body().bytes(), splices)));
    Arbitrary<Body> soup =
        Arbitraries.of(TOKENS).list().ofMaxSize(40).map(tokens -> new Body(concat(tokens)));
    return weighted(Tuple.of(3, spliced), Tuple.of(1, soup)).withoutEdgeCases();
  }

  /**
   * Valid bodies of every kind of message (the reference's captures, its validation cases and
   * bodies the codec writes) with members replaced, removed, repeated, added, renamed or wrapped,
   * and then bytes inserted or removed.
   *
   * @return the bodies
   */
  public static Arbitrary<Body> mutatedBodies() {
    // Mostly one edit, so that many bodies stay valid or fail deep in the schemas.
    Arbitrary<List<Edit>> editLists =
        weighted(
            Tuple.of(1, Arbitraries.just(List.<Edit>of())),
            Tuple.of(5, EDITS.list().ofSize(1)),
            Tuple.of(2, EDITS.list().ofMinSize(2).ofMaxSize(3)));
    Arbitrary<List<Splice>> spliceLists =
        weighted(
            Tuple.of(4, Arbitraries.just(List.<Splice>of())),
            Tuple.of(1, SPLICES.list().ofMinSize(1).ofMaxSize(2)));
    return Combinators.combine(Arbitraries.of(seeds()), editLists, spliceLists)
        .as(
            (seed, edits, splices) -> {
              List<Json> roots = List.of(seed);
              for (Edit edit : edits) {
                roots = edit.applyToRoots(roots);
              }
              StringBuilder text = new StringBuilder();
              for (int i = 0; i < roots.size(); i++) {
                if (i > 0) {
                  text.append(' ');
                }
                roots.get(i).write(text);
              }
              return new Body(
                  splice(text.toString().getBytes(StandardCharsets.UTF_8), splices));
            })
        .withoutEdgeCases();
  }

  /**
   * REQUEST bodies for {@code __main__.Resize} that pass the schema: executes with arguments
   * {@code height} and {@code width} of any size, and reverts after a success or a failure, whose
   * failures now and then carry a {@code version} other than 1 or none, so that they cannot be
   * read (a content problem the worker answers with a FAILURE).
   *
   * @return the bodies
   */
  public static Arbitrary<Body> resizeRequests() {
    Arbitrary<Optional<Json>> versions =
        weighted(
            Tuple.of(6, Arbitraries.just(Optional.of(Literal.number("1")))),
            Tuple.of(1, Arbitraries.just(Optional.<Json>empty())),
            Tuple.of(
                1,
                Arbitraries.of("0", "2", "1.0", "99999999999999999999")
                    .map(version -> Optional.<Json>of(Literal.number(version)))));
    Arbitrary<Json> results =
        weighted(
            Tuple.of(1, INTEGERS.map(value -> array(Literal.string("success"), value))),
            Tuple.of(
                1, versions.map(version -> array(Literal.string("failure"), failure(version)))));
    Arbitrary<Optional<Json>> flowFailures =
        versions.<Json>map(version -> object(new Member("other", failure(version)))).optional(0.5);
    return Combinators.combine(INTEGERS, INTEGERS, results.optional(0.6), flowFailures)
        .as(
            (height, width, result, failures) -> {
              List<Member> members = new ArrayList<>();
              members.add(new Member("task_cls", Literal.string("__main__.Resize")));
              members.add(new Member("task_name", Literal.string("resize-1")));
              members.add(
                  new Member("task_version", array(Literal.number("1"), Literal.number("0"))));
              members.add(
                  new Member("action", Literal.string(result.isPresent() ? "revert" : "execute")));
              members.add(
                  new Member(
                      "arguments",
                      object(new Member("height", height), new Member("width", width))));
              result.ifPresent(value -> members.add(new Member("result", value)));
              failures.ifPresent(value -> members.add(new Member("failures", value)));
              return new JsonObject(members).body();
            });
  }

  private static Json failure(Optional<Json> version) {
    List<Member> members = new ArrayList<>();
    members.add(new Member("exception_str", Literal.string("boom")));
    members.add(new Member("traceback_str", Literal.string("")));
    members.add(
        new Member(
            "exc_type_names", array(Literal.string("ValueError"), Literal.string("Exception"))));
    version.ifPresent(value -> members.add(new Member("version", value)));
    members.add(new Member("exc_args", array()));
    members.add(new Member("causes", array()));
    return new JsonObject(members);
  }

  // ---- Seeds

  private static List<Json> seeds() {
    List<Json> seeds = new ArrayList<>();
    for (String name : Vectors.named("wire-")) {
      seeds.add(fromTree(Vectors.read(name).get("body")));
    }
    for (JsonNode each : Vectors.read("validation-cases.json")) {
      Json body = fromTree(each.get("body"));
      seeds.add(body);
      if (each.get("kind").asText().equals("failure")) {
        seeds.add(
            object(
                new Member("task_cls", Literal.string("__main__.Resize")),
                new Member("task_name", Literal.string("resize-1")),
                new Member("task_version", Literal.string("1")),
                new Member("action", Literal.string("revert")),
                new Member("result", array(Literal.string("failure"), body))));
      }
    }
    ProtocolCodec codec = ProtocolCodec.create();
    Failure cause =
        Failure.of(
            List.of("KeyError", "LookupError", "Exception"), "'k'", "", List.of("k"), List.of());
    Failure failure =
        Failure.of(
            List.of("pkg.Outer", "Exception"), "outer", "  File x\n", List.of("a", 1),
            List.of(cause));
    List<ProtocolMessage> messages =
        List.of(
            NotifyRequest.INSTANCE,
            new NotifyResponse("w", List.of("a.B", "c.D")),
            TaskRequest.execute(
                "pkg.T", "t", TaskVersion.parts(List.of(1, "beta")), Map.of("x", List.of(1, 2))),
            TaskRequest.revert(
                "pkg.T", "t", TaskVersion.of(1, 0), Map.of(), Outcome.failure(failure),
                Map.of("t", failure)),
            TaskResponse.running(),
            TaskResponse.success(Map.of("k", 1.25)),
            TaskResponse.success(null),
            TaskResponse.failure(failure),
            TaskResponse.event("custom", Map.of("n", 1)),
            TaskResponse.progress(0.5));
    for (ProtocolMessage message : messages) {
      seeds.add(fromTree(Vectors.tree(codec.encodeBody(message))));
    }
    return seeds;
  }

  private static Json fromTree(JsonNode node) {
    if (node.isObject()) {
      List<Member> members = new ArrayList<>();
      for (Map.Entry<String, JsonNode> entry : node.properties()) {
        members.add(new Member(entry.getKey(), fromTree(entry.getValue())));
      }
      return new JsonObject(members);
    }
    if (node.isArray()) {
      List<Json> items = new ArrayList<>();
      for (JsonNode item : node) {
        items.add(fromTree(item));
      }
      return new JsonArray(items);
    }
    if (node.isTextual()) {
      return Literal.string(node.textValue());
    }
    if (node.isNumber()) {
      return Literal.number(node.asText());
    }
    return Literal.bare(node.toString());
  }

  // ---- Mutations

  /** What an edit does to the node it lands on. */
  enum EditKind {
    REPLACE,
    REMOVE,
    REPEAT,
    ADD,
    RENAME,
    WRAP_IN_ARRAY,
    WRAP_IN_OBJECT
  }

  /**
   * One change to a JSON tree, landing on the node at a pre-order position (modulo the count).
   *
   * @param kind what it does
   * @param at where it lands
   * @param value the value it brings, if any
   * @param key the key it brings, if any
   */
  record Edit(EditKind kind, int at, Json value, String key) {

    List<Json> applyToRoots(List<Json> roots) {
      int count = roots.stream().mapToInt(Edit::count).sum();
      int[] position = {Math.floorMod(at, count)};
      List<Json> edited = new ArrayList<>();
      for (Json root : roots) {
        edited.addAll(apply(root, position));
      }
      return edited.isEmpty() ? List.of(value) : edited;
    }

    private static int count(Json json) {
      int count = 1;
      if (json instanceof JsonArray array) {
        for (Json item : array.items) {
          count += count(item);
        }
      } else if (json instanceof JsonObject object) {
        for (Member member : object.members) {
          count += count(member.value());
        }
      }
      return count;
    }

    /** The node's replacement: none, itself or more; {@code position} counts down to the target. */
    private List<Json> apply(Json json, int[] position) {
      if (position[0]-- == 0) {
        return switch (kind) {
          case REPLACE -> List.of(value);
          case REMOVE -> List.of();
          case REPEAT -> List.of(json, json);
          case ADD -> List.of(added(json));
          case RENAME -> List.of(json); // renames the member holding it, below
          case WRAP_IN_ARRAY -> List.of(array(json));
          case WRAP_IN_OBJECT -> List.of(object(new Member(key, json)));
        };
      }
      if (position[0] < 0) {
        return List.of(json);
      }
      if (json instanceof JsonArray array) {
        List<Json> items = new ArrayList<>();
        for (Json item : array.items) {
          items.addAll(apply(item, position));
        }
        return List.of(new JsonArray(items));
      }
      if (json instanceof JsonObject object) {
        List<Member> members = new ArrayList<>();
        for (Member member : object.members) {
          boolean target = position[0] == 0;
          String name = target && kind == EditKind.RENAME ? key : member.key();
          for (Json each : apply(member.value(), position)) {
            members.add(new Member(name, each));
          }
        }
        return List.of(new JsonObject(members));
      }
      return List.of(json);
    }

    private Json added(Json json) {
      if (json instanceof JsonArray array) {
        List<Json> items = new ArrayList<>(array.items);
        items.add(value);
        return new JsonArray(items);
      }
      if (json instanceof JsonObject object) {
        List<Member> members = new ArrayList<>(object.members);
        members.add(new Member(key, value));
        return new JsonObject(members);
      }
      return value;
    }
  }

  private static final Arbitrary<Edit> EDITS = new Shared<>(FuzzBodies::buildEdits);

  private static Arbitrary<Edit> buildEdits() {
    Arbitrary<Json> values =
        weighted(
            Tuple.of(4, values(2)),
            Tuple.of(1, failures(1)),
            Tuple.of(1, nested(SCALARS)),
            Tuple.of(2, Arbitraries.of(PROTOCOL_WORDS).map(Literal::string)));
    Arbitrary<String> keys =
        weighted(Tuple.of(6, KEYS), Tuple.of(1, Arbitraries.of("\uD800", "k\uDC00", "\uDBFF")));
    return Combinators.combine(
            Arbitraries.of(EditKind.class), Arbitraries.integers().between(0, 10_000), values, keys)
        .as(Edit::new);
  }

  /**
   * Bytes removed and inserted at a position (modulo the length).
   *
   * @param at where
   * @param remove how many bytes to remove
   * @param insert what to insert
   */
  record Splice(int at, int remove, byte[] insert) {}

  private static final Arbitrary<Splice> SPLICES = new Shared<>(FuzzBodies::buildSplices);

  private static Arbitrary<Splice> buildSplices() {
    Arbitrary<Integer> removals =
        weighted(
            Tuple.of(6, Arbitraries.integers().between(0, 3)),
            Tuple.of(1, Arbitraries.integers().between(0, 100_000)));
    Arbitrary<byte[]> insertions =
        weighted(
            Tuple.of(4, Arbitraries.of(TOKENS)),
            Tuple.of(1, Arbitraries.bytes().array(byte[].class).ofMaxSize(4)),
            Tuple.of(1, Arbitraries.just(new byte[0])));
    return Combinators.combine(Arbitraries.integers().between(0, 1_000_000), removals, insertions)
        .as(Splice::new);
  }

  private static byte[] splice(byte[] bytes, List<Splice> splices) {
    byte[] result = bytes;
    for (Splice splice : splices) {
      int at = splice.at() % (result.length + 1);
      int remove = Math.min(splice.remove(), result.length - at);
      byte[] next = new byte[result.length - remove + splice.insert().length];
      System.arraycopy(result, 0, next, 0, at);
      System.arraycopy(splice.insert(), 0, next, at, splice.insert().length);
      System.arraycopy(
          result, at + remove, next, at + splice.insert().length, result.length - at - remove);
      result = next;
    }
    return result;
  }

  private static List<byte[]> tokens() {
    List<byte[]> tokens = new ArrayList<>();
    for (String token :
        List.of(
            "{", "}", "[", "]", "\"", ",", ":", "\\", "\\u", "\\uD800", "\\udc00", "\\u12", "\\x",
            "null", "nul", "true", "fals", "-", "+", "0", "00", "01", "1e999", "-1e-999", "1.",
            ".5", "1e", "NaN", "-NaN", "Infinity", "-Infinity", "+Infinity", "INF", "0x1F",
            "\u0000", "\t",
            " ", "//", "/*", "'", "9".repeat(40), "}}}}", "[[[[", "{\"a\":", "\"task_cls\":",
            "\"causes\":[", "\"result\":[\"failure\",", "\"version\":1", "\"state\":\"FAILURE\"")) {
      tokens.add(token.getBytes(StandardCharsets.UTF_8));
    }
    // Broken UTF-8: a stray byte, a bad continuation, truncated sequences, an encoded surrogate
    // and an overlong encoding.
    int[][] broken = {
      {0xff}, {0x80}, {0xc3, 0x28}, {0xe2, 0x82}, {0xf0, 0x9f, 0x98}, {0xed, 0xa0, 0x80},
      {0xc0, 0x80}
    };
    for (int[] sequence : broken) {
      byte[] bytes = new byte[sequence.length];
      for (int i = 0; i < sequence.length; i++) {
        bytes[i] = (byte) sequence[i];
      }
      tokens.add(bytes);
    }
    return List.copyOf(tokens);
  }

  private static byte[] concat(List<byte[]> parts) {
    int length = parts.stream().mapToInt(part -> part.length).sum();
    byte[] out = new byte[length];
    int at = 0;
    for (byte[] part : parts) {
      System.arraycopy(part, 0, out, at, part.length);
      at += part.length;
    }
    return out;
  }

  private static List<Byte> toList(byte[] bytes) {
    List<Byte> list = new ArrayList<>(bytes.length);
    for (byte b : bytes) {
      list.add(b);
    }
    return list;
  }

  private static byte[] toArray(List<Byte> list) {
    byte[] bytes = new byte[list.size()];
    for (int i = 0; i < bytes.length; i++) {
      bytes[i] = list.get(i);
    }
    return bytes;
  }
}
