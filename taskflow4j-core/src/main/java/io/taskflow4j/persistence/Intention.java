package io.taskflow4j.persistence;

/** What the engine means to do with an atom next, spelled as the reference stores it. */
public enum Intention {
  /** Run it (or it has run). */
  EXECUTE,
  /** Undo it (or it has been undone). */
  REVERT,
  /** Run its retry scope again. */
  RETRY,
  /** Skip it. */
  IGNORE
}
