package io.taskflow4j.listener;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.taskflow4j.TaskflowException;
import io.taskflow4j.engine.Engine;
import io.taskflow4j.engine.EngineBuilder;
import io.taskflow4j.engine.FlowFailedException;
import io.taskflow4j.flow.Flow;
import io.taskflow4j.flow.FlowDefinitionException;
import io.taskflow4j.state.AtomState;
import io.taskflow4j.state.FlowState;
import io.taskflow4j.task.Task;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Flow.Subscriber;
import java.util.concurrent.Flow.Subscription;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The run stream hands out a run's changes in order and holds the engine at each until asked for
 * the next: what follows a change has not happened while the consumer looks at it.
 */
class RunStreamTest {

  static List<UnaryOperator<EngineBuilder>> engines() {
    return List.of(EngineBuilder::serial, b -> b.threads(2));
  }

  private final List<String> executed = new CopyOnWriteArrayList<>();

  private Task five(String name) {
    return Task.builder(name).execute(ctx -> {
      executed.add(name);
      return 5;
    }).build();
  }

  private static Task woot(String name) {
    return Task.builder(name).execute(ctx -> {
      throw new IllegalStateException("Woot!");
    }).build();
  }

  private static List<String> notation(List<RunEvent> events) {
    return events.stream().map(RunEvent::notation).toList();
  }

  /** The notation of every event to the end of the subscription. */
  private static List<String> all(RunStream stream) {
    List<String> seen = new ArrayList<>();
    try (Stream<RunEvent> events = stream.events()) {
      events.forEach(event -> seen.add(event.notation()));
    }
    return seen;
  }

  private static boolean isChange(RunEvent event) {
    return !(event instanceof RunEvent.TaskReported);
  }

  /** The notation of every state change to the end of the subscription, task events left out. */
  private static List<String> drain(RunStream stream) {
    List<String> seen = new ArrayList<>();
    try (Stream<RunEvent> events = stream.events()) {
      events.filter(RunStreamTest::isChange).forEach(event -> seen.add(event.notation()));
    }
    return seen;
  }

  @ParameterizedTest
  @MethodSource("engines")
  void aLinearRunDoesNotGoPastAChangeUntilTheNextIsAskedFor(UnaryOperator<EngineBuilder> kind) {
    RunStream stream = RunStream.create();
    // Registered after the stream: it hears a change only once the stream lets the engine go on.
    CapturingListener after = CapturingListener.create();
    Flow flow = Flow.linear("flow-2").add(five("task1"), five("task2"));
    try (Engine engine = kind.apply(Engine.builder(flow)).listener(stream).listener(after).build()) {
      CompletableFuture<FlowState> run = stream.start(engine::runAsync);
      List<String> seen = new ArrayList<>();
      List<List<String>> executedAt = new ArrayList<>();
      Iterator<RunEvent> events = stream.iterator();
      while (events.hasNext()) {
        RunEvent event = events.next();
        if (!isChange(event)) {
          continue;
        }
        if (!event.flowChange().map(change -> change.to().isFinal()).orElse(false)) {
          // Held at this change: the listener after the stream has heard every change before it, not
          // this one. (The final change ends the stream, which then lets the engine go.)
          assertThat(after.notation()).as("at %s", event.notation()).containsExactlyElementsOf(seen);
        }
        seen.add(event.notation());
        executedAt.add(List.copyOf(executed));
      }
      assertThat(run.join()).isEqualTo(FlowState.SUCCESS);
      assertThat(seen).containsExactly("flow-2.f RUNNING", "task1.t RUNNING", "task1.t SUCCESS(5)",
          "task2.t RUNNING", "task2.t SUCCESS(5)", "flow-2.f SUCCESS");
      // While the consumer held "task1.t RUNNING", task1 had not run; while it held "task2.t RUNNING", task2 had not.
      assertThat(executedAt).containsExactly(List.of(), List.of(), List.of("task1"),
          List.of("task1"), List.of("task1", "task2"), List.of("task1", "task2"));
    }
  }

  @ParameterizedTest
  @MethodSource("engines")
  void aQueryAtTheHeldChangeSeesTheEngineStandingThere(UnaryOperator<EngineBuilder> kind) {
    RunStream stream = RunStream.create();
    Flow flow = Flow.linear("flow-2").add(five("task1"), five("task2"));
    try (Engine engine = kind.apply(Engine.builder(flow)).listener(stream).build()) {
      CompletableFuture<FlowState> run = stream.start(engine::runAsync);
      List<String> states = new ArrayList<>();
      Iterator<RunEvent> events = stream.iterator();
      while (events.hasNext()) {
        RunEvent event = events.next();
        if (isChange(event)) {
          states.add(event.notation() + ": "
              + stream.queryAtChange(() -> engine.atomState("task1") + "/" + engine.atomState("task2")));
        }
      }
      assertThat(run.join()).isEqualTo(FlowState.SUCCESS);
      assertThat(states).containsExactly(
          "flow-2.f RUNNING: PENDING/PENDING",
          "task1.t RUNNING: RUNNING/PENDING",
          "task1.t SUCCESS(5): SUCCESS/PENDING",
          "task2.t RUNNING: SUCCESS/RUNNING",
          "task2.t SUCCESS(5): SUCCESS/SUCCESS",
          "flow-2.f SUCCESS: SUCCESS/SUCCESS");
    }
  }

  @ParameterizedTest
  @MethodSource("engines")
  void aSuspendAtTheHeldChangeStopsTheRunBeforeAnythingElseStarts(UnaryOperator<EngineBuilder> kind) {
    RunStream stream = RunStream.create();
    Flow flow = Flow.linear("flow-2").add(five("task1"), five("task2"));
    try (Engine engine = kind.apply(Engine.builder(flow)).listener(stream).build()) {
      CompletableFuture<FlowState> run = stream.start(engine::runAsync);
      List<String> seen = new ArrayList<>();
      Iterator<RunEvent> events = stream.iterator();
      while (events.hasNext()) {
        RunEvent event = events.next();
        if (isChange(event)) {
          seen.add(event.notation());
        }
        if (event.notation().equals("task1.t SUCCESS(5)")) {
          stream.atChange(engine::suspend);
        }
      }
      assertThat(run.join()).isEqualTo(FlowState.SUSPENDED);
      assertThat(seen).containsExactly("flow-2.f RUNNING", "task1.t RUNNING", "task1.t SUCCESS(5)",
          "flow-2.f SUSPENDING", "flow-2.f SUSPENDED");
      assertThat(executed).containsExactly("task1");
      assertThat(engine.atomState("task2")).isEqualTo(AtomState.PENDING);

      // Running again is streamed to the next subscriber.
      CompletableFuture<FlowState> again = stream.start(engine::runAsync);
      assertThat(drain(stream)).containsExactly("flow-2.f RUNNING", "task2.t RUNNING", "task2.t SUCCESS(5)",
          "flow-2.f SUCCESS");
      assertThat(again.join()).isEqualTo(FlowState.SUCCESS);
    }
  }

  @ParameterizedTest
  @MethodSource("engines")
  void aSubscriberAskingOneAtATimeCanSuspendFromOnNext(UnaryOperator<EngineBuilder> kind) {
    RunStream stream = RunStream.create();
    Flow flow = Flow.linear("flow-3").add(five("task1"), five("task2"), five("task3"));
    try (Engine engine = kind.apply(Engine.builder(flow)).listener(stream).build()) {
      List<String> seen = Collections.synchronizedList(new ArrayList<>());
      CompletableFuture<Void> ended = new CompletableFuture<>();
      stream.subscribe(new Subscriber<RunEvent>() {
        private Subscription subscription;

        @Override
        public void onSubscribe(Subscription value) {
          subscription = value;
          subscription.request(1);
        }

        @Override
        public void onNext(RunEvent item) {
          if (isChange(item)) {
            seen.add(item.notation());
          }
          if (item.notation().equals("task2.t RUNNING")) {
            stream.atChange(engine::suspend);
          }
          subscription.request(1);
        }

        @Override
        public void onError(Throwable throwable) {
          ended.completeExceptionally(throwable);
        }

        @Override
        public void onComplete() {
          ended.complete(null);
        }
      });
      assertThat(stream.start(engine::runAsync).join()).isEqualTo(FlowState.SUSPENDED);
      ended.join();
      assertThat(seen).containsExactly("flow-3.f RUNNING", "task1.t RUNNING", "task1.t SUCCESS(5)",
          "task2.t RUNNING", "flow-3.f SUSPENDING", "task2.t SUCCESS(5)", "flow-3.f SUSPENDED");
      assertThat(executed).containsExactly("task1", "task2");
    }
  }

  @ParameterizedTest
  @MethodSource("engines")
  void cancellingReleasesTheEngineWhichRunsToTheEndUnheard(UnaryOperator<EngineBuilder> kind) {
    RunStream stream = RunStream.create();
    Flow flow = Flow.linear("flow-2").add(five("task1"), five("task2"));
    try (Engine engine = kind.apply(Engine.builder(flow)).listener(stream).build()) {
      CompletableFuture<FlowState> run = stream.start(engine::runAsync);
      try (Stream<RunEvent> events = stream.events()) {
        assertThat(events.findFirst().map(RunEvent::notation)).contains("flow-2.f RUNNING");
      }
      assertThat(run.join()).isEqualTo(FlowState.SUCCESS);
      assertThat(executed).containsExactly("task1", "task2");
    }
  }

  @Test
  void askingForNothingEndsTheSubscriptionWithAnError() {
    RunStream stream = RunStream.create();
    List<Throwable> errors = new ArrayList<>();
    stream.subscribe(new Subscriber<RunEvent>() {
      @Override
      public void onSubscribe(Subscription subscription) {
        subscription.request(0);
      }

      @Override
      public void onNext(RunEvent item) {}

      @Override
      public void onError(Throwable throwable) {
        errors.add(throwable);
      }

      @Override
      public void onComplete() {}
    });
    assertThat(errors).singleElement().isInstanceOf(IllegalArgumentException.class);
    // The subscription is over: another may subscribe.
    stream.iterator();
  }

  @Test
  void closingTheStreamReleasesTheEngineAndEndsTheSubscriber() {
    RunStream stream = RunStream.create();
    Flow flow = Flow.linear("flow-2").add(five("task1"), five("task2"));
    try (Engine engine = Engine.builder(flow).serial().listener(stream).build()) {
      CompletableFuture<FlowState> run = stream.start(engine::runAsync);
      Iterator<RunEvent> events = stream.iterator();
      assertThat(events.next().notation()).isEqualTo("flow-2.f RUNNING");
      stream.close();
      assertThat(run.join()).isEqualTo(FlowState.SUCCESS);
      assertThatThrownBy(events::hasNext).isInstanceOf(java.util.concurrent.CancellationException.class);
      assertThatThrownBy(stream::iterator).isInstanceOf(IllegalStateException.class);
    }
  }

  @ParameterizedTest
  @MethodSource("engines")
  void aFailedRunThatWasRevertedCompletesTheStreamWithItsEvents(UnaryOperator<EngineBuilder> kind) {
    RunStream stream = RunStream.create();
    Flow flow = Flow.linear("flow-1").add(five("task1"), woot("fail"));
    try (Engine engine = kind.apply(Engine.builder(flow)).listener(stream).build()) {
      CompletableFuture<FlowState> run = stream.start(engine::runAsync);
      assertThat(drain(stream)).containsExactly("flow-1.f RUNNING", "task1.t RUNNING", "task1.t SUCCESS(5)",
          "fail.t RUNNING", "fail.t FAILURE(Failure: IllegalStateException: Woot!)",
          "fail.t REVERTING", "fail.t REVERTED(None)", "task1.t REVERTING", "task1.t REVERTED(None)",
          "flow-1.f REVERTED");
      assertThatThrownBy(run::join).hasCauseInstanceOf(FlowFailedException.class);
    }
  }

  @ParameterizedTest
  @MethodSource("engines")
  void aRunEndingInFailureEndsTheStreamWithAnErrorNamingTheFailures(UnaryOperator<EngineBuilder> kind) {
    RunStream stream = RunStream.create();
    Task nasty = Task.builder("nasty").execute(ctx -> null).revert(ctx -> {
      throw new IllegalStateException("Gotcha!");
    }).build();
    Flow flow = Flow.linear("flow-1").add(nasty, woot("fail"));
    try (Engine engine = kind.apply(Engine.builder(flow)).listener(stream).build()) {
      CompletableFuture<FlowState> run = stream.start(engine::runAsync);
      List<String> seen = new ArrayList<>();
      Iterator<RunEvent> events = stream.iterator();
      assertThatThrownBy(() -> events.forEachRemaining(event -> {
        if (isChange(event)) {
          seen.add(event.notation());
        }
      }))
          .isInstanceOf(TaskflowException.class)
          .hasMessageContaining("could not be fully reverted")
          .hasMessageContaining("atom 'fail'")
          .hasMessageContaining("Woot!")
          .hasMessageContaining("revert failures: atom 'nasty'")
          .hasMessageContaining("Gotcha!");
      assertThat(seen).endsWith("flow-1.f FAILURE");
      assertThatThrownBy(run::join).hasCauseInstanceOf(FlowFailedException.class);
    }
  }

  @Test
  void taskEventsComeInOrderBetweenTheTasksChanges() {
    RunStream stream = RunStream.create();
    Task progressing = Task.builder("task1").execute(ctx -> {
      ctx.reportProgress(0.5);
      return 5;
    }).build();
    try (Engine engine = Engine.builder(Flow.linear("flow-1").add(progressing)).serial().listener(stream).build()) {
      stream.start(engine::runAsync);
      assertThat(all(stream)).containsSubsequence("flow-1.f RUNNING", "task1.t RUNNING",
          "task1.t EVENT update_progress {progress=0.5}", "task1.t SUCCESS(5)", "flow-1.f SUCCESS");
    }
  }

  @ParameterizedTest
  @MethodSource("engines")
  void aQueryAskedAtATaskEventIsAnsweredAtTheNextChange(UnaryOperator<EngineBuilder> kind) {
    RunStream stream = RunStream.create();
    Task progressing = Task.builder("task1").execute(ctx -> {
      ctx.reportProgress(0.5);
      return 5;
    }).build();
    Flow flow = Flow.linear("flow-2").add(progressing, five("task2"));
    try (Engine engine = kind.apply(Engine.builder(flow)).listener(stream).build()) {
      CompletableFuture<FlowState> run = stream.start(engine::runAsync);
      List<String> answers = new ArrayList<>();
      Iterator<RunEvent> events = stream.iterator();
      while (events.hasNext()) {
        RunEvent event = events.next();
        if (event.notation().equals("task1.t EVENT update_progress {progress=0.5}")) {
          answers.add(stream.queryAtChange(() -> engine.atomState("task1") + "/" + engine.atomState("task2")));
          stream.atChange(engine::suspend);
        }
      }
      // Both ran where the engine stood at the change after the event: task1 done, task2 not started.
      assertThat(answers).containsExactly("SUCCESS/PENDING");
      assertThat(run.join()).isEqualTo(FlowState.SUSPENDED);
      assertThat(executed).isEmpty();
      assertThat(engine.atomState("task2")).isEqualTo(AtomState.PENDING);
    }
  }

  @Test
  void aBufferedStreamLetsTheRunFinishBeforeAnyoneSubscribes() {
    RunStream stream = RunStream.buffered(16);
    Flow flow = Flow.linear("flow-2").add(five("task1"), five("task2"));
    try (Engine engine = Engine.builder(flow).threads(2).listener(stream).build()) {
      assertThat(engine.run()).isEqualTo(FlowState.SUCCESS);
      assertThat(drain(stream)).containsExactly("flow-2.f RUNNING", "task1.t RUNNING", "task1.t SUCCESS(5)",
          "task2.t RUNNING", "task2.t SUCCESS(5)", "flow-2.f SUCCESS");
    }
  }

  @Test
  void aBufferedStreamNeverLetsTheEngineGetFurtherAheadThanItsBuffer() {
    RunStream stream = RunStream.buffered(2);
    java.util.concurrent.atomic.AtomicInteger taken = new java.util.concurrent.atomic.AtomicInteger();
    List<Integer> takenWhenHeard = new CopyOnWriteArrayList<>();
    // Registered after the stream: hears a change once the stream lets the engine go past it.
    FlowListener after = new FlowListener() {
      @Override
      public void onFlowStateChange(FlowStateChange change) {
        takenWhenHeard.add(taken.get());
      }

      @Override
      public void onAtomStateChange(AtomStateChange change) {
        takenWhenHeard.add(taken.get());
      }
    };
    Flow flow = Flow.linear("flow-4").add(five("task1"), five("task2"), five("task3"), five("task4"));
    try (Engine engine = Engine.builder(flow).serial().listener(stream).listener(after).build()) {
      CompletableFuture<FlowState> run = stream.start(engine::runAsync);
      Iterator<RunEvent> events = stream.iterator();
      while (events.hasNext()) {
        events.next();
        taken.incrementAndGet();
      }
      assertThat(run.join()).isEqualTo(FlowState.SUCCESS);
    }
    assertThat(takenWhenHeard).hasSize(10);
    for (int change = 1; change <= takenWhenHeard.size(); change++) {
      // The engine went past change n only once the consumer had asked for change n - 1 (taken n - 2).
      assertThat(takenWhenHeard.get(change - 1)).as("taken when change %d was passed", change)
          .isGreaterThanOrEqualTo(change - 2);
    }
  }

  @Test
  void aRunThatCannotStartEndsTheStreamWithItsError() {
    RunStream stream = RunStream.create();
    Task needy = Task.builder("needy").requires("missing").execute(ctx -> 1).build();
    try (Engine engine = Engine.builder(Flow.linear("flow-1").add(needy)).serial().listener(stream).build()) {
      CompletableFuture<FlowState> run = stream.start(engine::runAsync);
      Iterator<RunEvent> events = stream.iterator();
      assertThatThrownBy(events::hasNext).isInstanceOf(FlowDefinitionException.class);
      assertThatThrownBy(run::join).isInstanceOf(CompletionException.class)
          .hasCauseInstanceOf(FlowDefinitionException.class);
    }
  }

  @Test
  void aRunWithNothingLeftToRunEndsTheStreamEmpty() {
    RunStream stream = RunStream.buffered(16);
    try (Engine engine = Engine.builder(Flow.linear("flow-1").add(five("task1"))).serial().listener(stream).build()) {
      engine.run();
      drain(stream);
      stream.start(engine::runAsync);
      assertThat(drain(stream)).isEmpty();
    }
  }

  @Test
  void aSecondSubscriberIsRefusedWhileTheFirstListens() {
    RunStream stream = RunStream.create();
    stream.iterator();
    assertThatThrownBy(stream::iterator).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("already has a subscriber");
    List<Throwable> errors = new ArrayList<>();
    stream.subscribe(new Subscriber<RunEvent>() {
      @Override
      public void onSubscribe(Subscription subscription) {}

      @Override
      public void onNext(RunEvent item) {}

      @Override
      public void onError(Throwable throwable) {
        errors.add(throwable);
      }

      @Override
      public void onComplete() {}
    });
    assertThat(errors).singleElement().isInstanceOf(IllegalStateException.class);
  }

  @Test
  void aBufferOfLessThanNothingIsRefused() {
    assertThatThrownBy(() -> RunStream.buffered(-1)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void eventsNameWhatTheyCarry() {
    RunStream stream = RunStream.buffered(16);
    try (Engine engine = Engine.builder(Flow.linear("flow-1").add(five("task1"))).serial().listener(stream).build()) {
      engine.run();
      List<RunEvent> events;
      try (Stream<RunEvent> all = stream.events()) {
        events = all.toList();
      }
      assertThat(events.get(0).flowChange().map(FlowStateChange::to)).contains(FlowState.RUNNING);
      assertThat(events.get(0).atomChange()).isEmpty();
      assertThat(events.get(1).atomChange().map(AtomStateChange::to)).contains(AtomState.RUNNING);
      assertThat(events.get(1).flowChange()).isEmpty();
      assertThat(notation(events.stream().filter(RunStreamTest::isChange).toList())).containsExactly(
          "flow-1.f RUNNING", "task1.t RUNNING", "task1.t SUCCESS(5)", "flow-1.f SUCCESS");
      RunEvent.TaskReported reported = (RunEvent.TaskReported) events.stream().filter(e -> !isChange(e))
          .findFirst().orElseThrow();
      assertThat(reported.event().taskName()).isEqualTo("task1");
      assertThat(reported.flowChange()).isEmpty();
      assertThat(reported.atomChange()).isEmpty();
    }
  }
}
