package io.taskflow4j.flow;

import io.taskflow4j.flow.internal.GatherTask;
import io.taskflow4j.flow.internal.ItemTask;
import io.taskflow4j.task.RevertContext;
import io.taskflow4j.task.Task;
import io.taskflow4j.task.TaskContext;
import io.taskflow4j.task.TaskFactory;
import io.taskflow4j.task.TaskSpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One task per item of a collection, run in any order (in parallel when the engine has threads),
 * their results gathered into one list in the collection's order: the Java counterpart of the
 * reference's map functor task, as light as writing the unordered flow by hand.
 *
 * <pre>{@code
 * Flow thumbnails = FanOut.over("resize", List.of("a.png", "b.png"))
 *     .execute((image, ctx) -> resize(image))
 *     .revert((image, ctx) -> delete(ctx.outcome()))
 *     .provides("thumbnails")
 *     .build();
 * }</pre>
 *
 * <p>A fan-out named {@code resize} over {@code n} items builds a linear flow {@code resize}
 * holding an unordered flow {@code resize-items} of the tasks {@code resize-0} to {@code
 * resize-<n-1>} (each providing its result under its own name), then the task {@code
 * resize-gather}, which provides the list. Each item task is an ordinary atom: it is recorded,
 * resumed and reverted on its own. The collection is fixed when the flow is built; a resumed run
 * must be given the same one.
 *
 * <p>Remote engines send every task to workers by its {@link Task#remoteName()}: build the item
 * tasks with {@link Builder#tasks} (for example {@link Task#remote}) and have a worker serve the
 * gather task under {@link #GATHER_REMOTE_NAME} with {@link #gatherTasks()}. Items given with
 * {@link Builder#execute} are local lambdas, which no worker serves.
 *
 * <p>Thread-safety: stateless; a {@link Builder} is not thread-safe.
 */
public final class FanOut {

  /** The name workers serve the gather task under ({@code task_cls} on the wire). */
  public static final String GATHER_REMOTE_NAME = GatherTask.REMOTE_NAME;

  /** The argument an item is injected as into tasks made by {@link Builder#tasks}, by default. */
  public static final String DEFAULT_ARGUMENT = "item";

  private FanOut() {}

  /**
   * Starts a fan-out over a collection, which is copied when the flow is built.
   *
   * @param name the fan-out's name: the linear flow's, and the prefix of its atoms' names
   * @param items the items, in the order their results are gathered; none may be {@code null}
   * @param <T> the items' type
   * @return a builder
   */
  public static <T> Builder<T> over(String name, Collection<? extends T> items) {
    return new Builder<>(name, items);
  }

  /**
   * The name of the task (and of the result) of one item.
   *
   * @param fanOut the fan-out's name
   * @param index the item's position in the collection, from 0
   * @return {@code <fanOut>-<index>}
   */
  public static String itemName(String fanOut, int index) {
    return fanOut + "-" + index;
  }

  /**
   * The name of the unordered flow holding the item tasks.
   *
   * @param fanOut the fan-out's name
   * @return {@code <fanOut>-items}
   */
  public static String itemsFlowName(String fanOut) {
    return fanOut + "-items";
  }

  /**
   * The name of the task that gathers the items' results into the provided list.
   *
   * @param fanOut the fan-out's name
   * @return {@code <fanOut>-gather}
   */
  public static String gatherName(String fanOut) {
    return fanOut + "-gather";
  }

  /**
   * Creates gather tasks for a worker: {@code Worker.builder().serve(FanOut.GATHER_REMOTE_NAME,
   * FanOut.gatherTasks())}. The task returns its arguments {@code 0..n-1} as a list.
   *
   * @return a factory of gather tasks
   */
  public static TaskFactory gatherTasks() {
    return GatherTask::new;
  }

  /**
   * What is done with one item. Thread-safety: called from any of the engine's threads, for
   * several items at once on the parallel engine, so it must be safe for that.
   *
   * @param <T> the item's type
   */
  @FunctionalInterface
  public interface ItemExecute<T> {
    /**
     * Does the work for one item.
     *
     * @param item the item itself
     * @param context the item task's context: its other arguments, progress reporting
     * @return the item's result (JSON-like to be recorded in a store)
     * @throws Exception when the work fails; the flow then reverts
     */
    Object apply(T item, TaskContext context) throws Exception;
  }

  /**
   * How the work for one item is undone. Thread-safety: as {@link ItemExecute}.
   *
   * @param <T> the item's type
   */
  @FunctionalInterface
  public interface ItemRevert<T> {
    /**
     * Undoes the work for one item.
     *
     * @param item the item itself
     * @param context the revert context, with the outcome of the item's execute
     * @throws Exception when the revert fails
     */
    void apply(T item, RevertContext context) throws Exception;
  }

  /**
   * Makes the task of one item, such as an {@link io.taskflow4j.task.AbstractTask} subclass or a
   * {@link Task#remote} task, from the spec the fan-out gives it. Thread-safety: called only by
   * {@link Builder#build()}, on its thread, once per item in order.
   *
   * @param <T> the item's type
   */
  @FunctionalInterface
  public interface ItemTasks<T> {
    /**
     * Makes one item's task.
     *
     * @param spec the spec the task must have: the item's name, the shared requires plus the item
     *     argument, the item injected as that argument, and the item's name as what it provides
     * @param item the item
     * @return the task, whose spec is {@code spec}
     */
    Task create(TaskSpec spec, T item);
  }

  /**
   * Builds a fan-out; validation happens in {@link #build()}. Not thread-safe.
   *
   * @param <T> the items' type
   */
  public static final class Builder<T> {
    private final String name;
    private final Collection<? extends T> items;
    private final List<String> requires = new ArrayList<>();
    private String argument = DEFAULT_ARGUMENT;
    private String provides;
    private ItemExecute<T> execute;
    private ItemRevert<T> revert;
    private ItemTasks<T> tasks;

    private Builder(String name, Collection<? extends T> items) {
      this.name = name;
      this.items = items;
    }

    /**
     * Sets the name of the list the items' results are gathered into (required).
     *
     * @param list the symbol the list is stored under
     * @return this builder
     */
    public Builder<T> provides(String list) {
      this.provides = list;
      return this;
    }

    /**
     * Adds argument names every item task requires besides its item, such as a shared setting.
     *
     * @param names argument names
     * @return this builder
     */
    public Builder<T> requires(String... names) {
      requires.addAll(Arrays.asList(names));
      return this;
    }

    /**
     * Sets the argument the item is injected as into tasks made by {@link #tasks} (default
     * {@value FanOut#DEFAULT_ARGUMENT}).
     *
     * @param name the argument name
     * @return this builder
     */
    public Builder<T> argument(String name) {
      this.argument = name;
      return this;
    }

    /**
     * Sets what each item task does, as a local lambda given the item itself.
     *
     * @param work the work for one item
     * @return this builder
     */
    public Builder<T> execute(ItemExecute<T> work) {
      this.execute = work;
      return this;
    }

    /**
     * Sets how each item task is undone (default: nothing); only with {@link #execute}.
     *
     * @param undo the undo for one item
     * @return this builder
     */
    public Builder<T> revert(ItemRevert<T> undo) {
      this.revert = undo;
      return this;
    }

    /**
     * Makes each item's task with a factory instead of {@link #execute}, for task classes and
     * remote tasks.
     *
     * @param factory makes one item's task from its spec and item
     * @return this builder
     */
    public Builder<T> tasks(ItemTasks<T> factory) {
      this.tasks = factory;
      return this;
    }

    /**
     * Validates and builds the fan-out's flow.
     *
     * @return a linear flow named as the fan-out: the unordered flow of item tasks, then the
     *     gather task
     * @throws IllegalArgumentException when the name or a symbol is blank, there are no items, an
     *     item is null, a name is listed twice, or a made task does not keep the name and
     *     provides of the spec it was given
     * @throws IllegalStateException when no list name or not exactly one of execute and tasks was
     *     given, or revert was given with tasks
     * @throws NullPointerException when the name or the collection is null
     */
    public LinearFlow build() {
      Objects.requireNonNull(name, "fan-out name must not be null");
      if (name.isBlank()) {
        throw new IllegalArgumentException("fan-out name must not be blank");
      }
      String where = "fan-out '" + name + "'";
      Objects.requireNonNull(items, where + " has a null collection of items");
      if (items.isEmpty()) {
        throw new IllegalArgumentException(
            where + " has no items: a fan-out needs at least one item to make a task of");
      }
      if (execute == null && tasks == null) {
        throw new IllegalStateException(
            where + " has no function: give execute(...) for a lambda or tasks(...) for a task per item");
      }
      if (execute != null && tasks != null) {
        throw new IllegalStateException(where + " has both execute(...) and tasks(...); give one");
      }
      if (revert != null && tasks != null) {
        throw new IllegalStateException(
            where + " has revert(...) with tasks(...): the tasks made per item revert themselves");
      }
      if (provides == null) {
        throw new IllegalStateException(
            where + " provides nothing: name the list its results are gathered into with provides(...)");
      }
      checkName(provides, where, "the provided list");
      for (String required : requires) {
        checkName(required, where, "a required name");
      }
      if (tasks != null) {
        checkName(argument, where, "the item argument");
      }
      checkNoDuplicates(where);
      List<String> shared = List.copyOf(requires);
      Object[] all = items.toArray();
      Task[] itemTasks = new Task[all.length];
      List<String> gatherArguments = new ArrayList<>(all.length);
      Map<String, String> rebind = new HashMap<>(Math.max(16, all.length * 4 / 3 + 1));
      for (int i = 0; i < all.length; i++) {
        if (all[i] == null) {
          throw new IllegalArgumentException(where + " has a null item at index " + i);
        }
        String itemName = itemName(name, i);
        itemTasks[i] = itemTask(shared, itemName, all[i], i, where);
        String index = Integer.toString(i);
        gatherArguments.add(index);
        rebind.put(index, itemName);
      }
      // The spec is made directly: its builder looks each rebound argument up in a list, which
      // costs n * n for n items.
      TaskSpec gather = new TaskSpec(
          gatherName(name), TaskSpec.DEFAULT_VERSION, gatherArguments, List.of(provides), rebind, Map.of());
      LinearFlow flow = Flow.linear(name);
      flow.add(Flow.unordered(itemsFlowName(name)).add(itemTasks), new GatherTask(gather));
      return flow;
    }

    // The collection holds Ts (or subtypes); its array copy loses that, so the casts are safe.
    @SuppressWarnings("unchecked")
    private Task itemTask(List<String> shared, String itemName, Object item, int index, String where) {
      T typed = (T) item;
      if (execute != null) {
        TaskSpec spec =
            new TaskSpec(itemName, TaskSpec.DEFAULT_VERSION, shared, List.of(itemName), Map.of(), Map.of());
        return new ItemTask<>(spec, typed, execute, revert == null ? (it, ctx) -> {} : revert);
      }
      TaskSpec spec =
          TaskSpec.builder(itemName).requires(shared).requires(argument).provides(itemName)
              .inject(argument, item).build();
      Task made = tasks.create(spec, typed);
      if (made == null) {
        throw new IllegalArgumentException(where + ": the task factory returned null for item " + index);
      }
      if (!made.name().equals(itemName) || !made.spec().provides().equals(spec.provides())) {
        throw new IllegalArgumentException(
            where + ": the task made for item " + index + " is named '" + made.name() + "' and provides "
                + made.spec().provides() + "; it must keep the spec it was given: named '" + itemName
                + "', providing [" + itemName + "]");
      }
      return made;
    }

    private void checkNoDuplicates(String where) {
      List<String> seen = new ArrayList<>(requires);
      if (tasks != null) {
        seen.add(argument);
      }
      for (int i = 0; i < seen.size(); i++) {
        if (seen.subList(0, i).contains(seen.get(i))) {
          throw new IllegalArgumentException(
              where + " names '" + seen.get(i) + "' twice among the item tasks' arguments");
        }
      }
      if (seen.contains(provides)) {
        throw new IllegalArgumentException(
            where + " provides '" + provides + "', which its item tasks also require");
      }
    }

    private static void checkName(String value, String where, String what) {
      Objects.requireNonNull(value, where + ": " + what + " must not be null");
      if (value.isBlank()) {
        throw new IllegalArgumentException(where + ": " + what + " must not be blank");
      }
    }
  }
}
