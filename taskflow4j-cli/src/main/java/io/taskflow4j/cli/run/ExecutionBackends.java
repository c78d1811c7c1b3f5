package io.taskflow4j.cli.run;

import io.taskflow4j.cli.UserInputException;
import io.taskflow4j.cli.flowfile.ClassTaskResolver;
import io.taskflow4j.cli.flowfile.TaskResolver;
import io.taskflow4j.engine.EngineBuilder;
import java.util.Objects;

/**
 * Opens the {@link ExecutionBackend} for a {@link RunTarget}: in this process, or on workers over
 * RabbitMQ. Stateless.
 */
public final class ExecutionBackends {

  private ExecutionBackends() {}

  /**
   * Opens a backend.
   *
   * @param target where to run
   * @param localTasks creates tasks from classes in this process; a remote run uses it to find
   *     the spec and remote name of the task classes it knows
   * @return the backend; close it when done. A remote backend connects only when prepared.
   * @throws UserInputException when the target's options cannot be used
   */
  public static ExecutionBackend open(RunTarget target, ClassTaskResolver localTasks) {
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(localTasks, "localTasks");
    if (target instanceof RunTarget.Workers workers) {
      return new RemoteBackend(workers, localTasks);
    }
    return new InProcessBackend(localTasks);
  }

  /** Runs tasks in this process on the engine's own pool. Immutable. */
  private record InProcessBackend(TaskResolver tasks) implements ExecutionBackend {

    @Override
    public void configure(EngineBuilder engine) {
      // The engine's defaults already run tasks in this process.
    }

    @Override
    public String description() {
      return "in this process";
    }

    @Override
    public void close() {}
  }
}
