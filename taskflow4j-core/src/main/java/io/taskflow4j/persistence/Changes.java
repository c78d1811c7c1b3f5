package io.taskflow4j.persistence;

import java.util.List;

/**
 * What one {@link FlowStore#save(Changes)} writes, in one transaction: logbooks, then flow
 * details, then atom details, each inserted or, when its uuid exists, replaced (its {@code
 * createdAt} kept).
 *
 * @param logBooks logbooks to write
 * @param flows flow details to write; their logbooks must exist or be in this change
 * @param atoms atom details to write; their flow details must exist or be in this change
 */
public record Changes(List<LogBook> logBooks, List<FlowDetail> flows, List<AtomDetail> atoms) {

  /**
   * Copies the lists.
   *
   * @param logBooks logbooks to write
   * @param flows flow details to write; their logbooks must exist or be in this change
   * @param atoms atom details to write; their flow details must exist or be in this change
   */
  public Changes {
    logBooks = List.copyOf(logBooks);
    flows = List.copyOf(flows);
    atoms = List.copyOf(atoms);
  }

  /**
   * Tells whether there is nothing to write.
   *
   * @return true when every list is empty
   */
  public boolean isEmpty() {
    return logBooks.isEmpty() && flows.isEmpty() && atoms.isEmpty();
  }
}
