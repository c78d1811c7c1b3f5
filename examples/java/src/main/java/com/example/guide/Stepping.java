package com.example.guide;

import io.taskflow4j.engine.Engine;
import io.taskflow4j.flow.Flow;
import io.taskflow4j.listener.RunEvent;
import io.taskflow4j.listener.RunStream;
import io.taskflow4j.state.FlowState;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** The guide's run stepped one change at a time ("Stepping through a run"). */
public final class Stepping {

  private Stepping() {}

  /**
   * Runs a flow one change at a time, suspending it once {@code stopAfter} has succeeded.
   *
   * @param flow the flow
   * @param stopAfter the task after whose success the run is suspended
   * @return every event seen, in the notation of the reference's tests
   */
  public static List<String> untilAfter(Flow flow, String stopAfter) {
    List<String> seen = new ArrayList<>();
    RunStream stream = RunStream.create();
    try (Engine engine = Engine.builder(flow).listener(stream).build()) {
      CompletableFuture<FlowState> run = stream.start(engine::runAsync);   // runs on a thread of its own
      Iterator<RunEvent> events = stream.iterator();
      while (events.hasNext()) {
        RunEvent event = events.next();        // the engine waits here until the next hasNext()
        seen.add(event.notation());            // "flow-1.f RUNNING", "reserve.t RUNNING", ...
        if (event.notation().startsWith(stopAfter + ".t SUCCESS")) {
          stream.atChange(engine::suspend);    // on the held engine thread: nothing else starts
        }
      }
      run.join();                              // SUSPENDED
    }
    return seen;
  }
}
