package io.taskflow4j.flow;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * What a {@link Decider} decides on: the results of the atoms that the deciding links into an atom
 * come from (links from a whole flow contribute no result), skipped atoms left out. Results are the
 * JSON-like values the engine keeps (numbers, strings, booleans, lists, maps). Immutable.
 */
public final class DeciderHistory {

  private final Map<String, Object> results;

  private DeciderHistory(Map<String, Object> results) {
    this.results = results;
  }

  /**
   * A history of the given results.
   *
   * @param results atom name to its result, which may be null
   * @return the history
   */
  public static DeciderHistory of(Map<String, ?> results) {
    return new DeciderHistory(Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(results, "results"))));
  }

  /**
   * A history of one atom's result.
   *
   * @param atom the atom's name
   * @param result its result, which may be null
   * @return the history
   */
  public static DeciderHistory of(String atom, Object result) {
    return new DeciderHistory(Collections.singletonMap(Objects.requireNonNull(atom, "atom"), result));
  }

  /**
   * The atoms whose results this history holds.
   *
   * @return their names, in the order of the links
   */
  public Set<String> atoms() {
    return results.keySet();
  }

  /**
   * One atom's result.
   *
   * @param atom an atom of {@link #atoms()}
   * @return its result, empty when it returned nothing (null)
   * @throws IllegalArgumentException naming the atoms there are, when this one is not among them
   */
  public Optional<Object> result(String atom) {
    Objects.requireNonNull(atom, "atom");
    if (!results.containsKey(atom)) {
      throw new IllegalArgumentException(
          "no result of '" + atom + "' in this decider's history; it holds " + results.keySet()
              + " (the atoms that the deciding links into this atom come from)");
    }
    return Optional.ofNullable(results.get(atom));
  }

  @Override
  public String toString() {
    return "DeciderHistory" + results;
  }
}
