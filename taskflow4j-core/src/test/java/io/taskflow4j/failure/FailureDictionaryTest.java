package io.taskflow4j.failure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.taskflow4j.InvalidFormatException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class FailureDictionaryTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @ParameterizedTest
  @ValueSource(
      strings = {
        "failure-simple.json",
        "failure-chained.json",
        "failure-unserializable-args.json"
      })
  void roundTripsEveryReferenceFailureVector(String vector) throws IOException {
    JsonNode recorded = JSON.readTree(resource(vector));

    Failure failure = Failure.fromDict(asMap(recorded));
    JsonNode written = JSON.valueToTree(failure.toDict());

    assertThat(written).isEqualTo(recorded);
  }

  @Test
  void readsTheFieldsOfAChainedReferenceFailure() throws IOException {
    Failure failure = Failure.fromDict(asMap(JSON.readTree(resource("failure-chained.json"))));

    assertThat(failure.typeNames()).containsExactly("RuntimeError", "Exception");
    assertThat(failure.message()).isEqualTo("outer boom");
    assertThat(failure.arguments()).containsExactly("outer boom");
    assertThat(failure.traceback()).contains("raise RuntimeError('outer boom') from e");
    assertThat(failure.exception()).isEmpty();
    assertThat(failure.causes()).hasSize(1);
    Failure cause = failure.causes().get(0);
    assertThat(cause.typeNames()).containsExactly("KeyError", "LookupError", "Exception");
    assertThat(cause.message()).isEqualTo("'inner-key'");
    assertThat(cause.causes()).isEmpty();
  }

  @Test
  void writesEveryKeyInTheReferenceOrder() {
    Map<String, Object> dictionary = sample().toDict();

    assertThat(dictionary.keySet())
        .containsExactly(
            "exception_str", "traceback_str", "exc_type_names", "version", "exc_args", "causes");
    assertThat(dictionary.get("version")).isEqualTo(1);
    assertThat(dictionary.get("causes")).isEqualTo(List.of());
  }

  @Test
  void convertsAJavaExceptionWithACauseToADictionaryAndBack() throws IOException {
    IOException inner = new IOException("disk full");
    IllegalStateException outer = new IllegalStateException("cannot save", inner);
    Failure captured = Failure.of(outer);

    String json = JSON.writeValueAsString(captured.toDict());
    Failure read = Failure.fromDict(JSON.readValue(json, new TypeReference<Map<String, Object>>() {}));

    assertThat(read).isEqualTo(captured);
    assertThat(read.typeNames())
        .containsExactly(
            "java.lang.IllegalStateException",
            "java.lang.RuntimeException",
            "java.lang.Exception",
            "Exception");
    assertThat(read.message()).isEqualTo("cannot save");
    assertThat(read.traceback()).contains("IllegalStateException: cannot save");
    assertThat(read.causes()).hasSize(1);
    assertThat(read.causes().get(0).typeNames())
        .containsExactly("java.io.IOException", "java.lang.Exception", "Exception");
    assertThat(read.causes().get(0).message()).isEqualTo("disk full");
  }

  @Test
  void writesEmptyArgumentsWhenTheyAreNotJsonValues() {
    Failure cause = Failure.of(List.of("E", "Exception"), "c", "", List.of("ok", 1), List.of());
    Failure failure =
        Failure.of(List.of("TypeError", "Exception"), "odd", "", List.of("odd", new Object()), List.of(cause));

    Map<String, Object> dictionary = failure.toDict();

    assertThat(dictionary.get("exc_args")).isEqualTo(List.of());
    Map<?, ?> causeDictionary = (Map<?, ?>) ((List<?>) dictionary.get("causes")).get(0);
    assertThat(causeDictionary.get("exc_args")).isEqualTo(List.of("ok", 1));
  }

  @Test
  void keepsArgumentsThatAreNestedJsonValues() {
    List<Object> arguments = new ArrayList<>();
    arguments.add(null);
    arguments.add(Map.of("k", List.of(1.5, true)));
    arguments.add(java.math.BigInteger.TEN.pow(30));
    Failure failure = Failure.of(List.of("E", "Exception"), "m", "t", arguments, List.of());

    assertThat(failure.toDict().get("exc_args")).isEqualTo(arguments);
  }

  @Test
  void dropsArgumentsHoldingAMapWithANonStringKey() {
    Failure failure =
        Failure.of(List.of("E", "Exception"), "m", "t", List.of(Map.of(1, "x")), List.of());

    assertThat(failure.toDict().get("exc_args")).isEqualTo(List.of());
  }

  @Test
  void acceptsWhatTheReferenceAcceptsBesideTheUsualShape() {
    Map<String, Object> dictionary = sampleDictionary();
    dictionary.put("version", 1.0);
    dictionary.put("exc_type_names", List.of("KeyboardInterrupt", "BaseException"));
    dictionary.put("unknown_key", "ignored");
    dictionary.remove("exc_args");
    dictionary.remove("causes");

    Failure failure = Failure.fromDict(dictionary);

    assertThat(failure.typeNames()).containsExactly("KeyboardInterrupt", "BaseException");
    assertThat(failure.arguments()).isEmpty();
    assertThat(failure.causes()).isEmpty();
  }

  static Stream<Arguments> invalidDictionaries() {
    return Stream.of(
        invalid("missing exception_str", d -> d.remove("exception_str"), "failure.exception_str: is required"),
        invalid("missing traceback_str", d -> d.remove("traceback_str"), "failure.traceback_str: is required"),
        invalid("missing exc_type_names", d -> d.remove("exc_type_names"), "failure.exc_type_names: is required"),
        invalid(
            "traceback_str as number",
            d -> d.put("traceback_str", 3),
            "failure.traceback_str: must be a string, got number"),
        invalid(
            "exception_str as null",
            d -> d.put("exception_str", null),
            "failure.exception_str: must be a string, got null"),
        invalid(
            "empty exc_type_names",
            d -> d.put("exc_type_names", List.of()),
            "failure.exc_type_names: must hold at least one type name"),
        invalid(
            "exc_type_names as string",
            d -> d.put("exc_type_names", "Exception"),
            "failure.exc_type_names: must be an array, got string"),
        invalid(
            "exc_type_names holding a number",
            d -> d.put("exc_type_names", List.of(1, "Exception")),
            "failure.exc_type_names[0]: must be a string, got number"),
        invalid(
            "root type not Exception",
            d -> d.put("exc_type_names", List.of("Foo")),
            "failure.exc_type_names: last type name must be Exception or BaseException, got 'Foo'"),
        invalid(
            "cause whose root type is not Exception",
            d -> d.put("causes", List.of(withTypes("Foo"))),
            "failure.causes[0].exc_type_names: last type name must be Exception or BaseException,"
                + " got 'Foo'"),
        invalid(
            "second cause with a bad root",
            d -> d.put("causes", List.of(withTypes("E", "Exception"), withTypes("Bar", "object"))),
            "failure.causes[1].exc_type_names: last type name must be Exception or BaseException,"
                + " got 'object'"),
        invalid("version 2", d -> d.put("version", 2), "failure.version: must be 1, got 2"),
        invalid("version missing", d -> d.remove("version"), "failure.version: is required"),
        invalid(
            "cause without version",
            d -> d.put("causes", List.of(without(withTypes("E", "Exception"), "version"))),
            "failure.causes[0].version: is required"),
        invalid("negative version", d -> d.put("version", -1), "failure.version: must not be negative"),
        invalid(
            "version as string",
            d -> d.put("version", "1"),
            "failure.version: must be an integer, got string"),
        invalid(
            "version as boolean",
            d -> d.put("version", true),
            "failure.version: must be an integer, got boolean"),
        invalid(
            "version as fraction",
            d -> d.put("version", 1.5),
            "failure.version: must be an integer, got number"),
        invalid(
            "exc_args as object",
            d -> d.put("exc_args", Map.of()),
            "failure.exc_args: must be an array, got object"),
        invalid(
            "causes as object", d -> d.put("causes", Map.of()), "failure.causes: must be an array, got object"),
        invalid(
            "causes holding a number",
            d -> d.put("causes", List.of(5)),
            "failure.causes[0]: must be an object, got number"),
        invalid(
            "cause missing traceback_str",
            d -> d.put("causes", List.of(without(withTypes("E", "Exception"), "traceback_str"))),
            "failure.causes[0].traceback_str: is required"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("invalidDictionaries")
  void rejectsAnInvalidDictionaryNamingTheField(
      String description, Map<String, Object> dictionary, String expected) {
    assertThatThrownBy(() -> Failure.fromDict(dictionary))
        .isInstanceOf(InvalidFormatException.class)
        .hasMessageStartingWith(expected);
  }

  @Test
  void namesFieldsUnderTheGivenPath() {
    Map<String, Object> dictionary = sampleDictionary();
    dictionary.put("causes", List.of(withTypes("Foo")));

    assertThatThrownBy(() -> Failure.fromDict(dictionary, "failures.resize-1"))
        .isInstanceOf(InvalidFormatException.class)
        .hasMessage(
            "failures.resize-1.causes[0].exc_type_names: last type name must be Exception or"
                + " BaseException, got 'Foo'");
  }

  @Test
  void validationAcceptsAMissingVersionAsTheReferenceDoes() {
    Map<String, Object> dictionary = sampleDictionary();
    dictionary.remove("version");

    assertThatCode(() -> Failure.validateDict(dictionary, "failure")).doesNotThrowAnyException();
    assertThatThrownBy(() -> Failure.fromDict(dictionary)).isInstanceOf(InvalidFormatException.class);
  }

  @Test
  void validationRejectsAValueThatIsNotAnObject() {
    assertThatThrownBy(() -> Failure.validateDict(List.of(), "result[1]"))
        .isInstanceOf(InvalidFormatException.class)
        .hasMessage("result[1]: must be an object, got array");
  }

  @Test
  void reportsSchemaErrorsAnywhereInTheChainBeforeRootTypeErrors() {
    Map<String, Object> dictionary = sampleDictionary();
    dictionary.put("exc_type_names", List.of("Foo"));
    dictionary.put("causes", List.of(without(withTypes("E", "Exception"), "exception_str")));

    assertThatThrownBy(() -> Failure.validateDict(dictionary, "failure"))
        .hasMessage("failure.causes[0].exception_str: is required");
  }

  @Test
  void rejectsACyclicCauseChainInsteadOfOverflowingTheStack() {
    Map<String, Object> dictionary = sampleDictionary();
    List<Object> causes = new ArrayList<>();
    causes.add(dictionary);
    dictionary.put("causes", causes);

    assertThatThrownBy(() -> Failure.fromDict(dictionary))
        .isInstanceOf(InvalidFormatException.class)
        .hasMessageContaining("nested deeper than");
  }

  private static Arguments invalid(
      String description, Consumer<Map<String, Object>> change, String expectedMessageStart) {
    Map<String, Object> dictionary = sampleDictionary();
    change.accept(dictionary);
    return Arguments.of(description, dictionary, expectedMessageStart);
  }

  private static Failure sample() {
    return Failure.of(List.of("ValueError", "Exception"), "bad", "trace", List.of("bad"), List.of());
  }

  private static Map<String, Object> sampleDictionary() {
    return withTypes("ValueError", "Exception");
  }

  private static Map<String, Object> withTypes(String... typeNames) {
    Map<String, Object> dictionary = new LinkedHashMap<>();
    dictionary.put("exception_str", "bad");
    dictionary.put("traceback_str", "trace");
    dictionary.put("exc_type_names", List.of(typeNames));
    dictionary.put("version", 1);
    dictionary.put("exc_args", List.of("bad"));
    dictionary.put("causes", List.of());
    return dictionary;
  }

  private static Map<String, Object> without(Map<String, Object> dictionary, String key) {
    dictionary.remove(key);
    return dictionary;
  }

  private static Map<String, Object> asMap(JsonNode node) {
    return JSON.convertValue(node, new TypeReference<Map<String, Object>>() {});
  }

  private static InputStream resource(String name) {
    InputStream in = FailureDictionaryTest.class.getResourceAsStream("/vectors/" + name);
    if (in == null) {
      throw new UncheckedIOException(new IOException("missing test vector " + name));
    }
    return in;
  }
}
