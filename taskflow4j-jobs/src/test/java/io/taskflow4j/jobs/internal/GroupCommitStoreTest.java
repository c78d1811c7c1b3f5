package io.taskflow4j.jobs.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.taskflow4j.persistence.Changes;
import io.taskflow4j.persistence.FlowDetail;
import io.taskflow4j.persistence.FlowStore;
import io.taskflow4j.persistence.ForwardingFlowStore;
import io.taskflow4j.persistence.LogBook;
import io.taskflow4j.persistence.StoreException;
import io.taskflow4j.state.FlowState;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class GroupCommitStoreTest {

  private static final Instant NOW = Instant.parse("2026-12-03T09:00:00Z");

  private final FlowStore memory = FlowStore.inMemory();
  private final SlowStore slow = new SlowStore(memory);
  private final GroupCommitStore grouped = new GroupCommitStore(slow);
  private final ExecutorService pool = Executors.newFixedThreadPool(16);

  @AfterEach
  void stop() {
    pool.shutdownNow();
  }

  /** Counts commits, takes a while over each, and fails any commit holding a flow named "bad". */
  private static final class SlowStore extends ForwardingFlowStore {
    final AtomicInteger commits = new AtomicInteger();

    SlowStore(FlowStore delegate) {
      super(delegate);
    }

    @Override
    public void save(Changes changes) {
      commits.incrementAndGet();
      try {
        Thread.sleep(5);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      if (changes.flows().stream().anyMatch(flow -> flow.name().equals("bad"))) {
        throw new StoreException("refused a flow named bad");
      }
      super.save(changes);
    }
  }

  private static Changes flow(String id, String name) {
    LogBook book = LogBook.of("book-" + id, name, NOW);
    return new Changes(List.of(book), List.of(new FlowDetail(id, book.uuid(), name, FlowState.PENDING, Map.of(), NOW, NOW)),
        List.of());
  }

  @Test
  void aLoneSaveIsCommittedAtOnceOnItsOwn() {
    grouped.save(flow("f1", "one"));

    assertThat(slow.commits).hasValue(1);
    assertThat(memory.flow("f1")).isPresent();
  }

  @Test
  void concurrentSavesAreAllCommittedInFewerTransactions() throws Exception {
    int saves = 200;
    CountDownLatch start = new CountDownLatch(1);
    List<Future<?>> futures = new ArrayList<>();
    for (int i = 0; i < saves; i++) {
      String id = "f" + i;
      futures.add(pool.submit(() -> {
        start.await();
        grouped.save(flow(id, "flow"));
        assertThat(memory.flow(id)).as("committed when save returns").isPresent();
        return null;
      }));
    }
    start.countDown();
    for (Future<?> future : futures) {
      future.get(30, TimeUnit.SECONDS);
    }

    assertThat(memory.logBooks()).hasSize(saves);
    assertThat(slow.commits.get()).as("commits for %d saves from 16 threads", saves).isLessThan(saves / 2);
  }

  @Test
  void aSaveThatFailsFailsOnlyItsOwnCallerInAGroup() throws Exception {
    CountDownLatch start = new CountDownLatch(1);
    List<Future<?>> good = new ArrayList<>();
    for (int i = 0; i < 15; i++) {
      String id = "good" + i;
      good.add(pool.submit(() -> {
        start.await();
        grouped.save(flow(id, "fine"));
        return null;
      }));
    }
    Future<?> bad = pool.submit(() -> {
      start.await();
      grouped.save(flow("bad1", "bad"));
      return null;
    });
    start.countDown();

    for (Future<?> future : good) {
      future.get(30, TimeUnit.SECONDS);
    }
    assertThatThrownBy(() -> bad.get(30, TimeUnit.SECONDS)).hasCauseInstanceOf(StoreException.class)
        .hasMessageContaining("refused a flow named bad");
    assertThat(memory.logBooks()).hasSize(15);
    assertThat(memory.flow("bad1")).isEmpty();
  }

  @Test
  void theWritersOwnFailureReachesIt() {
    assertThatThrownBy(() -> grouped.save(flow("bad2", "bad"))).isInstanceOf(StoreException.class);
    grouped.save(flow("after", "fine"));
    assertThat(memory.flow("after")).isPresent();
  }
}
