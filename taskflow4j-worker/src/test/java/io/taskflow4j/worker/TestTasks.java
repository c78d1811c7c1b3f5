package io.taskflow4j.worker;

import io.taskflow4j.task.AbstractTask;
import io.taskflow4j.task.RevertContext;
import io.taskflow4j.task.TaskContext;
import io.taskflow4j.task.TaskSpec;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Task classes for worker tests. */
final class TestTasks {

  private TestTasks() {}

  /** Multiplies {@code height} and {@code width}; reports half-way progress; records reverts. */
  public static final class Resize extends AbstractTask {
    static final List<String> REVERTS = new CopyOnWriteArrayList<>();

    public Resize(String name) {
      super(TaskSpec.builder(name).requires("height", "width").provides("area").build());
    }

    @Override
    public Object execute(TaskContext context) {
      context.reportProgress(0.5);
      return context.argument("height", Long.class) * context.argument("width", Long.class);
    }

    @Override
    public void revert(RevertContext context) {
      REVERTS.add(name() + " " + context.arguments().asMap() + " " + context.outcome() + " "
          + context.flowFailures().keySet());
    }
  }

  /** Has only a constructor without arguments; returns its own name. */
  public static final class NoArg extends AbstractTask {
    public NoArg() {
      super(TaskSpec.builder("no-arg").build());
    }

    @Override
    public Object execute(TaskContext context) {
      return name();
    }
  }

  /** Cannot be created. */
  public static final class Unbuildable extends AbstractTask {
    public Unbuildable(String name) {
      super(TaskSpec.builder(name).build());
      throw new IllegalStateException("no resources for " + name);
    }

    @Override
    public Object execute(TaskContext context) {
      return null;
    }
  }

  /** Needs a constructor argument no worker can give. */
  public static final class NeedsConfig extends AbstractTask {
    public NeedsConfig(String name, int size) {
      super(TaskSpec.builder(name + size).build());
    }

    @Override
    public Object execute(TaskContext context) {
      return null;
    }
  }

  /** Abstract; cannot be served. */
  public abstract static class Abstract extends AbstractTask {
    Abstract(String name) {
      super(TaskSpec.builder(name).build());
    }
  }
}
