package io.taskflow4j.store.jdbc.crash;

import io.taskflow4j.flow.Flow;
import io.taskflow4j.retry.Retry;
import io.taskflow4j.retry.RetryController;
import io.taskflow4j.retry.RetryDecision;
import io.taskflow4j.retry.RetryHistory;
import io.taskflow4j.state.FlowState;
import io.taskflow4j.task.Task;
import io.taskflow4j.task.TaskContext;
import java.util.Optional;
import java.util.Locale;

/**
 * The flows a {@link CrashChild} runs. Every task reports its execute and its revert to the {@link
 * Probe} before doing its work; results are strings built from the input {@code seed}, so a run
 * that resumes must end with the same results as one that did not crash.
 */
enum CrashShape {

  /** Five tasks in a chain, each needing the one before: ends SUCCESS. */
  LINEAR("linear", FlowState.SUCCESS, 5, 0) {
    @Override
    Flow flow(Probe probe) {
      Flow flow = Flow.linear("crash-linear");
      String previous = "seed";
      for (int i = 1; i <= 5; i++) {
        flow.add(append(probe, "l" + i, previous));
        previous = "l" + i;
      }
      return flow;
    }
  },

  /**
   * A task, four independent tasks needing it, and a last task needing all four that always fails:
   * everything reverts, the four in parallel; ends REVERTED.
   */
  UNORDERED("unordered", FlowState.REVERTED, 6, 6) {
    @Override
    Flow flow(Probe probe) {
      Flow fanOut = Flow.unordered("fan-out");
      for (int i = 1; i <= 4; i++) {
        fanOut.add(append(probe, "u" + i, "u0"));
      }
      Task boom = task(probe, "boom", context -> {
        throw new IllegalStateException("boom always fails");
      }).requires("u1", "u2", "u3", "u4").build();
      return Flow.linear("crash-unordered").add(append(probe, "u0", "seed"), fanOut, boom);
    }
  },

  /**
   * A task, a nested linear flow with a retry whose second task fails on the first attempt (so the
   * flow is reverted and run again), a nested unordered flow of two and a last task: ends SUCCESS.
   */
  NESTED_WITH_RETRY("nested-with-retry", FlowState.SUCCESS, 8, 2) {
    @Override
    Flow flow(Probe probe) {
      Flow attempts = Flow.linear("attempts")
          .retry(Retry.of(new AttemptNumbers()).named("attempts-retry").providing("attempt"))
          .add(
              append(probe, "n2", "n1"),
              task(probe, "flaky", context -> {
                int attempt = context.argument("attempt", Integer.class);
                if (attempt == 1) {
                  throw new IllegalStateException("flaky fails on attempt 1");
                }
                return context.argument("n2", String.class) + ".flaky@" + attempt;
              }).requires("n2", "attempt").provides("flaky").build());
      Flow finish = Flow.unordered("finish").add(append(probe, "n3", "flaky"), append(probe, "n4", "flaky"));
      Task last = task(probe, "n5", context -> context.argument("n3", String.class) + "+" + context.argument("n4", String.class))
          .requires("n3", "n4").provides("n5").build();
      return Flow.linear("crash-nested").add(append(probe, "n1", "seed"), attempts, finish, last);
    }
  };

  /** The value of the input {@code seed}. */
  static final String SEED = "seed";

  private final String spelling;
  private final FlowState end;
  private final int executes;
  private final int reverts;

  CrashShape(String spelling, FlowState end, int executes, int reverts) {
    this.spelling = spelling;
    this.end = end;
    this.executes = executes;
    this.reverts = reverts;
  }

  /** Builds the flow, its tasks reporting to the probe. */
  abstract Flow flow(Probe probe);

  /** The state a run of this shape ends in, crashed or not. */
  FlowState end() {
    return end;
  }

  /** Executes in a run without a crash. */
  int executes() {
    return executes;
  }

  /** Reverts in a run without a crash. */
  int reverts() {
    return reverts;
  }

  static CrashShape parse(String text) {
    for (CrashShape shape : values()) {
      if (shape.spelling.equals(text.toLowerCase(Locale.ROOT))) {
        return shape;
      }
    }
    throw new IllegalArgumentException("shape is linear, unordered or nested-with-retry, not " + text);
  }

  @Override
  public String toString() {
    return spelling;
  }

  /** Attempt numbers from 1 as the retry's value; retries up to three attempts in all. */
  private static final class AttemptNumbers implements RetryController {
    @Override
    public RetryDecision onFailure(RetryHistory history) {
      return history.failedAttempts() < 3 ? RetryDecision.RETRY : RetryDecision.REVERT;
    }

    @Override
    public Optional<Object> nextValue(RetryHistory history) {
      return Optional.of(history.failedAttempts() + 1);
    }
  }

  /** What a task does once it has reported its execute. */
  private interface Work {
    Object apply(TaskContext context) throws Exception;
  }

  /** A task providing its name, whose value is {@code <required>.<name>}. */
  private static Task append(Probe probe, String name, String required) {
    return task(probe, name, context -> context.argument(required, String.class) + "." + name)
        .requires(required).provides(name).build();
  }

  private static io.taskflow4j.task.LambdaTaskBuilder task(Probe probe, String name, Work work) {
    return Task.builder(name)
        .execute(context -> {
          int ordinal = probe.nextExecute();
          probe.at(KillPoint.Event.EXECUTE, false, ordinal);
          probe.record("execute " + name);
          Object result;
          Exception failure = null;
          try {
            result = work.apply(context);
          } catch (Exception e) {
            result = null;
            failure = e;
          }
          probe.at(KillPoint.Event.EXECUTE, true, ordinal);
          if (failure != null) {
            throw failure;
          }
          return result;
        })
        .revert(context -> {
          int ordinal = probe.nextRevert();
          probe.at(KillPoint.Event.REVERT, false, ordinal);
          probe.record("revert " + name);
          probe.at(KillPoint.Event.REVERT, true, ordinal);
        });
  }
}
