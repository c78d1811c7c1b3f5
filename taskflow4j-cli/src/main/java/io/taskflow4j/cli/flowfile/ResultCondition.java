package io.taskflow4j.cli.flowfile;

import io.taskflow4j.flow.Decider;
import io.taskflow4j.flow.DeciderHistory;
import io.taskflow4j.value.JsonTypes;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The decider a flow file's {@code when} condition becomes: it tests the result of one atom of
 * the decider's history (or one key of a map result) against a value written in the file. Values
 * compare as JSON values do: numbers by their value whatever their Java type ({@code 1} equals
 * {@code 1.0}), lists item by item, maps key by key.
 *
 * <p>A result of the wrong kind for the test (a string where a number is compared, a missing key)
 * makes the decider throw, which fails the atom the link leads to; the message names the condition
 * and where it is written. The result of an atom that was skipped satisfies no condition.
 *
 * <p>Thread-safety: immutable.
 */
public final class ResultCondition implements Decider {

  /** The tests a condition can make; each is written as one field of {@code when}. */
  enum Comparison {
    EQUALS("equals", "=="),
    NOT_EQUALS("not_equals", "!="),
    IN("in", "in"),
    NOT_IN("not_in", "not in"),
    LESS_THAN("less_than", "<"),
    AT_MOST("at_most", "<="),
    GREATER_THAN("greater_than", ">"),
    AT_LEAST("at_least", ">="),
    IS_TRUE("is_true", "is true"),
    IS_FALSE("is_false", "is false");

    private final String field;
    private final String symbol;

    Comparison(String field, String symbol) {
      this.field = field;
      this.symbol = symbol;
    }

    /** The field of {@code when} that writes this test. */
    String field() {
      return field;
    }

    boolean comparesNumbers() {
      return this == LESS_THAN || this == AT_MOST || this == GREATER_THAN || this == AT_LEAST;
    }

    boolean takesList() {
      return this == IN || this == NOT_IN;
    }

    boolean takesNoValue() {
      return this == IS_TRUE || this == IS_FALSE;
    }
  }

  private final String atom;
  private final Optional<String> field;
  private final Comparison test;
  private final Object operand;
  private final SourceLocation location;

  /**
   * Creates the condition; the reader has checked the operand suits the test.
   *
   * @param atom the atom whose result is tested
   * @param field the key of a map result to test instead of the whole result, if any
   * @param test the test
   * @param operand the value written in the file: a number for comparisons, a list for in and
   *     not_in, any JSON value (null included) for equals and not_equals, unused otherwise
   * @param location where the condition is written
   */
  ResultCondition(String atom, Optional<String> field, Comparison test, Object operand, SourceLocation location) {
    this.atom = Objects.requireNonNull(atom, "atom");
    this.field = Objects.requireNonNull(field, "field");
    this.test = Objects.requireNonNull(test, "test");
    this.operand = operand;
    this.location = Objects.requireNonNull(location, "location");
  }

  /**
   * The atom whose result the condition tests.
   *
   * @return its name
   */
  public String atom() {
    return atom;
  }

  /**
   * Where the condition is written.
   *
   * @return the location of its {@code when}
   */
  public SourceLocation location() {
    return location;
  }

  /**
   * The condition in a short readable form, for messages and graphs.
   *
   * @return for example {@code score < 50} or {@code check.status == "ok"}
   */
  public String describe() {
    String subject = field.map(key -> atom + "." + key).orElse(atom);
    return test.takesNoValue() ? subject + " " + test.symbol : subject + " " + test.symbol + " " + json(operand);
  }

  @Override
  public boolean shouldRun(DeciderHistory history) {
    if (!history.atoms().contains(atom)) {
      // The atom was skipped: it has no result to satisfy the condition.
      return false;
    }
    Object value = history.result(atom).orElse(null);
    if (field.isPresent()) {
      String key = field.get();
      if (!(value instanceof Map<?, ?> map)) {
        throw mismatch("an object with the key '" + key + "'", "the result of '" + atom + "'", value);
      }
      if (!map.containsKey(key)) {
        throw new IllegalStateException(
            "the condition " + describe() + " (" + location + ") tests the key '" + key + "' of the result of '"
                + atom + "', which has no such key; its keys are " + map.keySet());
      }
      value = map.get(key);
    }
    String subject = field.map(key -> "the key '" + key + "' of the result of '" + atom + "'")
        .orElse("the result of '" + atom + "'");
    switch (test) {
      case EQUALS:
        return same(value, operand);
      case NOT_EQUALS:
        return !same(value, operand);
      case IN:
        return contains((List<?>) operand, value);
      case NOT_IN:
        return !contains((List<?>) operand, value);
      case IS_TRUE:
      case IS_FALSE:
        if (!(value instanceof Boolean flag)) {
          throw mismatch("a boolean", subject, value);
        }
        return flag == (test == Comparison.IS_TRUE);
      default:
        if (!(value instanceof Number number)) {
          throw mismatch("a number", subject, value);
        }
        Optional<Integer> order = compare(number, (Number) operand);
        if (order.isEmpty()) {
          return false;
        }
        int sign = order.get();
        switch (test) {
          case LESS_THAN:
            return sign < 0;
          case AT_MOST:
            return sign <= 0;
          case GREATER_THAN:
            return sign > 0;
          default:
            return sign >= 0;
        }
    }
  }

  private IllegalStateException mismatch(String expected, String subject, Object value) {
    return new IllegalStateException(
        "the condition " + describe() + " (" + location + ") needs " + expected + ", but " + subject
            + " is " + (value == null ? "null (nothing)" : "a JSON " + JsonTypes.nameOf(value) + " (" + shortened(json(value)) + ")"));
  }

  private static boolean contains(List<?> values, Object value) {
    for (Object each : values) {
      if (same(each, value)) {
        return true;
      }
    }
    return false;
  }

  /** JSON equality: numbers by value, lists item by item, maps key by key. */
  static boolean same(Object a, Object b) {
    if (a == null || b == null) {
      return a == b;
    }
    if (a instanceof Number x && b instanceof Number y) {
      return compare(x, y).map(order -> order == 0).orElse(false);
    }
    if (a instanceof List<?> x && b instanceof List<?> y) {
      if (x.size() != y.size()) {
        return false;
      }
      Iterator<?> other = y.iterator();
      for (Object item : x) {
        if (!same(item, other.next())) {
          return false;
        }
      }
      return true;
    }
    if (a instanceof Map<?, ?> x && b instanceof Map<?, ?> y) {
      if (!x.keySet().equals(y.keySet())) {
        return false;
      }
      for (Map.Entry<?, ?> entry : x.entrySet()) {
        if (!same(entry.getValue(), y.get(entry.getKey()))) {
          return false;
        }
      }
      return true;
    }
    return a.equals(b);
  }

  /**
   * Orders two numbers by value, whatever their types.
   *
   * @return the sign of a - b, or empty when either is not a number (NaN)
   */
  static Optional<Integer> compare(Number a, Number b) {
    if (!finite(a) || !finite(b)) {
      double x = a.doubleValue();
      double y = b.doubleValue();
      return Double.isNaN(x) || Double.isNaN(y) ? Optional.empty() : Optional.of(Double.compare(x, y));
    }
    return Optional.of(Integer.signum(decimal(a).compareTo(decimal(b))));
  }

  private static boolean finite(Number number) {
    return !(number instanceof Double || number instanceof Float) || Double.isFinite(number.doubleValue());
  }

  private static BigDecimal decimal(Number number) {
    if (number instanceof BigDecimal decimal) {
      return decimal;
    }
    if (number instanceof BigInteger big) {
      return new BigDecimal(big);
    }
    if (number instanceof Integer || number instanceof Long || number instanceof Short || number instanceof Byte) {
      return BigDecimal.valueOf(number.longValue());
    }
    try {
      // Float and Double spell their shortest exact form: 0.1f is 0.1, not 0.100000001490116.
      return new BigDecimal(number.toString());
    } catch (NumberFormatException e) {
      return BigDecimal.valueOf(number.doubleValue());
    }
  }

  private static String shortened(String text) {
    return text.length() > 60 ? text.substring(0, 60) + "..." : text;
  }

  /** A value as it would be written in JSON, for messages. */
  static String json(Object value) {
    if (value instanceof String text) {
      return '"' + text.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }
    if (value instanceof List<?> list) {
      StringBuilder out = new StringBuilder("[");
      for (Object item : list) {
        out.append(out.length() == 1 ? "" : ", ").append(json(item));
      }
      return out.append(']').toString();
    }
    if (value instanceof Map<?, ?> map) {
      StringBuilder out = new StringBuilder("{");
      for (Map.Entry<?, ?> entry : map.entrySet()) {
        out.append(out.length() == 1 ? "" : ", ").append(json(String.valueOf(entry.getKey())))
            .append(": ").append(json(entry.getValue()));
      }
      return out.append('}').toString();
    }
    return String.valueOf(value);
  }

  @Override
  public String toString() {
    return "when " + describe();
  }
}
