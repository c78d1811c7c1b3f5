package io.taskflow4j.failure;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * An immutable description of an error: type names, message, stack trace as text, arguments and
 * the chain of causes. It is what the engine records when a task fails and what travels on the
 * wire between engines and workers, so it carries names and text only, never executable types.
 *
 * <p>A failure captured locally with {@link #of(Throwable)} also remembers the original exception
 * ({@link #exception()}); one read from a message does not.
 *
 * <p>Thread-safety: immutable and safe to share.
 */
public final class Failure {

  /** The root type name that ends the type list of every failure created from a Java exception. */
  public static final String ROOT_TYPE_NAME = "Exception";

  private final List<String> typeNames;
  private final String message;
  private final String traceback;
  private final List<Object> arguments;
  private final List<Failure> causes;
  private final Throwable exception;

  private Failure(
      List<String> typeNames,
      String message,
      String traceback,
      List<Object> arguments,
      List<Failure> causes,
      Throwable exception) {
    this.typeNames = List.copyOf(typeNames);
    this.message = Objects.requireNonNull(message, "message");
    this.traceback = Objects.requireNonNull(traceback, "traceback");
    this.arguments = java.util.Collections.unmodifiableList(new ArrayList<>(arguments));
    this.causes = List.copyOf(causes);
    this.exception = exception;
    if (this.typeNames.isEmpty()) {
      throw new IllegalArgumentException("a failure needs at least one type name");
    }
  }

  /**
   * Captures a Java exception. The type names are the exception's class and its superclasses up
   * to {@link Throwable} (exclusive), most specific first, followed by {@value #ROOT_TYPE_NAME} so
   * that reference peers accept it. The causes are the exception's cause chain.
   *
   * @param exception the exception to capture
   * @return the failure
   */
  public static Failure of(Throwable exception) {
    Objects.requireNonNull(exception, "exception");
    return capture(exception, new java.util.IdentityHashMap<>());
  }

  private static Failure capture(Throwable exception, java.util.Map<Throwable, Boolean> seen) {
    seen.put(exception, Boolean.TRUE);
    List<String> names = new ArrayList<>();
    for (Class<?> type = exception.getClass();
        type != null && type != Throwable.class && type != Object.class;
        type = type.getSuperclass()) {
      names.add(type.getName());
    }
    names.add(ROOT_TYPE_NAME);
    List<Failure> causes = new ArrayList<>();
    Throwable cause = exception.getCause();
    if (cause != null && !seen.containsKey(cause)) {
      causes.add(capture(cause, seen));
    }
    String message = exception.getMessage() == null ? "" : exception.getMessage();
    List<Object> arguments = exception.getMessage() == null ? List.of() : List.of(message);
    return new Failure(names, message, stackTraceOf(exception), arguments, causes, exception);
  }

  private static String stackTraceOf(Throwable exception) {
    StringWriter out = new StringWriter();
    try (PrintWriter printer = new PrintWriter(out)) {
      exception.printStackTrace(printer);
    }
    return out.toString();
  }

  /**
   * Creates a failure from its parts, as read from a message or built by hand.
   *
   * @param typeNames the type names, most specific first; at least one
   * @param message the exception's message, possibly empty
   * @param traceback the stack trace as text, possibly empty
   * @param arguments the exception's arguments (JSON values)
   * @param causes the chain of causes, outermost first
   * @return the failure
   */
  public static Failure of(
      List<String> typeNames,
      String message,
      String traceback,
      List<Object> arguments,
      List<Failure> causes) {
    return new Failure(typeNames, message, traceback, arguments, causes, null);
  }

  /**
   * Reads and validates a failure in the reference's dictionary form (contract section 4),
   * including its causes.
   *
   * @param dictionary the decoded JSON object
   * @return the failure
   * @throws io.taskflow4j.InvalidFormatException when a field is missing, has the wrong type, the
   *     version is not 1, or the last type name is neither {@code Exception} nor {@code
   *     BaseException}; the message names the field
   */
  public static Failure fromDict(java.util.Map<String, ?> dictionary) {
    return FailureDictionary.read(dictionary);
  }

  /**
   * Like {@link #fromDict(java.util.Map)}, for a failure found inside a larger document: error
   * messages name fields under {@code path} (such as {@code failures.resize-1.causes[0].version})
   * instead of under {@code failure}.
   *
   * @param dictionary the decoded JSON object
   * @param path where the dictionary sits in its document
   * @return the failure
   * @throws io.taskflow4j.InvalidFormatException as {@link #fromDict(java.util.Map)}
   */
  public static Failure fromDict(java.util.Map<String, ?> dictionary, String path) {
    Objects.requireNonNull(dictionary, "dictionary");
    Objects.requireNonNull(path, "path");
    return FailureDictionary.read(dictionary, path);
  }

  /**
   * Checks a decoded JSON value the way the reference checks a failure before it accepts a
   * message: the failure schema and the root-type rule, for the failure and every cause. Unlike
   * {@link #fromDict(java.util.Map, String)} it does not require {@code version} to be present and
   * 1: the reference accepts such a message and fails only later, when it reads the failure.
   *
   * @param value the decoded JSON value that should be a failure dictionary
   * @param path where the value sits in its document, used in error messages
   * @throws io.taskflow4j.InvalidFormatException when the reference would reject the value; the
   *     message names the field
   */
  public static void validateDict(Object value, String path) {
    Objects.requireNonNull(path, "path");
    FailureDictionary.validate(value, path);
  }

  /**
   * This failure in the reference's dictionary form (version 1), ready to be written as JSON.
   *
   * @return a new mutable map of JSON values
   */
  public java.util.Map<String, Object> toDict() {
    return FailureDictionary.write(this);
  }

  /**
   * The type names, most specific first.
   *
   * @return an unmodifiable, non-empty list
   */
  public List<String> typeNames() {
    return typeNames;
  }

  /**
   * The most specific type name.
   *
   * @return the first type name
   */
  public String typeName() {
    return typeNames.get(0);
  }

  /**
   * The exception's message.
   *
   * @return the message, possibly empty
   */
  public String message() {
    return message;
  }

  /**
   * The stack trace as text.
   *
   * @return the trace, possibly empty
   */
  public String traceback() {
    return traceback;
  }

  /**
   * The exception's arguments, as JSON values.
   *
   * @return an unmodifiable list, possibly empty
   */
  public List<Object> arguments() {
    return arguments;
  }

  /**
   * The chain of causes, the direct cause first.
   *
   * @return an unmodifiable list, possibly empty
   */
  public List<Failure> causes() {
    return causes;
  }

  /**
   * The exception this failure was captured from, when it was captured in this process.
   *
   * @return the exception, or empty for a failure read from a message
   */
  public Optional<Throwable> exception() {
    return Optional.ofNullable(exception);
  }

  /**
   * Tells whether this failure is of the given type, comparing names (so it also works for
   * failures that came from another process).
   *
   * @param type the exception type
   * @return true when one of the type names equals the type's name
   */
  public boolean matches(Class<? extends Throwable> type) {
    return typeNames.contains(type.getName());
  }

  /**
   * Tells whether one of the type names equals the given name.
   *
   * @param typeName a type name, such as {@code ValueError} or {@code java.io.IOException}
   * @return true when the name is among this failure's type names
   */
  public boolean matches(String typeName) {
    return typeNames.contains(typeName);
  }

  @Override
  public boolean equals(Object other) {
    if (this == other) {
      return true;
    }
    if (!(other instanceof Failure)) {
      return false;
    }
    Failure that = (Failure) other;
    return typeNames.equals(that.typeNames)
        && message.equals(that.message)
        && traceback.equals(that.traceback)
        && arguments.equals(that.arguments)
        && causes.equals(that.causes);
  }

  @Override
  public int hashCode() {
    return Objects.hash(typeNames, message, traceback, arguments, causes);
  }

  @Override
  public String toString() {
    return message.isEmpty() ? typeName() : typeName() + ": " + message;
  }
}
