package com.example.guide;

import io.taskflow4j.engine.Engine;
import io.taskflow4j.engine.FlowFailedException;
import io.taskflow4j.flow.Flow;
import io.taskflow4j.listener.LoggingListener;
import io.taskflow4j.state.FlowState;
import java.util.Map;

/** The guide's engine run ("Running flows with the engine"). */
public final class RunningFlows {

  private RunningFlows() {}

  /**
   * Runs a flow for order 42.
   *
   * @param flow the flow, which provides {@code receipt}
   * @return the receipt, or the state the failed flow ended in
   */
  public static Object run(Flow flow) {
    try (Engine engine = Engine.builder(flow)
        .input("order", "42")
        .listener(new LoggingListener())
        .build()) {
      engine.run();                                   // blocks; throws FlowFailedException after reverting
      Object receipt = engine.result("receipt").orElseThrow();
      Map<String, Object> all = engine.results();
      return all.containsKey("receipt") ? receipt : null;
    } catch (FlowFailedException e) {
      e.failures();        // atom name -> Failure that made the flow fail
      e.revertFailures();  // atom name -> Failure of a revert, if any
      FlowState state = e.state();           // REVERTED, or FAILURE when a revert failed
      return state;
    }
  }
}
