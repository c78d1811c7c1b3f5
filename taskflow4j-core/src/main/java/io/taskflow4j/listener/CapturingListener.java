package io.taskflow4j.listener;

import io.taskflow4j.failure.Failure;
import io.taskflow4j.task.Outcome;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.StringJoiner;

/**
 * Records every flow and atom state change it hears, in order: mainly for tests, which can then
 * assert the exact sequence of transitions a run went through, as the reference's capturing
 * listener lets its tests do. {@link #notation()} writes them as the reference's tests do ({@code
 * "flow.f RUNNING"}, {@code "a.t SUCCESS(5)"}, {@code "a.t FAILURE(Failure: IllegalStateException:
 * boom)"}, {@code "a.t REVERTED(None)"}, {@code "r.r RETRYING"}).
 *
 * <pre>{@code
 * CapturingListener capture = CapturingListener.create();
 * Engine.builder(flow).listener(capture).build().run();
 * assertThat(capture.notation()).containsExactly("f.f RUNNING", "a.t RUNNING", "a.t SUCCESS(1)", "f.f SUCCESS");
 * }</pre>
 *
 * <p>Thread-safety: thread-safe.
 */
public final class CapturingListener implements FlowListener {

  /** What a capture is about. */
  public enum Kind {
    /** The flow. */
    FLOW("f"),
    /** A task. */
    TASK("t"),
    /** A retry controller. */
    RETRY("r");

    private final String suffix;

    Kind(String suffix) {
      this.suffix = suffix;
    }
  }

  /**
   * One state change heard.
   *
   * @param kind flow, task or retry controller
   * @param name the flow's or atom's name
   * @param state the state it moved to, by name
   * @param outcome for an atom's SUCCESS and FAILURE, its outcome; for REVERT_FAILURE, the revert's
   *     failure; else empty
   * @param at when, by the engine's clock
   */
  public record Capture(Kind kind, String name, String state, Optional<Outcome> outcome, Instant at) {

    /**
     * Validates the components.
     *
     * @param kind flow, task or retry controller
     * @param name the flow's or atom's name
     * @param state the state it moved to, by name
     * @param outcome the outcome, if the change carries one
     * @param at when
     */
    public Capture {
      Objects.requireNonNull(kind, "kind");
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(state, "state");
      Objects.requireNonNull(outcome, "outcome");
      Objects.requireNonNull(at, "at");
    }

    /**
     * This capture in the reference's test notation: {@code name.kind STATE}, with the result in
     * parentheses for an atom's SUCCESS, FAILURE, REVERTED and REVERT_FAILURE.
     *
     * @return such as {@code "a.t SUCCESS(5)"}
     */
    public String notation() {
      String head = name + "." + kind.suffix + " " + state;
      if (kind == Kind.FLOW) {
        return head;
      }
      return switch (state) {
        case "SUCCESS", "FAILURE", "REVERT_FAILURE" -> head + "(" + outcome.map(CapturingListener::text).orElse("None") + ")";
        case "REVERTED" -> head + "(None)";
        default -> head;
      };
    }
  }

  private final Set<Kind> kinds;
  private final Set<String> skipped;
  private final List<Capture> captures = new ArrayList<>();

  private CapturingListener(Set<Kind> kinds, Set<String> skipped) {
    this.kinds = kinds;
    this.skipped = skipped;
  }

  /**
   * A listener capturing every flow, task and retry change.
   *
   * @return the listener
   */
  public static CapturingListener create() {
    return new CapturingListener(EnumSet.allOf(Kind.class), Set.of());
  }

  /**
   * A listener capturing only some kinds of change, and none of some names.
   *
   * @param kinds what to capture, at least one
   * @param skippedNames flows and atoms not to capture
   * @return the listener
   * @throws IllegalArgumentException when no kind is given
   */
  public static CapturingListener of(Collection<Kind> kinds, Collection<String> skippedNames) {
    if (kinds.isEmpty()) {
      throw new IllegalArgumentException("kinds must name at least one of " + List.of(Kind.values()));
    }
    return new CapturingListener(EnumSet.copyOf(kinds), Set.copyOf(skippedNames));
  }

  @Override
  public void onFlowStateChange(FlowStateChange change) {
    add(new Capture(Kind.FLOW, change.flowName(), change.to().name(), Optional.empty(), change.at()));
  }

  @Override
  public void onAtomStateChange(AtomStateChange change) {
    add(new Capture(change.retry() ? Kind.RETRY : Kind.TASK, change.atomName(), change.to().name(),
        change.outcome(), change.at()));
  }

  private synchronized void add(Capture capture) {
    if (kinds.contains(capture.kind()) && !skipped.contains(capture.name())) {
      captures.add(capture);
    }
  }

  /**
   * What was captured, in order.
   *
   * @return a copy
   */
  public synchronized List<Capture> captures() {
    return List.copyOf(captures);
  }

  /**
   * What was captured, in order, in the reference's test notation.
   *
   * @return a copy
   */
  public synchronized List<String> notation() {
    List<String> lines = new ArrayList<>(captures.size());
    for (Capture capture : captures) {
      lines.add(capture.notation());
    }
    return lines;
  }

  /** Forgets what was captured, as between two runs. */
  public synchronized void clear() {
    captures.clear();
  }

  private static String text(Outcome outcome) {
    if (outcome instanceof Outcome.Failed failed) {
      Failure failure = failed.failure();
      String type = failure.typeName().substring(failure.typeName().lastIndexOf('.') + 1);
      return "Failure: " + type + ": " + failure.message();
    }
    return python(((Outcome.Succeeded) outcome).value(), false);
  }

  /** A value as Python's {@code str} (or, inside containers, {@code repr}) would write it. */
  private static String python(Object value, boolean quoted) {
    if (value == null) {
      return "None";
    }
    if (value instanceof Boolean bool) {
      return bool ? "True" : "False";
    }
    if (value instanceof CharSequence text) {
      return quoted ? "'" + text + "'" : text.toString();
    }
    if (value instanceof Map<?, ?> map) {
      StringJoiner entries = new StringJoiner(", ", "{", "}");
      map.forEach((key, item) -> entries.add(python(key, true) + ": " + python(item, true)));
      return entries.toString();
    }
    if (value instanceof Collection<?> items) {
      StringJoiner joined = new StringJoiner(", ", "[", "]");
      items.forEach(item -> joined.add(python(item, true)));
      return joined.toString();
    }
    return value.toString();
  }
}
