package com.example.guide;

import static org.assertj.core.api.Assertions.assertThat;

import io.taskflow4j.flow.Flow;
import io.taskflow4j.task.Task;
import org.junit.jupiter.api.Test;

/** The guide's stepped run, against the installed taskflow4j. */
class SteppingTest {

  @Test
  void aRunSteppedThroughIsSuspendedRightAfterTheChosenTask() {
    Flow flow = Flow.linear("flow-1").add(
        Task.builder("reserve").execute(ctx -> "R-1").build(),
        Task.builder("charge").execute(ctx -> "paid").build());
    assertThat(Stepping.untilAfter(flow, "reserve")).containsSubsequence(
        "flow-1.f RUNNING", "reserve.t RUNNING", "reserve.t SUCCESS(R-1)", "flow-1.f SUSPENDING", "flow-1.f SUSPENDED")
        .doesNotContain("charge.t RUNNING");
  }
}
