package io.taskflow4j.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.taskflow4j.flow.Flow;
import io.taskflow4j.persistence.AtomDetail;
import io.taskflow4j.persistence.FlowStore;
import io.taskflow4j.retry.Retry;
import io.taskflow4j.state.AtomState;
import io.taskflow4j.state.FlowState;
import io.taskflow4j.task.Task;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A new engine continues a recorded run. The crash is the store's content at the moment a task
 * hangs, copied as another process would find it; the hung engine is abandoned.
 */
class ResumeFromStoreTest {

  private final ExecutorService pool = Executors.newCachedThreadPool();
  private final CountDownLatch never = new CountDownLatch(1);
  private final List<String> log = Collections.synchronizedList(new ArrayList<>());

  @AfterEach
  void stop() {
    never.countDown();
    pool.shutdownNow();
  }

  /** A task that logs its executes and reverts, and hangs in the step named by {@code hangIn}. */
  private Task task(String name, String provides, String requires, String hangIn, CountDownLatch entered) {
    var builder = Task.builder(name);
    if (provides != null) {
      builder.provides(provides);
    }
    if (requires != null) {
      builder.requires(requires);
    }
    return builder
        .execute(ctx -> {
          log.add("execute " + name);
          if (("execute " + name).equals(hangIn)) {
            entered.countDown();
            never.await();
          }
          return name + "-result";
        })
        .revert(ctx -> {
          log.add("revert " + name);
          if (("revert " + name).equals(hangIn)) {
            entered.countDown();
            never.await();
          }
        })
        .build();
  }

  private FlowStore crashWhen(Flow flow, CountDownLatch entered, FlowStore store, String[] id) throws Exception {
    Engine engine = Engine.builder(flow).executor(pool).input("order", "42").store(store).build();
    id[0] = engine.flowId();
    engine.runAsync();
    assertThat(entered.await(5, TimeUnit.SECONDS)).isTrue();
    return ForwardingStore.copyOf(store);
  }

  private Flow checkout(String hangIn, CountDownLatch entered, boolean failCharge) {
    Task charge = failCharge
        ? Task.builder("charge").requires("reservation").execute(ctx -> {
            log.add("execute charge");
            throw new IllegalStateException("card declined");
          }).build()
        : task("charge", "receipt", "reservation", hangIn, entered);
    return Flow.linear("checkout").add(task("reserve", "reservation", "order", hangIn, entered), charge,
        task("notify", null, "receipt", hangIn, entered));
  }

  @Test
  void atomsRecordedSuccessAreNotRunAgainAndAtomsLeftRunningRunAgain() throws Exception {
    CountDownLatch entered = new CountDownLatch(1);
    String[] id = new String[1];
    FlowStore crashed = crashWhen(checkout("execute charge", entered, false), entered, FlowStore.inMemory(), id);
    log.clear();

    try (Engine resumed = Engine.builder(checkout("none", new CountDownLatch(1), false)).resume(crashed, id[0]).build()) {
      assertThat(resumed.flowId()).isEqualTo(id[0]);
      assertThat(resumed.run()).isEqualTo(FlowState.SUCCESS);
      assertThat(resumed.result("reservation")).contains("reserve-result");
      assertThat(resumed.result("receipt")).contains("charge-result");
    }
    assertThat(log).containsExactly("execute charge", "execute notify");
    assertThat(crashed.flow(id[0]).orElseThrow().state()).isEqualTo(FlowState.SUCCESS);
  }

  @Test
  void aRunThatCrashedWhileRevertingGoesOnRevertingWithoutExecutingAgain() throws Exception {
    CountDownLatch entered = new CountDownLatch(1);
    String[] id = new String[1];
    Flow flow = Flow.linear("checkout").add(
        task("reserve", "reservation", "order", "revert reserve", entered),
        task("hold", "held", "reservation", "none", entered),
        Task.builder("charge").requires("held").execute(ctx -> {
          log.add("execute charge");
          throw new IllegalStateException("card declined");
        }).build());
    FlowStore crashed = crashWhen(flow, entered, FlowStore.inMemory(), id);
    assertThat(log).containsExactly("execute reserve", "execute hold", "execute charge", "revert hold", "revert reserve");
    log.clear();

    Flow again = Flow.linear("checkout").add(
        task("reserve", "reservation", "order", "none", entered),
        task("hold", "held", "reservation", "none", entered),
        Task.builder("charge").requires("held").execute(ctx -> {
          log.add("execute charge");
          throw new IllegalStateException("card declined");
        }).build());
    try (Engine resumed = Engine.builder(again).resume(crashed, id[0]).build()) {
      assertThatThrownBy(resumed::run)
          .isInstanceOfSatisfying(FlowFailedException.class, failed -> {
            assertThat(failed.state()).isEqualTo(FlowState.REVERTED);
            assertThat(failed.failures()).containsOnlyKeys("charge");
            assertThat(failed.failures().get("charge").message()).isEqualTo("card declined");
          });
      assertThat(resumed.atomState("hold")).isEqualTo(AtomState.REVERTED);
    }
    assertThat(log).containsExactly("revert reserve");
    assertThat(crashed.flow(id[0]).orElseThrow().state()).isEqualTo(FlowState.REVERTED);
  }

  @Test
  void retryAttemptsAreCountedAcrossTheCrash() throws Exception {
    CountDownLatch entered = new CountDownLatch(1);
    String[] id = new String[1];
    List<Integer> attempts = Collections.synchronizedList(new ArrayList<>());
    Function<Boolean, Flow> shape = hang -> Flow.linear("retried").add(
        Task.builder("flaky").execute(ctx -> {
          attempts.add(attempts.size() + 1);
          if (hang && attempts.size() == 2) {
            entered.countDown();
            never.await();
          }
          throw new IllegalStateException("attempt " + attempts.size());
        }).build()).retry(Retry.times(3));
    FlowStore crashed = crashWhen(shape.apply(true), entered, FlowStore.inMemory(), id);
    assertThat(attempts).hasSize(2);

    try (Engine resumed = Engine.builder(shape.apply(false)).resume(crashed, id[0]).build()) {
      assertThatThrownBy(resumed::run).isInstanceOf(FlowFailedException.class);
    }
    // Three attempts in all: two before the crash (the second cut short and run again) and one after.
    assertThat(attempts).hasSize(4);
    AtomDetail retry = crashed.atoms(id[0]).stream().filter(a -> a.name().startsWith("retried")).findFirst().orElseThrow();
    assertThat(retry.state()).isEqualTo(AtomState.REVERTED);
  }

  @Test
  void aFinishedRunCannotBeResumedAgain() {
    FlowStore store = FlowStore.inMemory();
    Flow flow = Flow.linear("done").add(Task.builder("a").execute(ctx -> null).build());
    String id;
    try (Engine engine = Engine.builder(flow).store(store).build()) {
      engine.run();
      id = engine.flowId();
    }
    assertThatThrownBy(() -> Engine.builder(flow).resume(store, id).build())
        .isInstanceOf(ResumeException.class)
        .hasMessageContaining("has finished in state SUCCESS");
  }

  @Test
  void anUnknownFlowIdIsAClearError() {
    FlowStore store = FlowStore.inMemory();
    assertThatThrownBy(() -> Engine.builder(Flow.linear("x")).resume(store, "nope").build())
        .hasMessageContaining("holds no flow with id nope");
  }

  @Test
  void aRemovedAtomThatHadRunOrAMajorVersionChangeIsRefusedNamingTheAtoms() throws Exception {
    CountDownLatch entered = new CountDownLatch(1);
    String[] id = new String[1];
    FlowStore crashed = crashWhen(checkout("execute charge", entered, false), entered, FlowStore.inMemory(), id);

    Flow withoutReserve = Flow.linear("checkout").add(
        Task.builder("charge").execute(ctx -> null).build());
    assertThatThrownBy(() -> Engine.builder(withoutReserve).input("reservation", "x").resume(crashed, id[0]).build())
        .isInstanceOfSatisfying(ResumeException.class, e -> assertThat(e.atoms()).containsExactly("reserve"))
        .hasMessageContaining("no longer in the flow");

    Flow newVersion = Flow.linear("checkout").add(
        Task.builder("reserve").version("2.0").requires("order").provides("reservation").execute(ctx -> "v2").build(),
        Task.builder("charge").requires("reservation").execute(ctx -> null).build());
    assertThatThrownBy(() -> Engine.builder(newVersion).resume(crashed, id[0]).build())
        .isInstanceOfSatisfying(ResumeException.class, e -> assertThat(e.atoms()).containsExactly("reserve"))
        .hasMessageContaining("changed incompatibly");
  }

  @Test
  void anAtomAddedSinceTheFirstRunRuns() throws Exception {
    CountDownLatch entered = new CountDownLatch(1);
    String[] id = new String[1];
    FlowStore crashed = crashWhen(checkout("execute charge", entered, false), entered, FlowStore.inMemory(), id);
    log.clear();
    Flow grown = checkout("none", new CountDownLatch(1), false).add(task("audit", null, null, "none", entered));
    try (Engine resumed = Engine.builder(grown).resume(crashed, id[0]).build()) {
      assertThat(resumed.run()).isEqualTo(FlowState.SUCCESS);
    }
    assertThat(log).containsExactly("execute charge", "execute notify", "execute audit");
    Map<String, AtomDetail> atoms = crashed.atoms(id[0]).stream().collect(Collectors.toMap(AtomDetail::name, a -> a));
    assertThat(atoms.get("audit").state()).isEqualTo(AtomState.SUCCESS);
  }

  @Test
  void aSuspendedRecordedRunCanBeRevertedByANewEngine() throws Exception {
    FlowStore store = FlowStore.inMemory();
    CountDownLatch entered = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    Flow flow = Flow.linear("suspended").add(
        task("reserve", "reservation", "order", "none", entered),
        Task.builder("hold").requires("reservation").provides("held").execute(ctx -> {
          entered.countDown();
          release.await(5, TimeUnit.SECONDS);
          return "held";
        }).revert(ctx -> log.add("revert hold")).build(),
        task("charge", null, "held", "none", entered));
    String id;
    try (Engine engine = Engine.builder(flow).executor(pool).input("order", "42").store(store).build()) {
      id = engine.flowId();
      var run = engine.runAsync();
      assertThat(entered.await(5, TimeUnit.SECONDS)).isTrue();
      engine.suspend();
      release.countDown();
      assertThat(run.get(5, TimeUnit.SECONDS)).isEqualTo(FlowState.SUSPENDED);
    }
    assertThat(store.flow(id).orElseThrow().state()).isEqualTo(FlowState.SUSPENDED);
    log.clear();
    try (Engine reverting = Engine.builder(flow).resume(store, id).build()) {
      assertThat(reverting.revert()).isEqualTo(FlowState.REVERTED);
    }
    assertThat(log).containsExactly("revert hold", "revert reserve");
    assertThat(store.flow(id).orElseThrow().state()).isEqualTo(FlowState.REVERTED);
  }
}
