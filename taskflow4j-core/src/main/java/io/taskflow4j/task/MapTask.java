package io.taskflow4j.task;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * A task that applies one function to each of its arguments, in the order they are required, and
 * returns the list of what it returned (the reference's {@code MapFunctorTask}).
 *
 * <pre>{@code
 * Task doubled = MapTask.builder("double", Integer.class, x -> x * 2)
 *     .requires("a", "b", "c")
 *     .provides("double_a", "double_b", "double_c")   // or one name for the whole list
 *     .build();
 * }</pre>
 *
 * <p>With one provided name the whole list is stored under it; with several, element {@code i}
 * is stored under the {@code i}-th name, so there must be as many names as arguments.
 *
 * <p>Thread-safety: the built task is immutable, and as safe as its function.
 */
public final class MapTask {

  private MapTask() {}

  /**
   * Starts a map task.
   *
   * @param name the task's name
   * @param type the type each argument is read as (numbers convert between boxed types)
   * @param function applied to each argument; its results must be JSON-like to be recorded or
   *     sent to a worker
   * @param <T> the arguments' type
   * @return a builder
   */
  public static <T> Builder<T> builder(String name, Class<T> type, Function<? super T, ?> function) {
    return new Builder<>(name, type, function);
  }

  /**
   * Builds a map task; validation happens in {@link #build()}. Not thread-safe.
   *
   * @param <T> the arguments' type
   */
  public static final class Builder<T> {
    private final String name;
    private final Class<T> type;
    private final Function<? super T, ?> function;
    private final List<String> requires = new ArrayList<>();
    private final List<String> provides = new ArrayList<>();
    private String version = TaskSpec.DEFAULT_VERSION;

    private Builder(String name, Class<T> type, Function<? super T, ?> function) {
      this.name = name;
      this.type = type;
      this.function = function;
    }

    /**
     * Adds the names of the arguments the function is applied to, in order.
     *
     * @param names argument names
     * @return this builder
     */
    public Builder<T> requires(String... names) {
      requires.addAll(Arrays.asList(names));
      return this;
    }

    /**
     * Adds the names of the arguments the function is applied to, in order.
     *
     * @param names argument names
     * @return this builder
     */
    public Builder<T> requires(List<String> names) {
      requires.addAll(names);
      return this;
    }

    /**
     * Adds the names the result list is stored under: one for the whole list, or one per argument.
     *
     * @param names result names
     * @return this builder
     */
    public Builder<T> provides(String... names) {
      provides.addAll(Arrays.asList(names));
      return this;
    }

    /**
     * Sets the version.
     *
     * @param version such as {@code 1.0}
     * @return this builder
     */
    public Builder<T> version(String version) {
      this.version = version;
      return this;
    }

    /**
     * Validates and builds the task.
     *
     * @return the task, whose remote name is its name
     * @throws NullPointerException when the name, type or function is null
     * @throws IllegalArgumentException when it requires nothing, a name is blank or listed twice,
     *     or it provides several names but not one per argument
     */
    public Task build() {
      TaskSpec.requireName(name, "map task name");
      Objects.requireNonNull(type, "map task '" + name + "' has no argument type");
      Objects.requireNonNull(function, "map task '" + name + "' has no function");
      if (requires.isEmpty()) {
        throw new IllegalArgumentException(
            "map task '" + name + "' requires no arguments; name at least one to apply its function to");
      }
      if (provides.size() > 1 && provides.size() != requires.size()) {
        throw new IllegalArgumentException(
            "map task '" + name + "' provides " + provides.size() + " names for " + requires.size()
                + " arguments; give one name for the whole list or one per argument");
      }
      List<String> arguments = Collections.unmodifiableList(new ArrayList<>(requires));
      Class<T> argumentType = type;
      Function<? super T, ?> applied = function;
      return Task.builder(name)
          .version(version)
          .requires(arguments.toArray(String[]::new))
          .provides(provides.toArray(String[]::new))
          .execute(ctx -> {
            List<Object> results = new ArrayList<>(arguments.size());
            for (String argument : arguments) {
              results.add(applied.apply(ctx.argument(argument, argumentType)));
            }
            return results;
          })
          .build();
    }
  }
}
