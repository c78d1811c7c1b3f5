package io.taskflow4j.flow;

import java.util.Arrays;
import java.util.Collection;
import java.util.Locale;
import java.util.Objects;

/**
 * How much a {@link Decider} that says no skips, from the widest to the narrowest: the reference's
 * decider depths.
 */
public enum DeciderDepth {
  /** The atom and every atom after it, in nested flows and in the flows around it too. */
  ALL,
  /**
   * The atom and the tasks after it in the same flow; nested flows after it still run, and may then
   * miss what a skipped task would have provided.
   */
  FLOW,
  /** The atom and the tasks directly after it. */
  NEIGHBORS,
  /** The atom alone; what follows it runs as if it had succeeded without providing anything. */
  ATOM;

  /**
   * Reads a depth by its name, in any case ({@code "all"}, {@code "Flow"}, ...).
   *
   * @param text the name
   * @return the depth
   * @throws IllegalArgumentException naming the valid depths when the text is none of them
   */
  public static DeciderDepth parse(String text) {
    Objects.requireNonNull(text, "decider depth must not be null");
    try {
      return valueOf(text.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "unknown decider depth '" + text + "'; expected one of " + Arrays.toString(values())
              + " (any case)", e);
    }
  }

  /**
   * The widest of several depths: what is skipped when several deciders of one atom say no.
   *
   * @param depths at least one depth
   * @return the widest
   * @throws IllegalArgumentException when there is none
   */
  public static DeciderDepth widest(Collection<DeciderDepth> depths) {
    Objects.requireNonNull(depths, "depths");
    DeciderDepth widest = null;
    for (DeciderDepth depth : depths) {
      Objects.requireNonNull(depth, "a depth must not be null");
      if (widest == null || depth.ordinal() < widest.ordinal()) {
        widest = depth;
      }
    }
    if (widest == null) {
      throw new IllegalArgumentException("the widest of no decider depths is undefined; give at least one");
    }
    return widest;
  }
}
