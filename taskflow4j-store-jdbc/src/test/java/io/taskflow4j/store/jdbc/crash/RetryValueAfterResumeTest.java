package io.taskflow4j.store.jdbc.crash;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.taskflow4j.engine.Engine;
import io.taskflow4j.flow.Flow;
import io.taskflow4j.persistence.AtomDetail;
import io.taskflow4j.persistence.FlowStore;
import io.taskflow4j.retry.Retry;
import io.taskflow4j.retry.RetryController;
import io.taskflow4j.retry.RetryDecision;
import io.taskflow4j.retry.RetryHistory;
import io.taskflow4j.state.AtomState;
import io.taskflow4j.state.FlowState;
import io.taskflow4j.task.Task;
import java.util.Optional;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

/**
 * The smallest reproduction of what {@link CrashResumeTest} found, in one process: a run recorded
 * with its retry SUCCESS (providing {@code attempt}) and a task in the retried flow still RUNNING,
 * resumed by a second engine, must hand the task after it the retry's value.
 */
class RetryValueAfterResumeTest {

  @Test
  void aResumedRunGivesTasksTheValueTheirRetryProvidedBeforeTheCrash() {
    CountDownLatch never = new CountDownLatch(1);
    try (FlowStore store = FlowStore.inMemory()) {
      Engine crashed = Engine.builder(flow(() -> never.await())).store(store).build();
      crashed.runAsync();
      await().atMost(Duration.ofSeconds(10)).until(() -> store.atoms(crashed.flowId()).stream()
          .anyMatch(atom -> atom.name().equals("stuck") && atom.state() == AtomState.RUNNING));

      // The first engine is stuck in 'stuck' as if its process had died; a second one resumes.
      try (Engine resumed = Engine.builder(flow(() -> {})).resume(store, crashed.flowId()).build()) {
        assertThat(resumed.run()).isEqualTo(FlowState.SUCCESS);
        assertThat(resumed.result("used")).contains(1);
      }
      AtomDetail retry = store.atoms(crashed.flowId()).stream().filter(atom -> atom.name().equals("r-retry")).findFirst().orElseThrow();
      assertThat(retry.results()).as("one attempt in the retry's history").hasValueSatisfying(history ->
          assertThat((java.util.List<?>) history).hasSize(1));
    } finally {
      never.countDown();
      Thread.interrupted();
    }
  }

  private interface Step {
    void run() throws Exception;
  }

  private static Flow flow(Step stuck) {
    return Flow.linear("r")
        .retry(Retry.of(new FirstAttempt()).providing("attempt"))
        .add(
            Task.builder("stuck").execute(context -> {
              stuck.run();
              return null;
            }).build(),
            Task.builder("uses").requires("attempt").provides("used")
                .execute(context -> context.argument("attempt", Integer.class)).build());
  }

  /** Provides the attempt number from 1; retries up to three attempts. */
  private static final class FirstAttempt implements RetryController {
    @Override
    public RetryDecision onFailure(RetryHistory history) {
      return history.failedAttempts() < 3 ? RetryDecision.RETRY : RetryDecision.REVERT;
    }

    @Override
    public Optional<Object> nextValue(RetryHistory history) {
      return Optional.of(history.failedAttempts() + 1);
    }
  }
}
