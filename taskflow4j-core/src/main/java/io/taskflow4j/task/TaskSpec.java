package io.taskflow4j.task;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * What the engine needs to know about a task: its name, version, the names of the arguments it
 * requires, the names under which its result is stored, rebinding of arguments to other names and
 * fixed injected values.
 *
 * <p>When a task provides one name, its whole result is stored under it. When it provides several,
 * the result must be a {@link Map} holding each name or a {@link List} with one element per name.
 *
 * @param name the task's name in its flow
 * @param version the task's version, {@code major.minor}
 * @param requires the argument names, in order
 * @param provides the names its result is stored under
 * @param rebind argument name to the name its value is taken from
 * @param inject argument name (or the name an argument is rebound to) to a fixed value
 * @param priority which of several atoms that are ready at once starts first: the highest; from
 *     {@link #MIN_PRIORITY} to {@link #MAX_PRIORITY}, default 0
 * @param revertRequires the revert's own argument names; empty: those of {@code requires}
 * @param revertRebind the revert's own rebinding; empty: that of {@code rebind}
 * @param optional argument names the task takes when a value of their name (or of what they are
 *     rebound to) is provided, input or injected, and does without otherwise
 */
public record TaskSpec(
    String name,
    String version,
    List<String> requires,
    List<String> provides,
    Map<String, String> rebind,
    Map<String, Object> inject,
    int priority,
    List<String> revertRequires,
    Map<String, String> revertRebind,
    List<String> optional) {

  /** The version given to tasks that do not declare one. */
  public static final String DEFAULT_VERSION = "1.0";

  /** The lowest priority. */
  public static final int MIN_PRIORITY = -1000;

  /** The highest priority. */
  public static final int MAX_PRIORITY = 1000;

  /**
   * Validates and copies the components.
   *
   * @param name the task's name in its flow
   * @param version the task's version, {@code major.minor}
   * @param requires the argument names, in order
   * @param provides the names its result is stored under
   * @param rebind argument name to the name its value is taken from
   * @param inject argument name (or the name an argument is rebound to) to a fixed value
   * @param priority from {@link #MIN_PRIORITY} to {@link #MAX_PRIORITY}
   * @param revertRequires the revert's own argument names; empty: those of {@code requires}
   * @param revertRebind the revert's own rebinding; empty: that of {@code rebind}
   * @param optional argument names taken only when a value is available
   */
  public TaskSpec {
    name = requireName(name, "task name");
    version = requireName(version, "version of task '" + name + "'");
    requires = uniqueNames(requires, "requires", name);
    provides = uniqueNames(provides, "provides", name);
    rebind = Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(rebind)));
    for (Map.Entry<String, String> entry : rebind.entrySet()) {
      requireName(entry.getKey(), "rebound argument of task '" + name + "'");
      requireName(entry.getValue(), "rebind source of argument '" + entry.getKey() + "'");
    }
    inject = Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(inject)));
    for (Map.Entry<String, Object> entry : inject.entrySet()) {
      requireName(entry.getKey(), "injected argument of task '" + name + "'");
    }
    revertRequires = uniqueNames(revertRequires, "revert requires", name);
    optional = uniqueNames(optional, "optional", name);
    for (String each : optional) {
      if (requires.contains(each)) {
        throw new IllegalArgumentException(
            "task '" + name + "' lists '" + each + "' both as required and as optional");
      }
    }
    revertRebind = Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(revertRebind)));
    for (Map.Entry<String, String> entry : revertRebind.entrySet()) {
      requireName(entry.getKey(), "rebound revert argument of task '" + name + "'");
      requireName(entry.getValue(), "revert rebind source of argument '" + entry.getKey() + "'");
    }
    if (priority < MIN_PRIORITY || priority > MAX_PRIORITY) {
      throw new IllegalArgumentException("priority of task '" + name + "' must be from " + MIN_PRIORITY
          + " to " + MAX_PRIORITY + ", got " + priority);
    }
  }

  /**
   * A spec with the default priority, 0.
   *
   * @param name the task's name in its flow
   * @param version the task's version, {@code major.minor}
   * @param requires the argument names, in order
   * @param provides the names its result is stored under
   * @param rebind argument name to the name its value is taken from
   * @param inject argument name (or the name an argument is rebound to) to a fixed value
   */
  public TaskSpec(
      String name,
      String version,
      List<String> requires,
      List<String> provides,
      Map<String, String> rebind,
      Map<String, Object> inject) {
    this(name, version, requires, provides, rebind, inject, 0, List.of(), Map.of(), List.of());
  }

  /**
   * Tells whether the revert takes arguments of its own instead of those the execute got.
   *
   * @return true when {@code revertRequires} or {@code revertRebind} is set
   */
  public boolean hasRevertArguments() {
    return !revertRequires.isEmpty() || !revertRebind.isEmpty();
  }

  /**
   * What the revert is called with when it has {@link #hasRevertArguments() arguments of its own}:
   * a spec whose requires and rebind are the revert's ({@code revertRequires} or else {@code
   * requires}, {@code revertRebind} or else {@code rebind}), with the same injected values.
   *
   * @return the revert's spec
   */
  public TaskSpec revertSpec() {
    List<String> names = new ArrayList<>(revertRequires.isEmpty() ? requires : revertRequires);
    Map<String, String> rebound = revertRebind.isEmpty() ? rebind : revertRebind;
    for (String argument : rebound.keySet()) {
      if (!names.contains(argument)) {
        names.add(argument);
      }
    }
    return new TaskSpec(name, version, names, List.of(), rebound, inject);
  }

  /**
   * Starts a spec for a task with the given name.
   *
   * @param name the task's name, not blank
   * @return a builder
   */
  public static Builder builder(String name) {
    return new Builder(name);
  }

  /**
   * The name each required argument is read from: the argument itself, or its rebind source.
   *
   * @param argument an argument name
   * @return the symbol it is taken from
   */
  public String sourceOf(String argument) {
    return rebind.getOrDefault(argument, argument);
  }

  static String requireName(String value, String what) {
    Objects.requireNonNull(value, what + " must not be null");
    if (value.isBlank()) {
      throw new IllegalArgumentException(what + " must not be blank");
    }
    return value;
  }

  private static List<String> uniqueNames(List<String> names, String what, String task) {
    Objects.requireNonNull(names, what);
    Set<String> seen = new LinkedHashSet<>();
    for (String each : names) {
      requireName(each, "a name in " + what + " of task '" + task + "'");
      if (!seen.add(each)) {
        throw new IllegalArgumentException(
            "task '" + task + "' lists '" + each + "' twice in " + what);
      }
    }
    return List.copyOf(names);
  }

  /** Builds a {@link TaskSpec}; validation happens in {@link #build()}. Not thread-safe. */
  public static final class Builder {
    private final String name;
    private String version = DEFAULT_VERSION;
    private final List<String> requires = new ArrayList<>();
    private final List<String> provides = new ArrayList<>();
    private final Map<String, String> rebind = new LinkedHashMap<>();
    private final Map<String, Object> inject = new LinkedHashMap<>();
    private int priority;
    private final List<String> revertRequires = new ArrayList<>();
    private final Map<String, String> revertRebind = new LinkedHashMap<>();
    private final List<String> optional = new ArrayList<>();

    private Builder(String name) {
      this.name = name;
    }

    /**
     * Sets the version.
     *
     * @param version such as {@code 1.0}
     * @return this builder
     */
    public Builder version(String version) {
      this.version = version;
      return this;
    }

    /**
     * Adds required argument names.
     *
     * @param names argument names
     * @return this builder
     */
    public Builder requires(String... names) {
      requires.addAll(Arrays.asList(names));
      return this;
    }

    /**
     * Adds required argument names.
     *
     * @param names argument names
     * @return this builder
     */
    public Builder requires(List<String> names) {
      requires.addAll(names);
      return this;
    }

    /**
     * Adds names the result is stored under.
     *
     * @param names result names
     * @return this builder
     */
    public Builder provides(String... names) {
      provides.addAll(Arrays.asList(names));
      return this;
    }

    /**
     * Adds names the result is stored under.
     *
     * @param names result names
     * @return this builder
     */
    public Builder provides(List<String> names) {
      provides.addAll(names);
      return this;
    }

    /**
     * Takes an argument's value from another name.
     *
     * @param argument the argument name the task uses
     * @param source the name the value is read from
     * @return this builder
     */
    public Builder rebind(String argument, String source) {
      rebind.put(argument, source);
      return this;
    }

    /**
     * Gives an argument a fixed value, which wins over any other source. The name may also be the
     * one an argument is {@link #rebind rebound} to: as in the reference, the value then supplies
     * that argument.
     *
     * @param argument the argument name, or the name an argument is rebound to
     * @param value the value (a JSON-like value if the task runs remotely)
     * @return this builder
     */
    public Builder inject(String argument, Object value) {
      inject.put(argument, value);
      return this;
    }

    /**
     * Sets which of several atoms ready at once starts first: the highest (default 0).
     *
     * @param value from {@link TaskSpec#MIN_PRIORITY} to {@link TaskSpec#MAX_PRIORITY}
     * @return this builder
     */
    public Builder priority(int value) {
      this.priority = value;
      return this;
    }

    /**
     * Adds arguments the task takes only when a value is available: provided by an atom before it,
     * input, or injected (under their name, or the name they are {@link #rebind rebound} to).
     * When none is, the argument is left out and the task uses its own default, as a Python
     * parameter with a default value does ({@code ctx.arguments().find(name)}).
     *
     * @param names optional argument names
     * @return this builder
     */
    public Builder optional(String... names) {
      optional.addAll(Arrays.asList(names));
      return this;
    }

    /**
     * Gives the revert arguments of its own, instead of those the execute got: the revert is then
     * called with these (and what {@link #revertRebind} adds). Like the execute's, they must be
     * provided or input before the flow runs.
     *
     * @param names the revert's argument names
     * @return this builder
     */
    public Builder revertRequires(String... names) {
      revertRequires.addAll(Arrays.asList(names));
      return this;
    }

    /**
     * Takes a revert argument's value from another name; the revert then uses this rebinding
     * instead of the execute's.
     *
     * @param argument the argument name the revert uses
     * @param source the name the value is read from
     * @return this builder
     */
    public Builder revertRebind(String argument, String source) {
      revertRebind.put(argument, source);
      return this;
    }

    /**
     * Validates and builds the spec.
     *
     * @return the spec
     * @throws IllegalArgumentException when a name is blank or listed twice, or the priority is out
     *     of range
     */
    public TaskSpec build() {
      for (String argument : rebind.keySet()) {
        if (!requires.contains(argument) && !optional.contains(argument)) {
          requires.add(argument);
        }
      }
      return new TaskSpec(
          name, version, requires, provides, rebind, inject, priority, revertRequires, revertRebind, optional);
    }
  }
}
