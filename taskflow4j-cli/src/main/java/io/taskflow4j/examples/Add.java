package io.taskflow4j.examples;

import io.taskflow4j.task.AbstractTask;
import io.taskflow4j.task.TaskContext;
import io.taskflow4j.task.TaskSpec;
import java.math.BigDecimal;
import java.math.BigInteger;

/**
 * Adds two numbers. Requires {@code a} and {@code b}; returns {@code a + b}, a whole number when
 * both are whole numbers (of any size) and a double otherwise. Fails when an argument is not a
 * number. Provides nothing unless the flow says so. Thread-safety: stateless.
 */
public final class Add extends AbstractTask {

  /** Creates the task named {@code add}. */
  public Add() {
    this("add");
  }

  /**
   * Creates the task.
   *
   * @param name its name in the flow
   */
  public Add(String name) {
    super(TaskSpec.builder(name).requires("a", "b").build());
  }

  @Override
  public Object execute(TaskContext context) {
    Number a = number(context, "a");
    Number b = number(context, "b");
    if (whole(a) && whole(b)) {
      BigInteger sum = big(a).add(big(b));
      return sum.bitLength() < Long.SIZE ? (Object) sum.longValue() : sum;
    }
    if (a instanceof BigDecimal || b instanceof BigDecimal) {
      return new BigDecimal(a.toString()).add(new BigDecimal(b.toString()));
    }
    return a.doubleValue() + b.doubleValue();
  }

  private static Number number(TaskContext context, String name) {
    Object value = context.arguments().get(name);
    if (value instanceof Number number) {
      return number;
    }
    throw new IllegalArgumentException(
        "argument '"
            + name
            + "' must be a number, got "
            + (value == null ? "null" : value.getClass().getSimpleName() + " " + value));
  }

  private static boolean whole(Number number) {
    return number instanceof Integer
        || number instanceof Long
        || number instanceof Short
        || number instanceof Byte
        || number instanceof BigInteger;
  }

  private static BigInteger big(Number number) {
    return number instanceof BigInteger big ? big : BigInteger.valueOf(number.longValue());
  }
}
