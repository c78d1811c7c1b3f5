package io.taskflow4j.cli.run;

import io.taskflow4j.cli.flowfile.LoadedFlow;
import io.taskflow4j.cli.flowfile.TaskResolver;
import io.taskflow4j.engine.EngineBuilder;

/**
 * What {@code taskflow run} needs from the place tasks execute: how to turn the flow file's tasks
 * into {@link io.taskflow4j.task.Task}s, and how to set up the engine. The in-process backend
 * instantiates task classes and leaves the engine's defaults; a backend for remote workers
 * declares tasks by name and gives the engine a remote task executor.
 *
 * <p>The order of calls: {@link #tasks()} while the flow file is read, {@link #configure}
 * while the engine is built, {@link #prepare} once the flow compiled, then the run, then {@link
 * #close()}.
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
  TaskResolver tasks();

  /**
   * Sets up the engine, for example with a task executor.
   *
   * @param engine the engine being configured
   */
  void configure(EngineBuilder engine);

  /**
   * Gets ready to run a flow that was read and compiled without problems: a backend for remote
   * workers connects to the broker and waits for its workers here, so that a bad flow file is
   * reported before anything is contacted. Called once, after {@link #configure} and before the
   * engine runs. By default nothing.
   *
   * @param flow the flow about to run
   * @throws io.taskflow4j.cli.UserInputException when the backend cannot run it (the broker or the
   *     workers cannot be reached, or no worker serves one of its tasks)
   * @throws InterruptedException when interrupted while waiting
   */
  default void prepare(LoadedFlow flow) throws InterruptedException {}

  /**
   * Gets ready to run many flows not known yet, for a process such as a conductor: a backend for
   * remote workers connects to the broker and waits for a worker on every topic here. Called once,
   * before the first engine is configured. By default nothing.
   *
   * @throws io.taskflow4j.cli.UserInputException when the broker or the workers cannot be reached
   * @throws InterruptedException when interrupted while waiting
   */
  default void connect() throws InterruptedException {}

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
