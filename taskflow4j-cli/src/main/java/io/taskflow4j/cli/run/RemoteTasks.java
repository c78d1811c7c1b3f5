package io.taskflow4j.cli.run;

import io.taskflow4j.cli.flowfile.ClassTaskResolver;
import io.taskflow4j.cli.flowfile.SourceLocation;
import io.taskflow4j.cli.flowfile.Suggestions;
import io.taskflow4j.cli.flowfile.TaskCreationException;
import io.taskflow4j.cli.flowfile.TaskDeclaration;
import io.taskflow4j.cli.flowfile.TaskResolver;
import io.taskflow4j.cli.flowfile.TaskSpecs;
import io.taskflow4j.flow.Decider;
import io.taskflow4j.task.Task;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Turns a flow file's tasks into tasks that only workers run ({@link Task#remote}). A {@code task}
 * that names a class in this process (an example's short name such as {@code Add}, or a class on
 * the classpath) is instantiated once to read its spec and its {@link Task#remoteName()} (its class
 * name unless it says otherwise), and the flow file's fields apply on top as for local runs. Any
 * other {@code task} is taken as the name workers serve, such as a Python worker's {@code
 * pkg.mod.Resize}, with requires and provides from the file alone; such a task must list its
 * {@code requires} (an empty list for none), since nothing else can tell its arguments. Each task created is recorded,
 * with where it is written, so that names no worker serves can be reported at their place in the
 * file.
 *
 * <p>Thread-safety: not thread-safe; used while one flow file is read.
 */
public final class RemoteTasks implements TaskResolver {

  /**
   * A task of the flow as sent to workers.
   *
   * @param taskName its name in the flow
   * @param remoteName the name workers serve it under
   * @param location where its {@code task} field is written
   */
  public record Declared(String taskName, String remoteName, SourceLocation location) {

    /**
     * Checks the components.
     *
     * @param taskName its name in the flow
     * @param remoteName the name workers serve it under
     * @param location where its {@code task} field is written
     */
    public Declared {
      Objects.requireNonNull(taskName, "taskName");
      Objects.requireNonNull(remoteName, "remoteName");
      Objects.requireNonNull(location, "location");
    }
  }

  private final ClassTaskResolver local;
  private final List<Declared> declared = new ArrayList<>();

  /**
   * Creates the factory.
   *
   * @param local finds task classes in this process
   */
  public RemoteTasks(ClassTaskResolver local) {
    this.local = Objects.requireNonNull(local, "local");
  }

  @Override
  public Task create(TaskDeclaration declaration) {
    Task task;
    if (local.knows(declaration.task())) {
      Task instance = local.create(declaration);
      task = Task.remote(instance.remoteName(), instance.spec());
    } else if (declaration.requires().isEmpty()) {
      // Without a class to ask and without a list in the file, the arguments to send are unknown;
      // the worker would fail the task at run time, after the flow had started.
      throw new TaskCreationException(
          "task '" + declaration.task() + "' is not a class on this classpath"
              + Suggestions.didYouMean(declaration.task(), local.registered().keySet())
              + ", so its arguments cannot be known before the run: give --classpath with the jar or"
              + " folder of its class, or list its arguments under 'requires' (requires: [] for none)");
    } else {
      task = Task.remote(declaration.task(), TaskSpecs.of(declaration));
    }
    declared.add(new Declared(declaration.name(), task.remoteName(), declaration.taskLocation()));
    return task;
  }

  /** Decider classes are found in this process, where the flow runs: as for local runs. */
  @Override
  public Decider decider(String className) {
    return local.decider(className);
  }

  /**
   * The tasks created so far, in the order they are written.
   *
   * @return a copy
   */
  public List<Declared> declared() {
    return List.copyOf(declared);
  }
}
