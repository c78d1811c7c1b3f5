package io.taskflow4j.cli.flowfile;

import io.taskflow4j.flow.Decider;
import io.taskflow4j.task.Task;

/**
 * Turns a task written in a flow file into a {@link Task}. {@link ClassTaskResolver} finds Java
 * classes and instantiates them with {@link io.taskflow4j.task.TaskFactory#forClass}, for running
 * in this process; a resolver for remote runs may instead declare tasks that only workers can run
 * ({@link Task#remote}).
 *
 * <p>Thread-safety: implementations are used by one thread at a time.
 */
@FunctionalInterface
public interface TaskResolver {

  /**
   * Creates the task.
   *
   * @param declaration the task as written; its name, requires, provides, rebind, inject and
   *     version must be honoured
   * @return the task, named {@code declaration.name()}
   * @throws TaskCreationException when the task cannot be created; the message says why, and the
   *     caller adds the location
   */
  Task create(TaskDeclaration declaration);

  /**
   * Creates the decider a graph flow's link names by class ({@code decider: com.acme.MyDecider}).
   * Deciders run in the process that runs the flow, even when workers run its tasks. By default
   * there are no decider classes to find.
   *
   * @param className the binary name of a class implementing {@link Decider}
   * @return a new instance of it
   * @throws TaskCreationException when there is no such class or it is not a usable decider; the
   *     message says why, and the caller adds the location
   */
  default Decider decider(String className) {
    throw new TaskCreationException(
        "decider class " + className + " cannot be used here: this flow file's tasks are not created from"
            + " Java classes, so no decider classes are loaded either");
  }
}
