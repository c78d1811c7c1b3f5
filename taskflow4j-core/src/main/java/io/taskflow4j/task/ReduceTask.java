package io.taskflow4j.task;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
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
  public static final class Builder<T> extends FunctorTaskBuilder<T, Builder<T>> {
    private final BinaryOperator<T> function;

    private Builder(String name, Class<T> type, BinaryOperator<T> function) {
      super(name, type);
      this.function = function;
    }

    @Override
    Builder<T> self() {
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
      requireParts("reduce task", function);
      if (requires.size() < 2) {
        throw new IllegalArgumentException(
            "reduce task '" + name + "' requires " + requires.size()
                + " argument(s); it needs at least two to combine");
      }
      List<String> arguments = Collections.unmodifiableList(new ArrayList<>(requires));
      Class<T> argumentType = type;
      BinaryOperator<T> combine = function;
      return build(ctx -> {
        T result = ctx.argument(arguments.get(0), argumentType);
        for (int i = 1; i < arguments.size(); i++) {
          result = combine.apply(result, ctx.argument(arguments.get(i), argumentType));
        }
        return result;
      });
    }
  }
}
