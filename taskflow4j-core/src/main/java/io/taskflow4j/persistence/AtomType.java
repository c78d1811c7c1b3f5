package io.taskflow4j.persistence;

/** The kind of an atom detail, spelled as the reference stores it in {@code atom_type}. */
public enum AtomType {
  /** A task. */
  TASK_DETAIL,
  /** A retry controller. */
  RETRY_DETAIL
}
