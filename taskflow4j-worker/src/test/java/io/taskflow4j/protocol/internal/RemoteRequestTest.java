package io.taskflow4j.protocol.internal;

import io.taskflow4j.protocol.ProtocolDefaults;
import io.taskflow4j.protocol.RequestState;
import io.taskflow4j.protocol.TaskVersion;
import io.taskflow4j.protocol.Action;
import io.taskflow4j.protocol.RequestTimeoutException;
import io.taskflow4j.protocol.RequestOutcome;
import io.taskflow4j.protocol.TaskRequest;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.taskflow4j.testing.MutableClock;
import io.taskflow4j.failure.Failure;
import io.taskflow4j.state.InvalidStateTransitionException;
import io.taskflow4j.task.Outcome;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class RemoteRequestTest {

  private static final Duration TIMEOUT = Duration.ofSeconds(60);

  private final MutableClock clock = new MutableClock(Instant.parse("2025-01-01T00:00:00Z"));
  private final TaskRequest execute =
      TaskRequest.execute("pkg.Resize", "resize-1", TaskVersion.of(1, 0), Map.of("w", 3));

  @Test
  void startsWaitingWithItsIdAndTask() {
    UUID id = UUID.randomUUID();
    RemoteRequest request = RemoteRequest.create(id, execute, Optional.of(TIMEOUT), clock);

    assertThat(request.id()).isEqualTo(id);
    assertThat(request.state()).isEqualTo(RequestState.WAITING);
    assertThat(request.taskClass()).isEqualTo("pkg.Resize");
    assertThat(request.taskName()).isEqualTo("resize-1");
    assertThat(request.action()).isEqualTo(Action.EXECUTE);
    assertThat(request.message()).isSameAs(execute);
    assertThat(request.createdAt()).isEqualTo(clock.instant());
    assertThat(request.completion()).isNotDone();
  }

  @Test
  void usesTheDefaultTimeoutAndARandomId() {
    RemoteRequest first = RemoteRequest.create(execute, clock);
    RemoteRequest second = RemoteRequest.create(execute, clock);

    assertThat(first.timeout()).contains(ProtocolDefaults.REQUEST_TIMEOUT);
    assertThat(first.id()).isNotEqualTo(second.id());
  }

  @Test
  void expiresOnlyOnceMoreThanTheTimeoutHasPassedWhileWaiting() {
    RemoteRequest request = request();

    clock.advance(TIMEOUT);
    assertThat(request.isExpired()).as("at exactly the timeout").isFalse();
    clock.advance(Duration.ofMillis(1));
    assertThat(request.isExpired()).isTrue();
  }

  @Test
  void expiresWhilePending() {
    RemoteRequest request = request();
    request.transition(RequestState.PENDING);

    clock.advance(TIMEOUT.plusSeconds(1));

    assertThat(request.isExpired()).isTrue();
  }

  @Test
  void runningRequestNeverExpires() {
    RemoteRequest request = request();
    request.transition(RequestState.PENDING);
    clock.advance(Duration.ofSeconds(30));
    request.transition(RequestState.RUNNING);

    clock.advance(Duration.ofHours(5));

    assertThat(request.isExpired()).isFalse();
    assertThat(request.expireIfDue()).isFalse();
    assertThat(request.state()).isEqualTo(RequestState.RUNNING);
    assertThat(request.elapsed()).as("the clock stopped on RUNNING").isEqualTo(Duration.ofSeconds(30));
  }

  @Test
  void requestWithoutTimeoutNeverExpires() {
    RemoteRequest request =
        RemoteRequest.create(UUID.randomUUID(), execute, Optional.empty(), clock);

    clock.advance(Duration.ofDays(365));

    assertThat(request.isExpired()).isFalse();
  }

  @Test
  void expiringFailsTheRequestWithARequestTimeout() throws Exception {
    RemoteRequest request = request();
    clock.advance(TIMEOUT.plusSeconds(1));

    assertThat(request.expireIfDue()).isTrue();

    assertThat(request.state()).isEqualTo(RequestState.FAILURE);
    RequestOutcome outcome = request.completion().getNow(null);
    assertThat(outcome.action()).isEqualTo(Action.EXECUTE);
    Failure failure = ((Outcome.Failed) outcome.outcome()).failure();
    assertThat(failure.matches(RequestTimeoutException.class)).isTrue();
    assertThat(failure.message()).contains(request.id().toString()).contains("after 1m 1s");
    assertThat(failure.typeNames()).last().isEqualTo("Exception");
    assertThat(request.expireIfDue()).as("only once").isFalse();
  }

  @Test
  void doesNotExpireBeforeItsTime() {
    RemoteRequest request = request();
    clock.advance(Duration.ofSeconds(59));

    assertThat(request.expireIfDue()).isFalse();
    assertThat(request.completion()).isNotDone();
  }

  @Test
  void completesWithTheResultAndTheActionWhenRunning() {
    TaskRequest revert =
        TaskRequest.revert("pkg.Resize", "resize-1", TaskVersion.of(1, 0), Map.of(), Outcome.success(12), Map.of());
    RemoteRequest request = RemoteRequest.create(UUID.randomUUID(), revert, Optional.of(TIMEOUT), clock);
    request.transition(RequestState.PENDING);
    request.transition(RequestState.RUNNING);

    assertThat(request.complete(Outcome.success("undone"))).isTrue();

    assertThat(request.state()).isEqualTo(RequestState.SUCCESS);
    assertThat(request.completion().getNow(null))
        .isEqualTo(new RequestOutcome(Action.REVERT, Outcome.success("undone")));
  }

  @Test
  void completesWithAFailureFromAnyOpenState() {
    Failure failure = Failure.of(new IllegalStateException("worker could not build the task"));
    RemoteRequest request = request();
    request.transition(RequestState.PENDING);

    assertThat(request.complete(Outcome.failure(failure))).isTrue();

    assertThat(request.state()).isEqualTo(RequestState.FAILURE);
    assertThat(request.completion().getNow(null).outcome()).isEqualTo(Outcome.failure(failure));
  }

  @Test
  void ignoresACompletionTheMachineDoesNotAllow() {
    RemoteRequest request = request();
    request.transition(RequestState.PENDING);

    assertThat(request.complete(Outcome.success(1))).as("PENDING cannot jump to SUCCESS").isFalse();

    assertThat(request.state()).isEqualTo(RequestState.PENDING);
    assertThat(request.completion()).isNotDone();
  }

  @Test
  void completesOnlyOnce() {
    RemoteRequest request = running();

    assertThat(request.complete(Outcome.success(1))).isTrue();
    assertThat(request.complete(Outcome.success(2))).isFalse();
    assertThat(request.complete(Outcome.failure(Failure.of(new RuntimeException())))).isFalse();

    assertThat(request.completion().getNow(null).outcome()).isEqualTo(Outcome.success(1));
  }

  @Test
  void abandoningFailsEvenARunningRequest() {
    RemoteRequest request = running();

    assertThat(request.abandon()).isTrue();

    assertThat(request.state()).isEqualTo(RequestState.FAILURE);
    Failure failure = ((Outcome.Failed) request.completion().getNow(null).outcome()).failure();
    assertThat(failure.matches(RequestTimeoutException.class)).isTrue();
    assertThat(failure.message()).contains("RUNNING").contains("executor stopped");
  }

  @Test
  void abandoningAFinishedRequestChangesNothing() {
    RemoteRequest request = running();
    request.complete(Outcome.success(1));

    assertThat(request.abandon()).isFalse();
    assertThat(request.state()).isEqualTo(RequestState.SUCCESS);
  }

  @Test
  void strictTransitionReportsTheRefusedMove() {
    RemoteRequest request = request();

    assertThatThrownBy(() -> request.transition(RequestState.RUNNING))
        .isInstanceOf(InvalidStateTransitionException.class)
        .hasMessageContaining("from WAITING to RUNNING");
    assertThat(request.state()).isEqualTo(RequestState.WAITING);
  }

  @Test
  void cancellingTheReturnedFutureLeavesTheRequestAlone() {
    RemoteRequest request = running();

    request.completion().cancel(false);

    assertThat(request.complete(Outcome.success(1))).isTrue();
    assertThat(request.state()).isEqualTo(RequestState.SUCCESS);
  }

  @Test
  void rejectsANegativeTimeout() {
    assertThatThrownBy(
            () ->
                RemoteRequest.create(
                    UUID.randomUUID(), execute, Optional.of(Duration.ofSeconds(-1)), clock))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void exactlyOneOfManyRacingCompletionsWins() throws Exception {
    RemoteRequest request = running();
    int threads = 8;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<Boolean>> results = new ArrayList<>();
      for (int i = 0; i < threads; i++) {
        int value = i;
        results.add(
            pool.submit(
                () -> {
                  start.await();
                  return value % 2 == 0
                      ? request.complete(Outcome.success(value))
                      : request.abandon();
                }));
      }
      start.countDown();
      int winners = 0;
      for (Future<Boolean> result : results) {
        if (result.get(10, TimeUnit.SECONDS)) {
          winners++;
        }
      }
      assertThat(winners).isEqualTo(1);
      assertThat(request.completion()).isDone();
      assertThat(request.state().isTerminal()).isTrue();
    } finally {
      pool.shutdownNow();
    }
  }

  private RemoteRequest request() {
    return RemoteRequest.create(UUID.randomUUID(), execute, Optional.of(TIMEOUT), clock);
  }

  private RemoteRequest running() {
    RemoteRequest request = request();
    request.transition(RequestState.PENDING);
    request.transition(RequestState.RUNNING);
    return request;
  }
}
