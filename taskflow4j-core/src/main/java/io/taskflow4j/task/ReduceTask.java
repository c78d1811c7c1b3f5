package io.taskflow4j.task;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.function.BinaryOperator;

/**
 * A task that combines its arguments, in the order they are required, with a two-argument
 * function, and returns the single result (the reference's {@code ReduceFunctorTask}): for
 * arguments {@code a, b, c} it returns {@code f(f(a, b), c)}.
 *
 * <pre>{@code
 * Task sum = ReduceTask.builder("sum", Integer.class, Integer::sum)
 *     .requires("a", "b", "c")
 *     .provides("sum")
 *     .build();
 * }</pre>
 *
 * <p>Thread-safety: the built task is immutable, and as safe as its function.
 */
public final class ReduceTask {

  private ReduceTask() {}

  /**
   * Starts a reduce task.
   *
   * @param name the task's name
   * @param type the type each argument is read as (numbers convert between boxed types)
   * @param function combines the result so far with the next argument
   * @param <T> the arguments' type
   * @return a builder
   */
  public static <T> Builder<T> builder(String name, Class<T> type, BinaryOperator<T> function) {
    return new Builder<>(name, type, function);
  }

  /**
   * Builds a reduce task; validation happens in {@link #build()}. Not thread-safe.
   *
   * @param <T> the arguments' type
   */
  public static final class Builder<T> {
    private final String name;
    private final Class<T> type;
    private final BinaryOperator<T> function;
    private final List<String> requires = new ArrayList<>();
    private final List<String> provides = new ArrayList<>();
    private String version = TaskSpec.DEFAULT_VERSION;

    private Builder(String name, Class<T> type, BinaryOperator<T> function) {
      this.name = name;
      this.type = type;
      this.function = function;
    }

    /**
     * Adds the names of the arguments to combine, in order.
     *
     * @param names argument names
     * @return this builder
     */
    public Builder<T> requires(String... names) {
      requires.addAll(Arrays.asList(names));
      return this;
    }

    /**
     * Adds the names of the arguments to combine, in order.
     *
     * @param names argument names
     * @return this builder
     */
    public Builder<T> requires(List<String> names) {
      requires.addAll(names);
      return this;
    }

    /**
     * Adds the name the result is stored under.
     *
     * @param names result names (usually one)
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
     * @throws IllegalArgumentException when it requires fewer than two arguments, or a name is
     *     blank or listed twice
     */
    public Task build() {
      TaskSpec.requireName(name, "reduce task name");
      Objects.requireNonNull(type, "reduce task '" + name + "' has no argument type");
      Objects.requireNonNull(function, "reduce task '" + name + "' has no function");
      if (requires.size() < 2) {
        throw new IllegalArgumentException(
            "reduce task '" + name + "' requires " + requires.size()
                + " argument(s); it needs at least two to combine");
      }
      List<String> arguments = Collections.unmodifiableList(new ArrayList<>(requires));
      Class<T> argumentType = type;
      BinaryOperator<T> combine = function;
      return Task.builder(name)
          .version(version)
          .requires(arguments.toArray(String[]::new))
          .provides(provides.toArray(String[]::new))
          .execute(ctx -> {
            T result = ctx.argument(arguments.get(0), argumentType);
            for (int i = 1; i < arguments.size(); i++) {
              result = combine.apply(result, ctx.argument(arguments.get(i), argumentType));
            }
            return result;
          })
          .build();
    }
  }
}
