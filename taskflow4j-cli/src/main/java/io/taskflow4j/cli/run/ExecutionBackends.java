package io.taskflow4j.cli.run;

import io.taskflow4j.cli.UserInputException;
import io.taskflow4j.cli.flowfile.TaskFactory;
import io.taskflow4j.engine.EngineBuilder;
import java.util.Objects;

/**
 * Opens the {@link ExecutionBackend} for a {@link RunTarget}. Remote execution is not available
 * yet: asking for it is reported as bad input. Stateless.
 */
public final class ExecutionBackends {

  private ExecutionBackends() {}

  /**
   * Opens a backend.
   *
   * @param target where to run
   * @param localTasks creates tasks from classes in this process
   * @return the backend; close it when done
   * @throws UserInputException when the target cannot be used
   */
  public static ExecutionBackend open(RunTarget target, TaskFactory localTasks) {
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(localTasks, "localTasks");
    if (target instanceof RunTarget.Workers) {
      throw new UserInputException(
          "remote run not available yet: --url, --exchange and --topic are reserved for running"
              + " tasks on workers; run without them to execute the tasks in this process");
    }
    return new InProcessBackend(localTasks);
  }

  /** Runs tasks in this process on the engine's own pool. Immutable. */
  private record InProcessBackend(TaskFactory taskFactory) implements ExecutionBackend {

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
