package io.taskflow4j.task;

import java.util.Objects;

/**
 * Base class for tasks written as classes.
 *
 * <pre>{@code
 * class ReserveRoom extends AbstractTask {
 *   ReserveRoom() {
 *     super(TaskSpec.builder("reserve-room").requires("guest").provides("room").build());
 *   }
 *   public Object execute(TaskContext ctx) { ... }
 *   public void revert(RevertContext ctx) { ... }
 * }
 * }</pre>
 *
 * <p>Thread-safety: as {@link Task}.
 */
public abstract class AbstractTask implements Task {

  private final TaskSpec spec;

  /**
   * Creates the task.
   *
   * @param spec its name, requires and provides
   */
  protected AbstractTask(TaskSpec spec) {
    this.spec = Objects.requireNonNull(spec, "spec");
  }

  @Override
  public final TaskSpec spec() {
    return spec;
  }

  @Override
  public String toString() {
    return getClass().getSimpleName() + "[" + spec.name() + "]";
  }
}
