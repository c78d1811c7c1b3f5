package io.taskflow4j.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.taskflow4j.engine.Engine;
import io.taskflow4j.engine.FlowFailedException;
import io.taskflow4j.flow.Flow;
import io.taskflow4j.listener.FlowListener;
import io.taskflow4j.listener.TaskEvent;
import io.taskflow4j.task.Task;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class ExampleTasksTest {

  private final List<TaskEvent> events = new CopyOnWriteArrayList<>();

  private Object runOne(Task task, Map<String, Object> inputs) {
    Flow flow = Flow.linear("f").add(task);
    try (Engine engine =
        Engine.builder(flow)
            .inputs(inputs)
            .serial()
            .listener(
                new FlowListener() {
                  @Override
                  public void onTaskEvent(TaskEvent event) {
                    events.add(event);
                  }
                })
            .build()) {
      engine.run();
      return engine.result("out").orElse(null);
    }
  }

  private static Task providingOut(Task task) {
    return Task.builder(task.name())
        .requires(task.spec().requires().toArray(String[]::new))
        .provides("out")
        .execute(task::execute)
        .revert(task::revert)
        .build();
  }

  @Test
  void everyExampleIsRegisteredUnderItsSimpleName() {
    assertThat(ExampleTasks.byName()).containsOnlyKeys("Add", "Echo", "Fail", "Sleep", "Undoable");
    ExampleTasks.byName().forEach((name, type) -> assertThat(type.getSimpleName()).isEqualTo(name));
  }

  @Test
  void addSumsWholeNumbersExactlyAndOthersAsDoubles() {
    assertThat(runOne(providingOut(new Add()), Map.of("a", 2, "b", 3))).isEqualTo(5L);
    assertThat(runOne(providingOut(new Add()), Map.of("a", Long.MAX_VALUE, "b", 1)))
        .isEqualTo(BigInteger.valueOf(Long.MAX_VALUE).add(BigInteger.ONE));
    assertThat(runOne(providingOut(new Add()), Map.of("a", 1.5, "b", 2))).isEqualTo(3.5);
  }

  @Test
  void addFailsOnSomethingThatIsNotANumber() {
    FlowFailedException failure =
        catchThrowableOfType(
            FlowFailedException.class, () -> runOne(new Add("sum"), Map.of("a", "two", "b", 2)));

    assertThat(failure.failures().get("sum").message())
        .isEqualTo("argument 'a' must be a number, got String two");
  }

  @Test
  void echoReturnsItsMessageUnchanged() {
    Object message = List.of(1, Map.of("k", "v"));

    assertThat(runOne(providingOut(new Echo()), Map.of("message", message))).isEqualTo(message);
  }

  @Test
  void failThrowsWithItsMessage() {
    FlowFailedException failure =
        catchThrowableOfType(FlowFailedException.class, () -> runOne(new Fail("f1"), Map.of("message", "nope")));

    assertThat(failure.failures().get("f1").typeName()).isEqualTo("java.lang.RuntimeException");
    assertThat(failure.failures().get("f1").message()).isEqualTo("nope");
  }

  @Test
  void sleepReportsProgressInStepsUpToDone() {
    Object result = runOne(providingOut(new Sleep("nap")), Map.of("seconds", 0));

    assertThat(result).isEqualTo(0);
    List<Double> progress =
        events.stream().filter(e -> e.taskName().equals("nap")).flatMap(e -> e.progress().stream()).toList();
    // The engine's 0.0 as the task starts and 1.0 as it succeeds, the task's own steps between.
    assertThat(progress).hasSize(Sleep.STEPS + 2).isSorted().startsWith(0.0).endsWith(1.0, 1.0);
    assertThat(progress.get(1)).isEqualTo(1.0 / Sleep.STEPS);
  }

  @Test
  void sleepRefusesANegativeDuration() {
    FlowFailedException failure =
        catchThrowableOfType(FlowFailedException.class, () -> runOne(new Sleep(), Map.of("seconds", -1)));

    assertThat(failure.failures().get("sleep").message()).contains("must be a number from 0");
  }

  @Test
  void undoableRevertIsLoggedAndEmittedWithWhatItUndid() {
    Logger logger = (Logger) LoggerFactory.getLogger(Undoable.class);
    ListAppender<ILoggingEvent> logs = new ListAppender<>();
    logs.start();
    logger.addAppender(logs);
    ch.qos.logback.classic.Level before = logger.getLevel();
    logger.setLevel(ch.qos.logback.classic.Level.INFO);
    try {
      Flow flow = Flow.linear("f").add(new Undoable("keep"), new Fail("boom"));
      try (Engine engine = Engine.builder(flow).input("message", "x").serial().listener(new FlowListener() {
            @Override
            public void onTaskEvent(TaskEvent event) {
              events.add(event);
            }
          }).build()) {
        assertThat(catchThrowableOfType(FlowFailedException.class, engine::run)).isNotNull();
      }
    } finally {
      logger.detachAppender(logs);
      logger.setLevel(before);
    }

    assertThat(logs.list).extracting(ILoggingEvent::getFormattedMessage).containsExactly("doing keep", "reverting keep");
    assertThat(events)
        .filteredOn(e -> e.eventType().equals(Undoable.REVERTED_EVENT))
        .singleElement()
        .satisfies(e -> assertThat(e.details()).containsEntry("task", "keep").containsEntry("undid", "keep done"));
  }
}
