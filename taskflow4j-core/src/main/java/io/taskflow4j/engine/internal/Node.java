package io.taskflow4j.engine.internal;

import io.taskflow4j.retry.Retry;
import io.taskflow4j.task.Task;

/**
 * One vertex of a compiled flow: a task, a retry controller, or the start or end barrier of a
 * flow. Set up by the compiler and read-only afterwards.
 */
final class Node {

  enum Kind {
    TASK,
    RETRY,
    START,
    END
  }

  final int id;
  final Kind kind;
  final String name;
  final Task task;
  final Retry retry;
  /** For a RETRY node, the scope it controls. */
  int controlledScope = -1;
  /** The innermost retry scope containing this node, other than the one it controls. */
  int enclosingScope = -1;
  static final String[] NO_NAMES = new String[0];
  static final Binding[] NO_BINDINGS = new Binding[0];

  String[] argumentNames = NO_NAMES;
  Binding[] arguments = NO_BINDINGS;
  /** A task's revert arguments when it has its own; null when the revert gets the execute's. */
  String[] revertArgumentNames;
  Binding[] revertArguments;
  String[] provides = NO_NAMES;
  /** The deciders on links into this atom, or into the flows it starts; empty for most atoms. */
  EdgeDecider[] deciders = NO_DECIDERS;
  static final EdgeDecider[] NO_DECIDERS = new EdgeDecider[0];
  /** A task's priority; 0 for the other nodes. */
  int priority;
  /** True when {@link #successors} are ordered by priority, highest first. */
  boolean successorsByPriority;
  int[] successors;
  int[] predecessors;

  Node(int id, Kind kind, String name, Task task, Retry retry) {
    this.id = id;
    this.kind = kind;
    this.name = name;
    this.task = task;
    this.retry = retry;
  }

  boolean isAtom() {
    return kind == Kind.TASK || kind == Kind.RETRY;
  }

  @Override
  public String toString() {
    return kind + "[" + name + "]";
  }
}
