package io.taskflow4j.task;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
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
  public static final class Builder<T> extends FunctorTaskBuilder<T, Builder<T>> {
    private final Function<? super T, ?> function;

    private Builder(String name, Class<T> type, Function<? super T, ?> function) {
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
     * @throws IllegalArgumentException when it requires nothing, a name is blank or listed twice,
     *     or it provides several names but not one per argument
     */
    public Task build() {
      requireParts("map task", function);
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
      return build(ctx -> {
        List<Object> results = new ArrayList<>(arguments.size());
        for (String argument : arguments) {
          results.add(applied.apply(ctx.argument(argument, argumentType)));
        }
        return results;
      });
    }
  }
}
