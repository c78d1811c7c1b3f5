package io.taskflow4j.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link JobBoard} must show. A board's test extends this class and says how
 * to make a fresh, empty board, how to reach it from a second client, and how to leave a malformed
 * entry on it as another program might; every test here then runs against it. Leases run on real
 * time, so the tests use short leases.
 */
public abstract class JobBoardContractTest {

  /** A lease long enough never to lapse during a test. */
  protected static final Duration LONG = Duration.ofMinutes(5);
  /** A lease that lapses quickly. */
  protected static final Duration SHORT = Duration.ofMillis(400);

  /** The board under test, fresh and empty for each test. */
  protected JobBoard board;

  /**
   * A new board holding nothing.
   *
   * @return the board
   */
  protected abstract JobBoard createBoard();

  /**
   * Another client of the same board, as another process would open it. The default is the board
   * itself, for boards that live in one process.
   *
   * @return a board that sees what {@link #board} holds
   */
  protected JobBoard secondClient() {
    return board;
  }

  /**
   * Leaves an entry on the board that no taskflow4j or reference program would write (bytes or a
   * row that do not decode to a job), as a foreign or broken program might.
   *
   * @return the id or key it is listed under, or empty for a board no other program can write to
   */
  protected abstract Optional<String> writeMalformedEntry();

  /** Releases what {@link #createBoard()} made, after the board is closed; nothing by default. */
  protected void cleanup() {}

  @BeforeEach
  void openBoard() {
    board = createBoard();
  }

  @AfterEach
  void closeBoard() {
    try {
      if (board != null) { // null when createBoard() skipped the test
        board.close();
      }
    } finally {
      cleanup();
    }
  }

  private static JobPosting posting(String name) {
    return JobPosting.builder(name).factory(FactoryCall.of("make")).build();
  }

  @Test
  void aPostedJobIsListedUnownedWithWhatWasPosted() {
    Map<String, Object> nested = new LinkedHashMap<>();
    nested.put("list", List.of(1, "two", 3.5, true));
    nested.put("none", null);
    JobPosting posting = JobPosting.builder("provision vm")
        .factory(new FactoryCall("myapp.flows.make", List.of("a", 2), Map.of("size", "large")))
        .input("x", 1)
        .input("name", "héllo ✓")
        .input("nested", nested)
        .priority(JobPriority.HIGH)
        .build();

    Job posted = board.post(posting);

    Job listed = board.job(posted.id()).orElseThrow();
    assertThat(listed.name()).isEqualTo("provision vm");
    assertThat(listed.priority()).isEqualTo(JobPriority.HIGH);
    assertThat(listed.owner()).isEmpty();
    assertThat(listed.book()).isEmpty();
    assertThat(listed.sequence()).isEqualTo(posted.sequence());
    assertThat(((Number) listed.inputs().get("x")).longValue()).isEqualTo(1);
    assertThat(listed.inputs().get("name")).isEqualTo("héllo ✓");
    @SuppressWarnings("unchecked")
    Map<String, Object> readNested = (Map<String, Object>) listed.inputs().get("nested");
    assertThat(readNested).containsEntry("none", null).containsKey("list");
    assertThat((List<?>) readNested.get("list")).hasSize(4).anySatisfy(item -> assertThat(item).isEqualTo("two"));
    FactoryCall call = listed.factory().orElseThrow();
    assertThat(call.name()).isEqualTo("myapp.flows.make");
    assertThat(call.args()).hasSize(2).contains("a");
    assertThat(call.kwargs()).containsEntry("size", "large");
    assertThat(board.jobs()).extracting(Job::id).containsExactly(posted.id());
  }

  @Test
  void aJobWithALogbookKeepsItsBookAndFlowDetail() {
    JobBook book = new JobBook("7e7cbe0c-43a8-4f09-9bd0-6b4e2b1e9a31", "book-1");
    Job posted = board.post(JobPosting.builder("job-1").book(book, "1d1b4d5e-2f9a-4f0e-8d3c-0a1b2c3d4e5f").build());

    Job listed = board.job(posted.id()).orElseThrow();
    assertThat(listed.book()).contains(book);
    assertThat(listed.flowId()).contains("1d1b4d5e-2f9a-4f0e-8d3c-0a1b2c3d4e5f");
    assertThat(listed.factory()).isEmpty();
  }

  @Test
  void jobsAreListedAndClaimedByPriorityThenInPostingOrder() {
    Job low = board.post(JobPosting.builder("low").factory(FactoryCall.of("f")).priority(JobPriority.LOW).build());
    Job first = board.post(posting("first"));
    Job urgent = board.post(JobPosting.builder("urgent").factory(FactoryCall.of("f")).priority(JobPriority.VERY_HIGH).build());
    Job second = board.post(posting("second"));

    assertThat(first.sequence()).isLessThan(second.sequence());
    assertThat(board.jobs()).extracting(Job::name).containsExactly("urgent", "first", "second", "low");
    List<String> claimed = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      claimed.add(board.claimNext("c1", LONG, Set.of()).orElseThrow().job().name());
    }
    assertThat(claimed).containsExactly("urgent", "first", "second", "low");
    assertThat(board.claimNext("c1", LONG, Set.of())).isEmpty();
    assertThat(List.of(low.id(), urgent.id())).allSatisfy(id -> assertThat(board.job(id).orElseThrow().owner()).contains("c1"));
  }

  @Test
  void aHeldJobCannotBeClaimedByAnotherOwner() {
    Job job = board.post(posting("j"));

    Claim claim = board.claim(job.id(), "c1", LONG).orElseThrow();

    assertThat(claim.owner()).isEqualTo("c1");
    assertThat(claim.job().id()).isEqualTo(job.id());
    assertThat(board.claim(job.id(), "c2", LONG)).isEmpty();
    assertThat(board.claimNext("c2", LONG, Set.of())).isEmpty();
    assertThat(board.job(job.id()).orElseThrow().owner()).contains("c1");
    assertThat(board.job(job.id()).orElseThrow().leaseExpiresAt()).isPresent();
  }

  @Test
  void concurrentClaimersNeverShareAJob() throws Exception {
    int jobs = 40;
    for (int i = 0; i < jobs; i++) {
      board.post(posting("j" + i));
    }
    JobBoard other = secondClient();
    ExecutorService pool = Executors.newFixedThreadPool(4);
    Map<String, String> owners = new ConcurrentHashMap<>();
    AtomicInteger duplicates = new AtomicInteger();
    CountDownLatch start = new CountDownLatch(1);
    List<Future<?>> claimers = new ArrayList<>();
    for (int t = 0; t < 4; t++) {
      String owner = "c" + t;
      JobBoard client = t % 2 == 0 ? board : other;
      claimers.add(pool.submit(() -> {
        start.await();
        List<Claim> claims;
        while (!(claims = client.claimNext(owner, LONG, Set.of(), 3)).isEmpty()) {
          for (Claim claim : claims) {
            if (owners.putIfAbsent(claim.jobId(), owner) != null) {
              duplicates.incrementAndGet();
            }
          }
        }
        return null;
      }));
    }
    start.countDown();
    for (Future<?> claimer : claimers) {
      claimer.get(60, TimeUnit.SECONDS);
    }
    pool.shutdown();

    assertThat(duplicates).hasValue(0);
    assertThat(owners).hasSize(jobs);
    for (Job job : board.jobs()) {
      assertThat(job.owner()).contains(owners.get(job.id()));
    }
  }

  @Test
  void aLapsedLeaseLetsAnotherOwnerClaimTheJob() {
    Job job = board.post(posting("j"));
    Claim first = board.claim(job.id(), "c1", SHORT).orElseThrow();

    await().atMost(Duration.ofSeconds(10)).until(() -> board.claim(job.id(), "c2", LONG).isPresent());

    assertThat(board.job(job.id()).orElseThrow().owner()).contains("c2");
    assertThatThrownBy(() -> board.renew(first, LONG)).isInstanceOf(LeaseLostException.class).hasMessageContaining(job.id());
    assertThatThrownBy(() -> board.consume(first)).isInstanceOf(LeaseLostException.class);
    assertThatThrownBy(() -> board.abandon(first)).isInstanceOf(LeaseLostException.class);
    assertThat(board.job(job.id()).orElseThrow().owner()).contains("c2");
  }

  @Test
  void aRenewedLeaseOutlivesItsFirstLength() throws InterruptedException {
    Job job = board.post(posting("j"));
    Claim claim = board.claim(job.id(), "c1", SHORT).orElseThrow();

    for (int i = 0; i < 5; i++) {
      Thread.sleep(SHORT.toMillis() / 3);
      claim = board.renew(claim, SHORT);
      assertThat(board.claim(job.id(), "c2", LONG)).isEmpty();
    }

    assertThat(claim.expiresAt()).isAfter(job.createdAt());
    assertThat(board.job(job.id()).orElseThrow().owner()).contains("c1");
  }

  @Test
  void consumeRemovesTheJobForGood() {
    Job job = board.post(posting("j"));
    Claim claim = board.claim(job.id(), "c1", LONG).orElseThrow();

    board.consume(claim);

    assertThat(board.job(job.id())).isEmpty();
    assertThat(board.jobs()).isEmpty();
    assertThat(board.claim(job.id(), "c2", LONG)).isEmpty();
    assertThatThrownBy(() -> board.consume(claim)).isInstanceOf(LeaseLostException.class);
  }

  @Test
  void severalJobsAreConsumedAtOnceAndTheOnesNoLongerHeldAreReturned() {
    Job a = board.post(posting("a"));
    Job b = board.post(posting("b"));
    Job c = board.post(posting("c"));
    Claim claimA = board.claim(a.id(), "c1", LONG).orElseThrow();
    Claim claimB = board.claim(b.id(), "c1", LONG).orElseThrow();
    Claim held = board.claim(c.id(), "c2", LONG).orElseThrow();
    Claim forged = new Claim(held.job(), "c1", held.expiresAt());

    List<Claim> lost = board.consume(List.of(claimA, claimB, forged));

    assertThat(lost).extracting(Claim::jobId).containsExactly(c.id());
    assertThat(board.jobs()).extracting(Job::id).containsExactly(c.id());
    assertThat(board.job(c.id()).orElseThrow().owner()).contains("c2");
    assertThat(board.consume(List.of())).isEmpty();
  }

  @Test
  void onlyTheOwnerCanConsumeOrAbandon() {
    Job job = board.post(posting("j"));
    Claim held = board.claim(job.id(), "c1", LONG).orElseThrow();
    Claim forged = new Claim(held.job(), "c2", held.expiresAt());

    assertThatThrownBy(() -> board.consume(forged)).isInstanceOf(LeaseLostException.class).hasMessageContaining("c2");
    assertThatThrownBy(() -> board.abandon(forged)).isInstanceOf(LeaseLostException.class);
    assertThatThrownBy(() -> board.renew(forged, LONG)).isInstanceOf(LeaseLostException.class);

    assertThat(board.job(job.id()).orElseThrow().owner()).contains("c1");
  }

  @Test
  void anAbandonedJobCanBeClaimedAtOnceAndWakesSubscribers() {
    Job job = board.post(posting("j"));
    Claim claim = board.claim(job.id(), "c1", LONG).orElseThrow();
    AtomicInteger wakes = new AtomicInteger();
    JobBoard.Subscription subscription = secondClient().subscribe(wakes::incrementAndGet);
    try {
      board.abandon(claim);

      assertThat(board.job(job.id()).orElseThrow().owner()).isEmpty();
      assertThat(board.claim(job.id(), "c2", LONG)).isPresent();
      await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(wakes.get()).isPositive());
    } finally {
      subscription.close();
    }
  }

  @Test
  void severalJobsAreClaimedAtOnceInClaimOrderUpToTheLimit() {
    Job low = board.post(JobPosting.builder("low").factory(FactoryCall.of("f")).priority(JobPriority.LOW).build());
    Job first = board.post(posting("first"));
    Job skipped = board.post(posting("skipped"));
    Job second = board.post(posting("second"));
    board.claim(second.id(), "other", LONG).orElseThrow();

    List<Claim> claims = board.claimNext("c1", LONG, Set.of(skipped.id()), 5);

    assertThat(claims).extracting(Claim::jobId).containsExactly(first.id(), low.id());
    assertThat(claims).allSatisfy(claim -> assertThat(claim.owner()).isEqualTo("c1"));
    assertThat(board.job(first.id()).orElseThrow().owner()).contains("c1");
    assertThat(board.job(skipped.id()).orElseThrow().owner()).isEmpty();
    assertThat(board.claimNext("c2", LONG, Set.of(), 1)).extracting(Claim::jobId).containsExactly(skipped.id());
    assertThat(board.claimNext("c2", LONG, Set.of(), 3)).isEmpty();
    assertThatThrownBy(() -> board.claimNext("c2", LONG, Set.of(), 0)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void claimNextSkipsTheGivenJobs() {
    Job skipped = board.post(posting("skipped"));
    Job taken = board.post(posting("taken"));

    assertThat(board.claimNext("c1", LONG, Set.of(skipped.id())).orElseThrow().jobId()).isEqualTo(taken.id());
    assertThat(board.claimNext("c1", LONG, Set.of(skipped.id()))).isEmpty();
    assertThat(board.job(skipped.id()).orElseThrow().owner()).isEmpty();
  }

  @Test
  void aTrashedJobIsNoLongerListedAndKeepsItsReason() {
    Job job = board.post(posting("doomed"));
    Claim claim = board.claim(job.id(), "c1", LONG).orElseThrow();

    assertThat(board.trash(job.id(), "factory 'make' failed: bad size")).isTrue();

    assertThat(board.job(job.id())).isEmpty();
    assertThat(board.claimNext("c2", LONG, Set.of())).isEmpty();
    assertThatThrownBy(() -> board.consume(claim)).isInstanceOf(LeaseLostException.class);
    assertThat(board.trashed()).singleElement().satisfies(trashed -> {
      assertThat(trashed.id()).isEqualTo(job.id());
      assertThat(trashed.name()).isEqualTo("doomed");
      assertThat(trashed.reason()).isEqualTo("factory 'make' failed: bad size");
    });
    assertThat(board.trash(job.id(), "again")).isFalse();
    assertThat(board.trash("no-such-job", "x")).isFalse();
  }

  @Test
  void unknownJobsAreNotFoundAndCannotBeClaimed() {
    assertThat(board.job("5f0e7a1c-0000-4000-8000-000000000000")).isEmpty();
    assertThat(board.claim("5f0e7a1c-0000-4000-8000-000000000000", "c1", LONG)).isEmpty();
  }

  @Test
  void subscribersAreToldPromptlyOfJobsPostedByAnotherClient() throws InterruptedException {
    CountDownLatch woken = new CountDownLatch(1);
    JobBoard.Subscription subscription = board.subscribe(woken::countDown);
    try {
      secondClient().post(posting("from elsewhere"));

      assertThat(woken.await(2, TimeUnit.SECONDS)).as("woken within 2 s of the post").isTrue();
    } finally {
      subscription.close();
    }
  }

  @Test
  void aClosedSubscriptionIsNoLongerCalled() throws InterruptedException {
    AtomicInteger wakes = new AtomicInteger();
    JobBoard.Subscription subscription = board.subscribe(wakes::incrementAndGet);
    subscription.close();
    subscription.close();

    secondClient().post(posting("unheard"));
    Thread.sleep(500);

    assertThat(wakes).hasValue(0);
  }

  @Test
  void aMalformedEntryIsNeverReturnedAndEndsInTheTrashWithAReason() {
    Optional<String> written = writeMalformedEntry();
    Assumptions.assumeTrue(written.isPresent(), "no other program can write to this board");
    String key = written.get();
    Job good = board.post(posting("good"));

    assertThat(board.jobs()).extracting(Job::id).containsExactly(good.id());
    assertThat(board.claimNext("c1", LONG, Set.of()).orElseThrow().jobId()).isEqualTo(good.id());
    assertThat(board.claimNext("c1", LONG, Set.of())).isEmpty();
    assertThat(board.trashed()).anySatisfy(trashed -> {
      assertThat(trashed.id()).isEqualTo(key);
      assertThat(trashed.reason()).isNotBlank();
    });
  }

  @Test
  void claimsAreValidated() {
    Job job = board.post(posting("j"));

    assertThatThrownBy(() -> board.claim(job.id(), " ", LONG)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> board.claim(job.id(), "c1", Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
    assertThat(board.job(job.id()).orElseThrow().owner()).isEmpty();
  }

  @Test
  void manyJobsKeepDistinctIdsAndIncreasingSequences() {
    Set<String> ids = new HashSet<>();
    List<Long> sequences = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      Job job = board.post(posting("j" + i));
      ids.add(job.id());
      sequences.add(job.sequence());
    }
    List<Long> sorted = new ArrayList<>(sequences);
    Collections.sort(sorted);
    assertThat(ids).hasSize(50);
    assertThat(sequences).isEqualTo(sorted).doesNotHaveDuplicates();
    assertThat(board.jobs()).hasSize(50);
  }
}
