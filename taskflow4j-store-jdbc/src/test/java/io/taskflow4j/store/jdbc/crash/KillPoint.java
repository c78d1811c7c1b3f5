package io.taskflow4j.store.jdbc.crash;

import java.util.Locale;
import java.util.Objects;

/**
 * Where a {@link CrashChild} stops and waits to be killed: before or after its k-th task execute,
 * its k-th task revert, or its k-th {@code FlowStore.save}, counted from 1 within the child.
 * Spelled {@code execute-before:3}, {@code commit-after:1}, ... or {@code none}.
 *
 * @param event what is counted
 * @param after whether the child stops after the event rather than before it
 * @param ordinal which occurrence, from 1; 0 for {@link #NONE}
 */
record KillPoint(Event event, boolean after, int ordinal) {

  /** What a kill point counts. */
  enum Event {
    /** No kill point: the child runs to the end. */
    NONE,
    /** A task's execute: before it writes its side-file line, or after its work, before it returns. */
    EXECUTE,
    /** A task's revert: before it writes its side-file line, or after its work, before it returns. */
    REVERT,
    /** A {@code FlowStore.save}: before the transaction is written, or after it is, before the engine goes on. */
    COMMIT
  }

  static final KillPoint NONE = new KillPoint(Event.NONE, false, 0);

  KillPoint {
    Objects.requireNonNull(event, "event");
    if ((event == Event.NONE) != (ordinal == 0) || ordinal < 0) {
      throw new IllegalArgumentException("a kill point counts from 1, none has 0: " + event + " " + ordinal);
    }
  }

  static KillPoint before(Event event, int ordinal) {
    return new KillPoint(event, false, ordinal);
  }

  static KillPoint after(Event event, int ordinal) {
    return new KillPoint(event, true, ordinal);
  }

  /** Parses {@code none} or {@code EVENT-(before|after):K}. */
  static KillPoint parse(String spec) {
    if (spec.equals("none")) {
      return NONE;
    }
    int dash = spec.indexOf('-');
    int colon = spec.indexOf(':');
    if (dash < 0 || colon < dash) {
      throw new IllegalArgumentException("kill point is none or EVENT-(before|after):K, not " + spec);
    }
    Event event = Event.valueOf(spec.substring(0, dash).toUpperCase(Locale.ROOT));
    String when = spec.substring(dash + 1, colon);
    if (!when.equals("before") && !when.equals("after")) {
      throw new IllegalArgumentException("kill point is none or EVENT-(before|after):K, not " + spec);
    }
    return new KillPoint(event, when.equals("after"), Integer.parseInt(spec.substring(colon + 1)));
  }

  /** Tells whether the {@code ordinal}-th {@code event}, at the moment {@code after} says, is this point. */
  boolean is(Event counted, boolean afterIt, int count) {
    return event == counted && after == afterIt && ordinal == count;
  }

  @Override
  public String toString() {
    return event == Event.NONE ? "none" : event.name().toLowerCase(Locale.ROOT) + (after ? "-after:" : "-before:") + ordinal;
  }
}
