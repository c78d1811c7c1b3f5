package io.taskflow4j.cli;

import io.taskflow4j.cli.flowfile.ClassTaskResolver;
import io.taskflow4j.examples.ExampleTasks;

/**
 * The task resolver for classes in this process: the example tasks by name, and any class.
 * Stateless.
 */
final class LocalTasks {

  private LocalTasks() {}

  static ClassTaskResolver factory(ClassLoader loader) {
    return new ClassTaskResolver(loader, ExampleTasks.byName());
  }
}
