package io.taskflow4j.cli.flowfile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.taskflow4j.engine.Engine;
import io.taskflow4j.engine.FlowFailedException;
import io.taskflow4j.listener.AtomStateChange;
import io.taskflow4j.listener.FlowListener;
import io.taskflow4j.state.AtomState;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** Retries written in flow files behave as the retry controllers they name. */
class RetryFromFileTest {

  private final List<String> started = new CopyOnWriteArrayList<>();

  private final FlowListener recorder =
      new FlowListener() {
        @Override
        public void onAtomStateChange(AtomStateChange change) {
          if (change.to() == AtomState.RUNNING && !change.retry()) {
            started.add(change.atomName());
          }
        }
      };

  private Engine engine(String yaml) {
    LoadedFlow loaded = FlowFileErrorsTest.load("f", yaml, FlowFileFormat.YAML);
    return Engine.builder(loaded.flow()).inputs(loaded.inputs()).listener(recorder).serial().build();
  }

  @Test
  void timesRetryRunsTheFlowTheGivenNumberOfTimesThenReverts() {
    String yaml =
        String.join(
            "\n",
            "flow:",
            "  name: f",
            "  pattern: linear",
            "  retry: {kind: times, attempts: 3}",
            "  elements: [{task: Fail, name: boom, inject: {message: no}}]");

    try (Engine engine = engine(yaml)) {
      FlowFailedException failure = catchThrowableOfType(FlowFailedException.class, engine::run);

      assertThat(failure).isNotNull();
      assertThat(started).containsExactly("boom", "boom", "boom");
    }
  }

  @Test
  void forEachRetryTriesEachValueUntilOneWorks() {
    String yaml =
        String.join(
            "\n",
            "inputs: {wanted: c}",
            "flow:",
            "  name: f",
            "  pattern: linear",
            "  retry: {kind: for_each, values: [a, b, c, d], provides: value}",
            "  elements:",
            "    - {task: io.taskflow4j.cli.testtasks.FailUnless, name: pick, provides: picked}");

    try (Engine engine = engine(yaml)) {
      engine.run();

      assertThat(engine.result("picked")).hasValue("c");
      assertThat(started).containsExactly("pick", "pick", "pick");
    }
  }

  @Test
  void parameterizedForEachRetryReadsItsValuesFromAnInput() {
    String yaml =
        String.join(
            "\n",
            "inputs: {wanted: 2, candidates: [0, 1, 2]}",
            "flow:",
            "  name: f",
            "  pattern: linear",
            "  retry: {kind: parameterized_for_each, values_from: candidates, provides: value}",
            "  elements:",
            "    - {task: io.taskflow4j.cli.testtasks.FailUnless, name: pick, provides: picked}");

    try (Engine engine = engine(yaml)) {
      engine.run();

      assertThat(engine.result("picked")).hasValue(2);
      assertThat(started).hasSize(3);
    }
  }

  @Test
  void alwaysRevertAllRevertsTheOuterFlowDespiteItsOwnRetry() {
    String yaml =
        String.join(
            "\n",
            "flow:",
            "  name: outer",
            "  pattern: linear",
            "  retry: {kind: times, attempts: 5}",
            "  elements:",
            "    - {task: Undoable, name: first}",
            "    - flow:",
            "        name: inner",
            "        pattern: linear",
            "        retry: {kind: always_revert_all}",
            "        elements: [{task: Fail, name: boom, inject: {message: no}}]");

    try (Engine engine = engine(yaml)) {
      assertThat(catchThrowableOfType(FlowFailedException.class, engine::run)).isNotNull();

      assertThat(started).containsExactly("first", "boom");
      assertThat(engine.atomState("first")).isEqualTo(AtomState.REVERTED);
    }
  }
}
