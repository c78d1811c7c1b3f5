package io.taskflow4j.engine;

import io.taskflow4j.TaskflowException;
import java.util.List;

/**
 * A recorded flow cannot be resumed: it has finished, or the flow given to resume it differs from
 * the recorded one in a way that cannot be reconciled (an atom that had run was removed, or its
 * major version changed). The message names the flow and the atoms.
 */
public class ResumeException extends TaskflowException {

  // Transient: taskflow4j never uses Java serialization, so an exception's details are not part
  // of a serial form.
  private final transient List<String> atoms;

  /**
   * Creates the exception.
   *
   * @param message what is wrong
   * @param atoms the atoms concerned; empty when the flow as a whole is
   */
  public ResumeException(String message, List<String> atoms) {
    super(message);
    this.atoms = List.copyOf(atoms);
  }

  /**
   * The atoms that prevent the resume.
   *
   * @return their names; empty when the flow as a whole cannot be resumed
   */
  public List<String> atoms() {
    return atoms;
  }
}
