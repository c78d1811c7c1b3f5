package io.taskflow4j.store.jdbc.crash;

import io.taskflow4j.engine.Engine;
import io.taskflow4j.engine.FlowFailedException;
import io.taskflow4j.persistence.FlowStore;
import io.taskflow4j.state.FlowState;
import io.taskflow4j.store.jdbc.FlowStores;
import java.nio.file.Path;
import java.util.UUID;

/**
 * The process {@link CrashResumeTest} kills: runs or resumes one persisted flow.
 *
 * <p>Arguments: {@code STORE_URL SHAPE run SIDE_FILE KILL_POINT} or {@code STORE_URL SHAPE resume
 * FLOW_ID SIDE_FILE KILL_POINT}, where SHAPE is one of {@link CrashShape} and KILL_POINT one of
 * {@link KillPoint} ({@code none} to run to the end).
 *
 * <p>On stdout, in order: {@code flow FLOW_ID} before anything runs; {@code killpoint SPEC} when
 * the kill point is reached (the child then sleeps until killed, exiting with {@link
 * Probe#NOT_KILLED} when nobody kills it); {@code done STATE executes=N reverts=N commits=N} at the
 * end of the run. The side file gets {@code process run|resume PID} first, then one {@code execute
 * NAME} or {@code revert NAME} line per task call, each on disk before the task does its work.
 */
public final class CrashChild {

  private CrashChild() {}

  public static void main(String[] args) {
    if (args.length < 5) {
      System.err.println("usage: CrashChild STORE_URL SHAPE run SIDE_FILE KILL_POINT"
          + " | CrashChild STORE_URL SHAPE resume FLOW_ID SIDE_FILE KILL_POINT");
      System.exit(2);
    }
    String url = args[0];
    CrashShape shape = CrashShape.parse(args[1]);
    boolean resume = args[2].equals("resume");
    if (!resume && !args[2].equals("run")) {
      throw new IllegalArgumentException("mode is run or resume, not " + args[2]);
    }
    int next = resume ? 4 : 3;
    String flowId = resume ? args[3] : UUID.randomUUID().toString();
    Probe probe = new Probe(KillPoint.parse(args[next + 1]), Path.of(args[next]));
    probe.record("process " + (resume ? "resume " : "run ") + ProcessHandle.current().pid());
    FlowState state;
    long started = System.nanoTime();
    long opened;
    try (FlowStore store = new MarkingFlowStore(FlowStores.open(url), probe)) {
      opened = System.nanoTime();
      Engine engine = resume
          ? Engine.builder(shape.flow(probe)).resume(store, flowId).build()
          : Engine.builder(shape.flow(probe)).store(store).flowId(flowId).input("seed", CrashShape.SEED).build();
      System.out.println("flow " + engine.flowId());
      System.out.flush();
      try (engine) {
        state = engine.run();
      } catch (FlowFailedException e) {
        state = e.state();
      }
    }
    System.err.printf("crash child: store opened in %d ms, flow ran in %d ms%n",
        (opened - started) / 1_000_000, (System.nanoTime() - opened) / 1_000_000);
    System.out.println("done " + state + " " + probe.counts());
    System.out.flush();
    System.exit(0);
  }
}
