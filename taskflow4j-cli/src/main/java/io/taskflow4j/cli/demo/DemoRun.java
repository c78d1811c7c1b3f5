package io.taskflow4j.cli.demo;

import io.taskflow4j.cli.run.RunRecorder;
import io.taskflow4j.engine.Engine;
import io.taskflow4j.engine.FlowFailedException;
import io.taskflow4j.remote.RemoteTaskExecutor;
import io.taskflow4j.state.FlowState;
import io.taskflow4j.transport.memory.InMemoryBroker;
import io.taskflow4j.worker.Worker;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Runs the demo once: an in-memory broker, the two workers of {@link DemoFlow}, a remote task
 * executor that finds them, and an engine running the flow through it while a {@link Display}
 * shows the progress. Everything is in this process and is closed at the end.
 *
 * <p>Thread-safety: one run per call; the method is stateless.
 */
public final class DemoRun {

  /** How long the executor waits for the two workers to answer; they are in this process. */
  private static final Duration DISCOVERY = Duration.ofSeconds(10);

  /**
   * How a demo run ended.
   *
   * @param state SUCCESS, REVERTED, or FAILURE when a revert failed too
   * @param board the board at the end
   * @param results the flow's results (empty unless it succeeded)
   * @param failure why it failed, if it did
   * @param reverted the tasks reverted, in the order their reverts finished
   * @param elapsed how long the run took
   */
  public record Outcome(
      FlowState state,
      RunBoard.Snapshot board,
      Map<String, Object> results,
      Optional<FlowFailedException> failure,
      List<String> reverted,
      Duration elapsed) {}

  private DemoRun() {}

  /**
   * Runs the demo.
   *
   * @param world the simulated world (speed, broken task)
   * @param display shows the run while it happens
   * @return how it ended
   * @throws InterruptedException when interrupted while waiting for the workers
   */
  public static Outcome run(DemoWorld world, Display display) throws InterruptedException {
    Objects.requireNonNull(world, "world");
    Objects.requireNonNull(display, "display");
    RunBoard board = new RunBoard(DemoFlow.FLOW_NAME, DemoFlow.taskNames(), display.lines());
    RunRecorder recorder = new RunRecorder();
    long start = System.nanoTime();
    try (InMemoryBroker broker = InMemoryBroker.create();
        Worker media = DemoFlow.worker(broker.transport(), DemoFlow.MEDIA_TOPIC, world);
        Worker delivery = DemoFlow.worker(broker.transport(), DemoFlow.DELIVERY_TOPIC, world);
        RemoteTaskExecutor remote =
            RemoteTaskExecutor.builder(broker.transport())
                .exchange(DemoFlow.EXCHANGE)
                .topics(DemoFlow.MEDIA_TOPIC, DemoFlow.DELIVERY_TOPIC)
                .build()) {
      media.start();
      delivery.start();
      remote.start();
      remote.waitForWorkers(2, DISCOVERY);
      try (Engine engine =
          Engine.builder(DemoFlow.flow(world))
              .inputs(DemoFlow.inputs())
              .taskExecutor(remote)
              .listener(board)
              .listener(recorder)
              .build()) {
        display.start(board);
        try {
          FlowState state = engine.run();
          return new Outcome(
              state, board.snapshot(), engine.results(), Optional.empty(), recorder.reverted(),
              since(start));
        } catch (FlowFailedException e) {
          return new Outcome(
              e.state(), board.snapshot(), Map.of(), Optional.of(e), recorder.reverted(),
              since(start));
        } finally {
          display.finish();
        }
      }
    }
  }

  private static Duration since(long start) {
    return Duration.ofNanos(System.nanoTime() - start);
  }
}
