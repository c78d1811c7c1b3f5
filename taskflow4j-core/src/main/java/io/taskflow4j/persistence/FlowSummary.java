package io.taskflow4j.persistence;

/**
 * A flow detail as a listing shows it.
 *
 * @param flow the flow detail
 * @param logBookName the name of its logbook
 * @param atoms how many atoms it has, the injector of inputs not counted
 * @param succeeded how many of them are in state SUCCESS
 */
public record FlowSummary(FlowDetail flow, String logBookName, int atoms, int succeeded) {

  /**
   * Validates the components.
   *
   * @param flow the flow detail
   * @param logBookName the name of its logbook
   * @param atoms how many atoms it has, the injector of inputs not counted
   * @param succeeded how many of them are in state SUCCESS
   */
  public FlowSummary {
    java.util.Objects.requireNonNull(flow, "flow");
    java.util.Objects.requireNonNull(logBookName, "logBookName");
  }
}
