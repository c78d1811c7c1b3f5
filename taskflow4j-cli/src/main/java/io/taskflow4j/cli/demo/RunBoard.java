package io.taskflow4j.cli.demo;

import io.taskflow4j.failure.Failure;
import io.taskflow4j.listener.AtomStateChange;
import io.taskflow4j.listener.FlowListener;
import io.taskflow4j.listener.FlowStateChange;
import io.taskflow4j.listener.TaskEvent;
import io.taskflow4j.listener.TimingListener;
import io.taskflow4j.state.AtomState;
import io.taskflow4j.state.FlowState;
import io.taskflow4j.task.Outcome;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * What a run has done so far, task by task, for the demo's displays and summary: each task's
 * state, how its last execute ended, attempts, progress, the worker that ran it (from the {@link
 * ServedBy} events the workers send) and how long its last execute took (from a {@link
 * TimingListener}). Each noteworthy change is also told, as one line of text, to a sink: state
 * changes, progress at every quarter, retries.
 *
 * <p>Thread-safety: thread-safe. The sink is called with the board's lock held, so lines arrive in
 * the order the changes happened; it must be quick and must not call back into the board.
 */
public final class RunBoard implements FlowListener {

  /** How far apart the progress lines are. */
  private static final int MILESTONE_PERCENT = 25;

  /**
   * One task's row.
   *
   * @param task the task's name
   * @param state its current state
   * @param executed how its last execute ended: SUCCESS or FAILURE; empty before one ended
   * @param attempts how many times its execute started
   * @param progress the progress last reported in this attempt, 0.0 to 1.0
   * @param worker the topic of the worker that last ran it, once known
   * @param failure the last failure of its execute or revert, as text
   * @param duration how long its last execute took, once it ended
   */
  public record Row(
      String task,
      AtomState state,
      Optional<AtomState> executed,
      int attempts,
      double progress,
      Optional<String> worker,
      Optional<String> failure,
      Optional<Duration> duration) {}

  /**
   * The board at one moment.
   *
   * @param flowName the outermost flow's name
   * @param flowState its state
   * @param rows the tasks, in flow order
   * @param lastLine the last line told to the sink; empty before any
   */
  public record Snapshot(String flowName, FlowState flowState, List<Row> rows, String lastLine) {}

  private static final class Progress {
    AtomState state = AtomState.PENDING;
    AtomState executed;
    int attempts;
    double progress;
    int milestone;
    String worker;
    String failure;
  }

  private final String flowName;
  private final Map<String, Progress> tasks = new LinkedHashMap<>();
  private final Map<String, Integer> retries = new HashMap<>();
  private final TimingListener timing = new TimingListener();
  private final Consumer<String> sink;
  private FlowState flowState = FlowState.PENDING;
  private String lastLine = "";

  /**
   * Creates the board.
   *
   * @param flowName the outermost flow's name
   * @param taskNames the tasks to show, in order; others are ignored
   * @param sink told one line per noteworthy change
   */
  public RunBoard(String flowName, List<String> taskNames, Consumer<String> sink) {
    this.flowName = Objects.requireNonNull(flowName, "flowName");
    for (String name : taskNames) {
      tasks.put(name, new Progress());
    }
    this.sink = Objects.requireNonNull(sink, "sink");
  }

  @Override
  public synchronized void onFlowStateChange(FlowStateChange change) {
    if (!change.flowName().equals(flowName)) {
      return;
    }
    flowState = change.to();
    tell("flow " + flowName + " " + change.to());
  }

  @Override
  public synchronized void onAtomStateChange(AtomStateChange change) {
    timing.onAtomStateChange(change);
    if (change.retry()) {
      onRetryChange(change);
      return;
    }
    Progress task = tasks.get(change.atomName());
    if (task == null) {
      return;
    }
    task.state = change.to();
    String name = change.atomName();
    switch (change.to()) {
      case RUNNING:
        task.attempts++;
        task.progress = 0;
        task.milestone = 0;
        tell(name + " RUNNING" + (task.attempts > 1 ? " (attempt " + task.attempts + ")" : ""));
        break;
      case SUCCESS:
        task.executed = AtomState.SUCCESS;
        task.progress = 1;
        tell(name + " SUCCESS" + on(task) + took(name));
        break;
      case FAILURE:
        task.executed = AtomState.FAILURE;
        task.failure = failureText(change.outcome());
        tell(name + " FAILURE" + on(task) + took(name) + ": " + task.failure);
        break;
      case REVERT_FAILURE:
        task.failure = failureText(change.outcome());
        tell(name + " REVERT_FAILURE" + on(task) + ": " + task.failure);
        break;
      case REVERTING:
      case REVERTED:
        tell(name + " " + change.to());
        break;
      default:
        // PENDING again after a revert, before a retry runs it anew: nothing to say.
        break;
    }
  }

  private void onRetryChange(AtomStateChange change) {
    String name = change.atomName();
    if (change.to() == AtomState.RETRYING) {
      int retried = retries.merge(name, 1, Integer::sum);
      tell(name + " RETRYING: its flow runs again, attempt " + (retried + 1));
    } else if (change.to() == AtomState.REVERTED || change.to() == AtomState.REVERT_FAILURE) {
      tell(name + " " + change.to() + ": no attempts left");
    }
  }

  @Override
  public synchronized void onTaskEvent(TaskEvent event) {
    Progress task = tasks.get(event.taskName());
    if (task == null) {
      return;
    }
    if (ServedBy.EVENT.equals(event.eventType())) {
      Object topic = event.details().get("topic");
      if (topic != null) {
        task.worker = topic.toString();
      }
      return;
    }
    Optional<Double> reported = event.progress();
    if (reported.isEmpty() || task.state != AtomState.RUNNING) {
      return;
    }
    task.progress = Math.max(task.progress, reported.get());
    int reached = (int) Math.floor(task.progress * 100 / MILESTONE_PERCENT) * MILESTONE_PERCENT;
    // 100% is said by SUCCESS.
    if (reached > task.milestone && reached < 100) {
      task.milestone = reached;
      tell(event.taskName() + " " + reached + "%");
    }
  }

  /**
   * The board now.
   *
   * @return a snapshot
   */
  public synchronized Snapshot snapshot() {
    List<Row> rows = new ArrayList<>();
    tasks.forEach(
        (name, task) ->
            rows.add(
                new Row(
                    name,
                    task.state,
                    Optional.ofNullable(task.executed),
                    task.attempts,
                    task.progress,
                    Optional.ofNullable(task.worker),
                    Optional.ofNullable(task.failure),
                    timing.duration(name))));
    return new Snapshot(flowName, flowState, List.copyOf(rows), lastLine);
  }

  private void tell(String line) {
    lastLine = line;
    sink.accept(line);
  }

  private static String on(Progress task) {
    return task.worker == null ? "" : " on " + task.worker;
  }

  private String took(String name) {
    return timing.duration(name).map(d -> " after " + seconds(d)).orElse("");
  }

  /**
   * A duration as seconds with two decimals, as the demo shows them.
   *
   * @param duration the duration
   * @return such as {@code 1.25s}
   */
  public static String seconds(Duration duration) {
    return String.format(java.util.Locale.ROOT, "%.2fs", duration.toNanos() / 1e9);
  }

  private static String failureText(Optional<Outcome> outcome) {
    if (outcome.isPresent() && outcome.get() instanceof Outcome.Failed failed) {
      Failure failure = failed.failure();
      String type = failure.typeName();
      String simple = type.substring(type.lastIndexOf('.') + 1);
      return failure.message().isEmpty() ? simple : simple + ": " + failure.message();
    }
    return "failed";
  }
}
