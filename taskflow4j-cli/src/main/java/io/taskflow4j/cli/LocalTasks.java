package io.taskflow4j.cli;

import io.taskflow4j.cli.flowfile.ClassTaskFactory;
import io.taskflow4j.examples.ExampleTasks;

/**
 * The task factory for classes in this process: the example tasks by name, and any class.
 * Stateless.
 */
final class LocalTasks {

  private LocalTasks() {}

  static ClassTaskFactory factory(ClassLoader loader) {
    return new ClassTaskFactory(loader, ExampleTasks.byName());
  }
}
