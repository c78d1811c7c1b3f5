package com.example.guide;

import io.taskflow4j.task.Task;
import io.taskflow4j.task.TaskSpec;

/** A task served by a Python TaskFlow worker ("A taskflow4j engine drives Python workers"). */
public final class PythonTasks {

  private PythonTasks() {}

  /**
   * The Python worker's {@code pytasks.Add}, declared by name with its arguments.
   *
   * @return the task
   */
  public static Task add() {
    Task add = Task.remote("pytasks.Add", TaskSpec.builder("add").requires("a", "b").provides("total").build());
    return add;
  }
}
