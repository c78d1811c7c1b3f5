package io.taskflow4j.cli.run;

import io.taskflow4j.cli.flowfile.TaskFactory;
import io.taskflow4j.engine.EngineBuilder;

/**
 * What {@code taskflow run} needs from the place tasks execute: how to turn the flow file's tasks
 * into {@link io.taskflow4j.task.Task}s, and how to set up the engine. The in-process backend
 * instantiates task classes and leaves the engine's defaults; a backend for remote workers
 * declares tasks by name and gives the engine a remote task executor.
 *
 * <p>Thread-safety: used by one command on one thread; {@link #close()} releases what it opened
 * (connections, threads).
 */
public interface ExecutionBackend extends AutoCloseable {

  /**
   * Creates the flow file's tasks.
   *
   * @return the factory
   */
  TaskFactory taskFactory();

  /**
   * Sets up the engine, for example with a task executor.
   *
   * @param engine the engine being configured
   */
  void configure(EngineBuilder engine);

  /**
   * Says where tasks run, for logs.
   *
   * @return for example {@code in this process}
   */
  String description();

  /** Releases what the backend opened. */
  @Override
  void close();
}
