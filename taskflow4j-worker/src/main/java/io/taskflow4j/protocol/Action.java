package io.taskflow4j.protocol;

import java.util.Optional;

/**
 * What a REQUEST asks the worker to do with its task.
 *
 * <p>Thread-safety: immutable.
 */
public enum Action {
  /** Run the task's execute. */
  EXECUTE("execute"),
  /** Run the task's revert. */
  REVERT("revert");

  private final String wireName;

  Action(String wireName) {
    this.wireName = wireName;
  }

  /**
   * The action as the body spells it.
   *
   * @return {@code execute} or {@code revert}
   */
  public String wireName() {
    return wireName;
  }

  /**
   * Finds the action a body names.
   *
   * @param wireName {@code execute} or {@code revert}, case-sensitive as on the wire
   * @return the action, or empty for any other name
   */
  public static Optional<Action> fromWireName(String wireName) {
    for (Action action : values()) {
      if (action.wireName.equals(wireName)) {
        return Optional.of(action);
      }
    }
    return Optional.empty();
  }
}
