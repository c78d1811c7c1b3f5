package io.taskflow4j.remote;

import io.taskflow4j.task.AbstractTask;
import io.taskflow4j.task.RevertContext;
import io.taskflow4j.task.Task;
import io.taskflow4j.task.TaskContext;
import io.taskflow4j.task.TaskSpec;
import io.taskflow4j.task.TaskFactory;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;

/**
 * Records what the workers' tasks did, as {@code execute <task>@<worker topic>} and {@code revert
 * <task>@<worker topic>}, and makes the worker-side tasks of the tests. Thread-safe.
 */
final class Journal {

  private final List<String> entries = new CopyOnWriteArrayList<>();
  /** Released at the end of a test so that hanging tasks end. */
  final CountDownLatch release = new CountDownLatch(1);

  List<String> entries() {
    return List.copyOf(entries);
  }

  List<String> reverts() {
    return entries.stream().filter(e -> e.startsWith("revert ")).toList();
  }

  boolean has(String entry) {
    return entries.contains(entry);
  }

  /** Adds {@code a} and {@code b}. */
  TaskFactory adder(String worker) {
    return name -> new Recorded(name, worker) {
      @Override
      Object run(TaskContext context) {
        return context.argument("a", Long.class) + context.argument("b", Long.class);
      }
    };
  }

  /** Adds {@code a} and {@code b} once {@code gate} opens. */
  TaskFactory gatedAdder(String worker, CountDownLatch gate) {
    return name -> new Recorded(name, worker) {
      @Override
      Object run(TaskContext context) throws InterruptedException {
        gate.await();
        return context.argument("a", Long.class) + context.argument("b", Long.class);
      }
    };
  }

  /** Fails with an IllegalStateException. */
  TaskFactory failing(String worker) {
    return name -> new Recorded(name, worker) {
      @Override
      Object run(TaskContext context) {
        throw new IllegalStateException(name + " broke");
      }
    };
  }

  /** Fails, and records the arguments its revert receives as {@code revert-arguments <task> <map>}. */
  TaskFactory failingShowingRevertArguments(String worker) {
    return name -> new Recorded(name, worker) {
      @Override
      Object run(TaskContext context) {
        throw new IllegalStateException(name + " broke");
      }

      @Override
      public void revert(RevertContext context) {
        entries.add("revert-arguments " + name() + " " + new java.util.TreeMap<>(context.arguments().asMap()));
        context.returnResult("undone " + context.arguments().get("ticket"));
      }
    };
  }

  /** Reports progress 0.25 and 0.75, then returns "done". */
  TaskFactory progressing(String worker) {
    return name -> new Recorded(name, worker) {
      @Override
      Object run(TaskContext context) {
        context.reportProgress(0.25);
        context.reportProgress(0.75);
        return "done";
      }
    };
  }

  /** Waits for the end of the test; stands for a task that runs too long or whose worker dies. */
  TaskFactory hanging(String worker) {
    return name -> new Recorded(name, worker) {
      @Override
      Object run(TaskContext context) throws InterruptedException {
        release.await();
        return "released";
      }
    };
  }

  /** A worker-side task that records its execute and revert. */
  private abstract class Recorded extends AbstractTask {
    private final String worker;

    Recorded(String name, String worker) {
      super(TaskSpec.builder(name).build());
      this.worker = worker;
    }

    abstract Object run(TaskContext context) throws Exception;

    @Override
    public Object execute(TaskContext context) throws Exception {
      entries.add("execute " + name() + "@" + worker);
      return run(context);
    }

    @Override
    public void revert(RevertContext context) {
      entries.add("revert " + name() + "@" + worker);
    }
  }

  /** The engine-side declaration of a task served as {@code remoteName}. */
  static Task remote(String remoteName, String name, List<String> requires, String... provides) {
    return Task.remote(remoteName, TaskSpec.builder(name).requires(requires).provides(provides).build());
  }
}
