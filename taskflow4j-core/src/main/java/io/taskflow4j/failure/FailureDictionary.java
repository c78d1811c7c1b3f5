package io.taskflow4j.failure;

import io.taskflow4j.InvalidFormatException;
import io.taskflow4j.value.JsonTypes;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Converts failures to and from the reference's dictionary form (contract section 4).
 *
 * <p>Reading happens in the reference's two stages. {@link #validate} is what the reference checks
 * before it accepts a message: the failure schema (required strings, a non-empty list of type
 * names, optional non-negative integer version, optional argument and cause arrays, other keys
 * allowed) for the failure and all its causes, then the root-type rule for each of them. {@link
 * #read} then does what the reference's reader adds: every failure in the chain must carry version
 * 1. Keys the schema allows but does not name are ignored.
 *
 * <p>Thread-safety: stateless, safe to use from any thread.
 */
final class FailureDictionary {

  static final String EXCEPTION_STR = "exception_str";
  static final String TRACEBACK_STR = "traceback_str";
  static final String EXC_TYPE_NAMES = "exc_type_names";
  static final String VERSION = "version";
  static final String EXC_ARGS = "exc_args";
  static final String CAUSES = "causes";

  /** The only dictionary version there is. */
  static final int DICT_VERSION = 1;

  /** The root names the reference accepts at the end of a type list. */
  static final Set<String> ROOT_TYPE_NAMES = Set.of("Exception", "BaseException");

  /**
   * Bounds recursion over causes and argument values: a map graph built in memory may be cyclic,
   * and no real exception chain comes close to this. Low enough that the recursion stays far from
   * a default thread stack even in interpreted frames (at 1,000 it sometimes overflowed first).
   */
  static final int MAX_DEPTH = 200;

  private static final Logger LOG = LoggerFactory.getLogger(FailureDictionary.class);

  private FailureDictionary() {}

  static Failure read(Map<String, ?> dictionary) {
    return read(dictionary, "failure");
  }

  static Failure read(Map<String, ?> dictionary, String path) {
    validate(dictionary, path);
    checkVersions(dictionary, path);
    return build(dictionary);
  }

  static void validate(Object dictionary, String path) {
    checkSchema(dictionary, path, 0);
    checkRootTypes(dictionary, path);
  }

  private static void checkSchema(Object value, String path, int depth) {
    if (depth > MAX_DEPTH) {
      throw invalid(path, "causes nested deeper than " + MAX_DEPTH + " levels");
    }
    Map<?, ?> dictionary = object(value, path);
    string(dictionary, EXCEPTION_STR, path);
    string(dictionary, TRACEBACK_STR, path);
    Object names = required(dictionary, EXC_TYPE_NAMES, path);
    List<?> nameList = array(names, path + "." + EXC_TYPE_NAMES);
    if (nameList.isEmpty()) {
      throw invalid(path + "." + EXC_TYPE_NAMES, "must hold at least one type name");
    }
    for (int i = 0; i < nameList.size(); i++) {
      if (!(nameList.get(i) instanceof String)) {
        throw invalid(
            path + "." + EXC_TYPE_NAMES + "[" + i + "]",
            "must be a string, got " + JsonTypes.nameOf(nameList.get(i)));
      }
    }
    if (dictionary.containsKey(VERSION)) {
      Object version = dictionary.get(VERSION);
      if (!isInteger(version)) {
        throw invalid(path + "." + VERSION, "must be an integer, got " + JsonTypes.nameOf(version));
      }
      if (signum((Number) version) < 0) {
        throw invalid(path + "." + VERSION, "must not be negative, got " + version);
      }
    }
    if (dictionary.containsKey(EXC_ARGS)) {
      array(dictionary.get(EXC_ARGS), path + "." + EXC_ARGS);
    }
    if (dictionary.containsKey(CAUSES)) {
      List<?> causes = array(dictionary.get(CAUSES), path + "." + CAUSES);
      for (int i = 0; i < causes.size(); i++) {
        checkSchema(causes.get(i), path + "." + CAUSES + "[" + i + "]", depth + 1);
      }
    }
  }

  // Runs after the schema check of the whole chain, as the reference does, so the first error
  // reported is a schema error whenever there is one.
  private static void checkRootTypes(Object value, String path) {
    Map<?, ?> dictionary = (Map<?, ?>) value;
    List<?> names = (List<?>) dictionary.get(EXC_TYPE_NAMES);
    Object root = names.get(names.size() - 1);
    if (!ROOT_TYPE_NAMES.contains(root)) {
      throw invalid(
          path + "." + EXC_TYPE_NAMES,
          "last type name must be Exception or BaseException, got '" + root + "'");
    }
    List<?> causes = (List<?>) dictionary.get(CAUSES);
    if (causes != null) {
      for (int i = 0; i < causes.size(); i++) {
        checkRootTypes(causes.get(i), path + "." + CAUSES + "[" + i + "]");
      }
    }
  }

  private static void checkVersions(Map<?, ?> dictionary, String path) {
    if (!dictionary.containsKey(VERSION)) {
      throw invalid(path + "." + VERSION, "is required (dictionary version " + DICT_VERSION + ")");
    }
    Number version = (Number) dictionary.get(VERSION);
    if (!isOne(version)) {
      throw invalid(
          path + "." + VERSION, "must be " + DICT_VERSION + ", got " + version + " (unsupported)");
    }
    List<?> causes = (List<?>) dictionary.get(CAUSES);
    if (causes != null) {
      for (int i = 0; i < causes.size(); i++) {
        checkVersions((Map<?, ?>) causes.get(i), path + "." + CAUSES + "[" + i + "]");
      }
    }
  }

  private static Failure build(Map<?, ?> dictionary) {
    List<String> names = new ArrayList<>();
    for (Object name : (List<?>) dictionary.get(EXC_TYPE_NAMES)) {
      names.add((String) name);
    }
    List<Object> arguments =
        dictionary.containsKey(EXC_ARGS) ? new ArrayList<>((List<?>) dictionary.get(EXC_ARGS)) : List.of();
    List<Failure> causes = new ArrayList<>();
    List<?> causeDictionaries = (List<?>) dictionary.get(CAUSES);
    if (causeDictionaries != null) {
      for (Object cause : causeDictionaries) {
        causes.add(build((Map<?, ?>) cause));
      }
    }
    return Failure.of(
        names,
        (String) dictionary.get(EXCEPTION_STR),
        (String) dictionary.get(TRACEBACK_STR),
        arguments,
        causes);
  }

  static Map<String, Object> write(Failure failure) {
    return write(failure, 0);
  }

  private static Map<String, Object> write(Failure failure, int depth) {
    if (depth > MAX_DEPTH) {
      throw new IllegalArgumentException("failure causes nested deeper than " + MAX_DEPTH);
    }
    // Same key order as the reference renders, so bodies read alike in logs and captures.
    Map<String, Object> dictionary = new LinkedHashMap<>();
    dictionary.put(EXCEPTION_STR, failure.message());
    dictionary.put(TRACEBACK_STR, failure.traceback());
    dictionary.put(EXC_TYPE_NAMES, new ArrayList<>(failure.typeNames()));
    dictionary.put(VERSION, DICT_VERSION);
    dictionary.put(EXC_ARGS, renderableArguments(failure));
    List<Object> causes = new ArrayList<>();
    for (Failure cause : failure.causes()) {
      causes.add(write(cause, depth + 1));
    }
    dictionary.put(CAUSES, causes);
    return dictionary;
  }

  // The reference sends an empty argument list when the arguments cannot be rendered as JSON, so
  // the failure itself still gets through.
  private static List<Object> renderableArguments(Failure failure) {
    List<Object> arguments = failure.arguments();
    if (isJsonValue(arguments)) {
      return new ArrayList<>(arguments);
    }
    LOG.debug("Sending failure {} without its arguments: they are not all JSON values", failure);
    return new ArrayList<>();
  }

  private static boolean isJsonValue(Object value) {
    try {
      return JsonTypes.isJsonValue(value);
    } catch (IllegalArgumentException e) {
      return false;
    }
  }


  // JSON Schema counts 1.0 as an integer, and so does the reference's validator.
  private static boolean isInteger(Object value) {
    if (value instanceof Integer
        || value instanceof Long
        || value instanceof Short
        || value instanceof Byte
        || value instanceof BigInteger) {
      return true;
    }
    if (value instanceof Double || value instanceof Float) {
      double d = ((Number) value).doubleValue();
      return !Double.isInfinite(d) && d == Math.rint(d);
    }
    if (value instanceof BigDecimal decimal) {
      return decimal.stripTrailingZeros().scale() <= 0;
    }
    return false;
  }

  private static int signum(Number number) {
    if (number instanceof BigInteger big) {
      return big.signum();
    }
    if (number instanceof BigDecimal decimal) {
      return decimal.signum();
    }
    return (int) Math.signum(number.doubleValue());
  }

  private static boolean isOne(Number number) {
    if (number instanceof BigInteger big) {
      return big.equals(BigInteger.ONE);
    }
    if (number instanceof BigDecimal decimal) {
      return decimal.compareTo(BigDecimal.ONE) == 0;
    }
    return number.doubleValue() == DICT_VERSION;
  }

  private static Map<?, ?> object(Object value, String path) {
    if (!(value instanceof Map<?, ?> map)) {
      throw invalid(path, "must be an object, got " + JsonTypes.nameOf(value));
    }
    return map;
  }

  private static List<?> array(Object value, String path) {
    if (!(value instanceof List<?> list)) {
      throw invalid(path, "must be an array, got " + JsonTypes.nameOf(value));
    }
    return list;
  }

  private static Object required(Map<?, ?> dictionary, String key, String path) {
    if (!dictionary.containsKey(key)) {
      throw invalid(path + "." + key, "is required");
    }
    return dictionary.get(key);
  }

  private static void string(Map<?, ?> dictionary, String key, String path) {
    Object value = required(dictionary, key, path);
    if (!(value instanceof String)) {
      throw invalid(path + "." + key, "must be a string, got " + JsonTypes.nameOf(value));
    }
  }

  private static InvalidFormatException invalid(String path, String reason) {
    return new InvalidFormatException(path + ": " + reason);
  }
}
