package io.taskflow4j.dashboard.spi;

import io.taskflow4j.dashboard.DashboardException;
import io.taskflow4j.persistence.FlowDetail;

/**
 * How a dashboard resumes or reverts a recorded flow: it needs the flow's definition and a way to
 * run its tasks, which only the application (or the {@code taskflow} command, from the recorded
 * flow file) has. Both methods start the work and return; the flow's page then shows its progress.
 *
 * <p>Thread-safety: implementations are thread-safe; the dashboard calls them from its request
 * threads.
 */
public interface FlowActions {

  /**
   * Starts resuming a suspended or crashed flow.
   *
   * @param flow the flow, as the store holds it now; not finished
   * @throws DashboardException when it cannot be resumed, with a message for the page
   */
  void resume(FlowDetail flow);

  /**
   * Starts reverting a suspended or crashed flow.
   *
   * @param flow the flow, as the store holds it now; not finished
   * @throws DashboardException when it cannot be reverted, with a message for the page
   */
  void revert(FlowDetail flow);
}
