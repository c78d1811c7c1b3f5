package io.taskflow4j.flow;

import io.taskflow4j.TaskflowException;
import java.util.List;

/**
 * Thrown when a flow cannot be compiled: a cycle, a duplicate name, a requirement nothing
 * provides, an ambiguous provider. The message names the atoms and symbols involved, which are
 * also available as lists.
 */
public class FlowDefinitionException extends TaskflowException {

  // Transient: taskflow4j never uses Java serialization, so an exception's details are not part
  // of a serial form.
  private final transient List<String> atoms;
  private final transient List<String> symbols;

  /**
   * Creates the exception.
   *
   * @param message what is wrong
   * @param atoms the atoms (or flows) involved
   * @param symbols the symbols involved
   */
  public FlowDefinitionException(String message, List<String> atoms, List<String> symbols) {
    super(message);
    this.atoms = List.copyOf(atoms);
    this.symbols = List.copyOf(symbols);
  }

  /**
   * The atoms or flows involved.
   *
   * @return their names
   */
  public List<String> atoms() {
    return atoms;
  }

  /**
   * The symbols involved.
   *
   * @return their names, possibly empty
   */
  public List<String> symbols() {
    return symbols;
  }
}
