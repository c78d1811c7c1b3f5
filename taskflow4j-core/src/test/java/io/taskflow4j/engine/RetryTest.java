package io.taskflow4j.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.taskflow4j.flow.Flow;
import io.taskflow4j.retry.Backoff;
import io.taskflow4j.retry.Retry;
import io.taskflow4j.retry.RetryDecision;
import io.taskflow4j.spi.DelayScheduler;
import io.taskflow4j.state.AtomState;
import io.taskflow4j.state.FlowState;
import io.taskflow4j.task.Task;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class RetryTest {

  private final Recorder rec = new Recorder();

  /** Fails until it has been called {@code failures} times, then succeeds. */
  private Task flaky(String name, int failures) {
    AtomicInteger calls = new AtomicInteger();
    return Task.builder(name).provides(name)
        .execute(ctx -> {
          rec.log.add("execute " + name);
          if (calls.incrementAndGet() <= failures) {
            throw new IllegalStateException(name + " attempt " + calls.get());
          }
          return calls.get();
        })
        .revert(ctx -> rec.log.add("revert " + name))
        .build();
  }

  @Test
  void timesRetriesUntilSuccess() {
    Flow flow = Flow.linear("f").add(rec.task("before"),
        Flow.linear("retried").retry(Retry.times(3)).add(rec.task("inside"), flaky("flaky", 2)));
    Engine engine = Engine.builder(flow).serial().listener(rec).build();

    assertThat(engine.run()).isEqualTo(FlowState.SUCCESS);

    assertThat(engine.result("flaky")).contains(3);
    assertThat(rec.executed()).containsExactly("before", "inside", "flaky", "inside", "flaky", "inside", "flaky");
    assertThat(rec.reverted()).containsExactly("flaky", "inside", "flaky", "inside");
    assertThat(rec.statesOf("retried-retry")).containsSubsequence(
        AtomState.RUNNING, AtomState.SUCCESS, AtomState.RETRYING, AtomState.RUNNING, AtomState.SUCCESS);
  }

  @Test
  void timesRevertsTheFlowWhenAttemptsAreExhausted() {
    Flow flow = Flow.linear("f").add(rec.task("before"),
        Flow.linear("retried").retry(Retry.times(2)).add(flaky("flaky", 5)));

    FlowFailedException failed = catchThrowableOfType(FlowFailedException.class, Engine.builder(flow).serial().build()::run);

    assertThat(rec.executed()).containsExactly("before", "flaky", "flaky");
    assertThat(rec.reverted()).containsExactly("flaky", "flaky", "before");
    assertThat(failed.failures().get("flaky").message()).isEqualTo("flaky attempt 2");
  }

  @Test
  void revertDecisionLetsTheEnclosingRetryDecide() {
    AtomicInteger outerAttempts = new AtomicInteger();
    Task counter = Task.builder("counter").execute(ctx -> outerAttempts.incrementAndGet()).build();
    Flow inner = Flow.linear("inner").retry(Retry.alwaysRevert()).add(flaky("flaky", 1));
    Flow outer = Flow.linear("outer").retry(Retry.times(2)).add(counter, inner);

    Engine engine = Engine.builder(Flow.linear("root").add(outer)).serial().build();

    assertThat(engine.run()).isEqualTo(FlowState.SUCCESS);
    assertThat(outerAttempts).hasValue(2);
  }

  @Test
  void revertAllIgnoresEnclosingRetries() {
    Flow inner = Flow.linear("inner").retry(Retry.alwaysRevertAll()).add(flaky("flaky", 1));
    Flow outer = Flow.linear("outer").retry(Retry.times(5)).add(rec.task("first"), inner);

    catchThrowableOfType(FlowFailedException.class, Engine.builder(outer).serial().build()::run);

    assertThat(rec.executed()).containsExactly("first", "flaky");
    assertThat(rec.reverted()).containsExactly("flaky", "first");
  }

  @Test
  void forEachProvidesTheNextValueOnEachAttempt() {
    List<Object> tried = Collections.synchronizedList(new ArrayList<>());
    Task connect = Task.builder("connect").requires("host").provides("connected")
        .execute(ctx -> {
          String host = ctx.argument("host", String.class);
          tried.add(host);
          if (!host.equals("c")) {
            throw new IllegalStateException("down: " + host);
          }
          return host;
        }).build();
    Flow flow = Flow.linear("f").retry(Retry.forEach(List.of("a", "b", "c", "d"), "host")).add(connect);
    Engine engine = Engine.builder(flow).serial().build();
    engine.run();

    assertThat(tried).containsExactly("a", "b", "c");
    assertThat(engine.result("connected")).contains("c");
  }

  @Test
  void forEachRevertsWhenValuesAreExhausted() {
    Task never = Task.builder("never").requires("v").execute(ctx -> { throw new IllegalStateException("no " + ctx.argument("v", String.class)); }).build();
    Flow flow = Flow.linear("f").retry(Retry.forEach(List.of("x", "y"), "v")).add(never);

    FlowFailedException failed = catchThrowableOfType(FlowFailedException.class, Engine.builder(flow).serial().build()::run);

    assertThat(failed.failures().get("never").message()).isEqualTo("no y");
  }

  @Test
  void parameterizedForEachReadsValuesFromAnInput() {
    List<Object> tried = Collections.synchronizedList(new ArrayList<>());
    Task pick = Task.builder("pick").requires("port").execute(ctx -> {
      int port = ctx.argument("port", Integer.class);
      tried.add(port);
      if (port < 8082) {
        throw new IllegalStateException("taken " + port);
      }
      return port;
    }).build();
    Flow flow = Flow.linear("f").retry(Retry.parameterizedForEach("ports", "port")).add(pick);
    Engine.builder(flow).input("ports", List.of(8080, 8081, 8082)).serial().build().run();

    assertThat(tried).containsExactly(8080, 8081, 8082);
  }

  @Test
  void customControllerSeesEveryFailedAttempt() {
    List<Integer> seen = Collections.synchronizedList(new ArrayList<>());
    Retry retry = Retry.of(history -> {
      seen.add(history.failedAttempts());
      assertThat(history.attempts().get(history.failedAttempts() - 1)).containsKey("flaky");
      return history.failedAttempts() < 3 ? RetryDecision.RETRY : RetryDecision.REVERT;
    });
    Flow flow = Flow.linear("f").retry(retry).add(flaky("flaky", 2));

    Engine.builder(flow).serial().build().run();

    assertThat(seen).containsExactly(1, 2);
  }

  @Test
  void backoffDelaysGrowBetweenAttempts() {
    List<Duration> delays = Collections.synchronizedList(new ArrayList<>());
    DelayScheduler fakeTime = (delay, action) -> {
      delays.add(delay);
      action.run();
    };
    Retry retry = Retry.times(4).withBackoff(Backoff.exponential(Duration.ofMillis(100), 2.0, Duration.ofMillis(300)));
    Flow flow = Flow.linear("f").retry(retry).add(flaky("flaky", 3));

    Engine.builder(flow).serial().scheduler(fakeTime).build().run();

    assertThat(delays).containsExactly(Duration.ofMillis(100), Duration.ofMillis(200), Duration.ofMillis(300));
  }

  @Test
  void retryBackoffWaitsForTheScheduler() {
    List<Runnable> scheduled = Collections.synchronizedList(new ArrayList<>());
    Flow flow = Flow.linear("f").retry(Retry.times(2).withBackoff(Backoff.fixed(Duration.ofSeconds(30)))).add(flaky("flaky", 1));
    Engine engine = Engine.builder(flow).serial().scheduler((delay, action) -> scheduled.add(action)).build();

    var future = engine.runAsync();

    assertThat(future).isNotDone();
    assertThat(rec.executed()).containsExactly("flaky");
    scheduled.get(0).run();
    assertThat(future).isCompletedWithValue(FlowState.SUCCESS);
    assertThat(rec.executed()).containsExactly("flaky", "flaky");
  }

  @Test
  void invalidRetrySettingsFailFast() {
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> Retry.times(0)).hasMessageContaining("at least 1");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> Backoff.fixed(Duration.ofSeconds(-1))).hasMessageContaining("negative");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> Backoff.exponential(Duration.ofSeconds(1), 0.5, Duration.ofSeconds(2))).hasMessageContaining("multiplier");
  }
}
