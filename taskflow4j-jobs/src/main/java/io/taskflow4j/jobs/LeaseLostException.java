package io.taskflow4j.jobs;

/**
 * A claim is no longer held: its lease lapsed (and perhaps another owner claimed the job), or the
 * job was consumed or trashed by someone else. Whoever held it must stop working on the job.
 */
public class LeaseLostException extends JobBoardException {

  /**
   * Creates the exception.
   *
   * @param message which job, which owner, and what was found instead
   */
  public LeaseLostException(String message) {
    super(message);
  }
}
