package io.taskflow4j.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import io.taskflow4j.testing.MutableClock;
import io.taskflow4j.jobs.internal.InMemoryJobBoard;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The in-memory board passes the contract; its leases follow an injected clock. */
class InMemoryJobBoardTest extends JobBoardContractTest {

  @Override
  protected JobBoard createBoard() {
    return JobBoard.inMemory();
  }

  @Override
  protected Optional<String> writeMalformedEntry() {
    return Optional.empty(); // only this process writes to a board in its memory
  }

  /**
   * Not a test here: only this process writes to a board in its memory, so no malformed entry can
   * reach it (overriding the contract's test without {@code @Test} leaves it out).
   */
  @Override
  void aMalformedEntryIsNeverReturnedAndEndsInTheTrashWithAReason() {}

  @Test
  void leasesFollowTheInjectedClock() {
    MutableClock clock = new MutableClock(Instant.parse("2026-12-03T10:00:00Z"));
    try (JobBoard fake = new InMemoryJobBoard(clock)) {
      Job job = fake.post(JobPosting.builder("j").factory(FactoryCall.of("f")).build());
      Claim claim = fake.claim(job.id(), "c1", Duration.ofSeconds(30)).orElseThrow();
      assertThat(claim.expiresAt()).isEqualTo(Instant.parse("2026-12-03T10:00:30Z"));

      clock.advance(Duration.ofSeconds(29));
      assertThat(fake.claimNext("c2", Duration.ofSeconds(30), Set.of())).isEmpty();

      clock.advance(Duration.ofSeconds(1));
      assertThat(fake.claimNext("c2", Duration.ofSeconds(30), Set.of())).isPresent();
    }
  }
}
