package io.taskflow4j.cli.worker;

import io.taskflow4j.task.RevertContext;
import io.taskflow4j.task.ForwardingTask;
import io.taskflow4j.task.Task;
import io.taskflow4j.task.TaskContext;
import io.taskflow4j.task.TaskFactory;
import java.io.PrintWriter;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Objects;

/**
 * The worker command's record of what it runs: one line when a task's execute or revert starts and
 * one when it ends, with how long it took and, for a failure, why.
 *
 * <pre>
 * 12:00:01.123  nap (io.taskflow4j.examples.Sleep): execute started
 * 12:00:03.125  nap (io.taskflow4j.examples.Sleep): execute succeeded in 2.00s
 * </pre>
 *
 * <p>Thread-safety: thread-safe; lines from concurrent tasks do not interleave.
 */
public final class ActivityLog {

  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss.SSS");

  private final PrintWriter out;

  /**
   * Creates the log.
   *
   * @param out where the lines go
   */
  public ActivityLog(PrintWriter out) {
    this.out = Objects.requireNonNull(out, "out");
  }

  /**
   * Wraps a task class's factory so that the tasks it creates are recorded.
   *
   * @param taskClass the class served
   * @return a factory for the worker
   */
  public TaskFactory factory(TaskClass taskClass) {
    Objects.requireNonNull(taskClass, "taskClass");
    return name -> new Recorded(taskClass.create(name), name, taskClass.servedName());
  }

  /**
   * Writes one line, with the time.
   *
   * @param text the line
   */
  public void line(String text) {
    synchronized (out) {
      out.println(LocalTime.now().format(TIME) + "  " + text);
      out.flush();
    }
  }

  private static String seconds(long startNanos) {
    return String.format(Locale.ROOT, "%.2fs", (System.nanoTime() - startNanos) / 1e9);
  }

  /** A task whose calls are recorded. Thread-safety: as the wrapped task. */
  private final class Recorded extends ForwardingTask {
    private final String label;

    Recorded(Task delegate, String taskName, String servedName) {
      super(Objects.requireNonNull(delegate, "the task factory returned no task"));
      // The flow's name for the task: a class without a name constructor has a name of its own.
      this.label = taskName + " (" + servedName + ")";
    }

    @Override
    public Object execute(TaskContext context) throws Exception {
      return recorded("execute", () -> delegate().execute(context));
    }

    @Override
    public void revert(RevertContext context) throws Exception {
      recorded(
          "revert",
          () -> {
            delegate().revert(context);
            return null;
          });
    }

    private Object recorded(String action, java.util.concurrent.Callable<Object> call) throws Exception {
      long start = System.nanoTime();
      line(label + ": " + action + " started");
      try {
        Object result = call.call();
        line(label + ": " + action + " succeeded in " + seconds(start));
        return result;
      } catch (Exception | Error e) {
        line(label + ": " + action + " failed in " + seconds(start) + ": " + e);
        throw e;
      }
    }
  }
}
