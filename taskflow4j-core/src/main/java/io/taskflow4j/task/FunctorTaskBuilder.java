package io.taskflow4j.task;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * What {@link MapTask.Builder} and {@link ReduceTask.Builder} share: a name, the type arguments are
 * read as, the argument and result names and the version. Not thread-safe.
 *
 * @param <T> the arguments' type
 * @param <B> the concrete builder
 */
abstract class FunctorTaskBuilder<T, B extends FunctorTaskBuilder<T, B>> {
  final String name;
  final Class<T> type;
  final List<String> requires = new ArrayList<>();
  final List<String> provides = new ArrayList<>();
  String version = TaskSpec.DEFAULT_VERSION;

  FunctorTaskBuilder(String name, Class<T> type) {
    this.name = name;
    this.type = type;
  }

  abstract B self();

  /**
   * Adds the names of the arguments, in the order the function takes them.
   *
   * @param names argument names
   * @return this builder
   */
  public B requires(String... names) {
    requires.addAll(Arrays.asList(names));
    return self();
  }

  /**
   * Adds the names of the arguments, in the order the function takes them.
   *
   * @param names argument names
   * @return this builder
   */
  public B requires(List<String> names) {
    requires.addAll(names);
    return self();
  }

  /**
   * Adds names the result is stored under.
   *
   * @param names result names
   * @return this builder
   */
  public B provides(String... names) {
    provides.addAll(Arrays.asList(names));
    return self();
  }

  /**
   * Sets the version.
   *
   * @param version such as {@code 1.0}
   * @return this builder
   */
  public B version(String version) {
    this.version = version;
    return self();
  }

  /**
   * Checks what every functor task needs, naming the task as {@code kind} (such as "map task").
   *
   * @param kind the kind of task, for the messages
   * @param function the function, which must not be null
   */
  void requireParts(String kind, Object function) {
    TaskSpec.requireName(name, kind + " name");
    Objects.requireNonNull(type, kind + " '" + name + "' has no argument type");
    Objects.requireNonNull(function, kind + " '" + name + "' has no function");
  }

  /**
   * A lambda task with this builder's name, version, arguments and result names.
   *
   * @param execute what it does
   * @return the task
   */
  Task build(Task.Execute execute) {
    return Task.builder(name)
        .version(version)
        .requires(requires.toArray(String[]::new))
        .provides(provides.toArray(String[]::new))
        .execute(execute)
        .build();
  }
}
