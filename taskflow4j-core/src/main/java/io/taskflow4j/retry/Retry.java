package io.taskflow4j.retry;

import io.taskflow4j.TaskflowException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A retry controller attached to a flow, with what it provides and requires and an optional delay
 * between attempts. Attach it with {@code flow.retry(...)}; the engine runs it as an atom named
 * {@code <flow name>-retry} unless it has its own name.
 *
 * <pre>{@code
 * Flow.linear("charge").retry(Retry.times(3).withBackoff(Backoff.fixed(Duration.ofSeconds(1))))
 * }</pre>
 *
 * @param name the atom's name, or empty for the default
 * @param controller the policy
 * @param provides the name the controller's value is provided under, if any
 * @param requires the names the controller needs as arguments
 * @param backoff the delay between attempts, if any
 */
public record Retry(
    Optional<String> name,
    RetryController controller,
    Optional<String> provides,
    List<String> requires,
    Optional<Backoff> backoff) {

  /**
   * Validates and copies the components.
   *
   * @param name the atom's name, or empty for the default
   * @param controller the policy
   * @param provides the name the controller's value is provided under, if any
   * @param requires the names the controller needs as arguments
   * @param backoff the delay between attempts, if any
   */
  public Retry {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(controller, "controller");
    Objects.requireNonNull(provides, "provides");
    requires = List.copyOf(requires);
    Objects.requireNonNull(backoff, "backoff");
    name.ifPresent(n -> requireNotBlank(n, "retry name"));
    provides.ifPresent(p -> requireNotBlank(p, "retry provides"));
    requires.forEach(r -> requireNotBlank(r, "retry requires"));
  }

  /**
   * Wraps a custom controller.
   *
   * @param controller the policy
   * @return a retry with no name, provides or backoff
   */
  public static Retry of(RetryController controller) {
    return new Retry(Optional.empty(), controller, Optional.empty(), List.of(), Optional.empty());
  }

  /**
   * Runs the flow up to {@code attempts} times in all, then reverts it (and lets the enclosing
   * flow decide). Like the reference's {@code Times}, it provides the attempt's number, from 1.
   *
   * @param attempts the total number of attempts, at least 1
   * @return the retry
   */
  public static Retry times(int attempts) {
    return times(attempts, RetryDecision.REVERT);
  }

  /**
   * Runs the flow up to {@code attempts} times in all, then applies {@code whenExhausted}. Like
   * the reference's {@code Times}, it provides the attempt's number, from 1.
   *
   * @param attempts the total number of attempts, at least 1
   * @param whenExhausted REVERT or REVERT_ALL
   * @return the retry
   */
  public static Retry times(int attempts, RetryDecision whenExhausted) {
    if (attempts < 1) {
      throw new IllegalArgumentException("retry attempts must be at least 1, got " + attempts);
    }
    requireRevert(whenExhausted);
    return of(
        new RetryController() {
          @Override
          public RetryDecision onFailure(RetryHistory history) {
            return history.failedAttempts() < attempts ? RetryDecision.RETRY : whenExhausted;
          }

          @Override
          public Optional<Object> nextValue(RetryHistory history) {
            return Optional.of(history.failedAttempts() + 1);
          }
        });
  }

  /**
   * Runs the flow once per value until one attempt succeeds, providing the value under {@code
   * provides}; reverts when the values are exhausted.
   *
   * @param values the values to try, in order, at least one
   * @param provides the name the flow's tasks read the value from
   * @return the retry
   */
  public static Retry forEach(Collection<?> values, String provides) {
    return forEach(values, provides, RetryDecision.REVERT);
  }

  /**
   * Runs the flow once per value until one attempt succeeds, providing the value under {@code
   * provides}; applies {@code whenExhausted} when the values are exhausted (the reference's
   * {@code revert_all} is {@link RetryDecision#REVERT_ALL}).
   *
   * @param values the values to try, in order, at least one
   * @param provides the name the flow's tasks read the value from
   * @param whenExhausted REVERT or REVERT_ALL
   * @return the retry
   */
  public static Retry forEach(Collection<?> values, String provides, RetryDecision whenExhausted) {
    requireRevert(whenExhausted);
    List<Object> copy = new ArrayList<>(Objects.requireNonNull(values, "values"));
    if (copy.isEmpty()) {
      throw new IllegalArgumentException("forEach retry needs at least one value");
    }
    RetryController controller =
        new RetryController() {
          @Override
          public RetryDecision onFailure(RetryHistory history) {
            return history.failedAttempts() < copy.size() ? RetryDecision.RETRY : whenExhausted;
          }

          @Override
          public Optional<Object> nextValue(RetryHistory history) {
            return Optional.ofNullable(copy.get(history.failedAttempts()));
          }
        };
    return new Retry(
        Optional.empty(), controller, Optional.of(provides), List.of(), Optional.empty());
  }

  /**
   * Like {@link #forEach} but the values are read at run time from the argument {@code
   * valuesFrom} (a list or other collection).
   *
   * @param valuesFrom the name of the argument holding the values
   * @param provides the name the flow's tasks read the current value from
   * @return the retry
   */
  public static Retry parameterizedForEach(String valuesFrom, String provides) {
    return parameterizedForEach(valuesFrom, provides, RetryDecision.REVERT);
  }

  /**
   * Like {@link #forEach(Collection, String, RetryDecision)} but the values are read at run time
   * from the argument {@code valuesFrom} (a list or other collection).
   *
   * @param valuesFrom the name of the argument holding the values
   * @param provides the name the flow's tasks read the current value from
   * @param whenExhausted REVERT or REVERT_ALL
   * @return the retry
   */
  public static Retry parameterizedForEach(String valuesFrom, String provides, RetryDecision whenExhausted) {
    requireNotBlank(valuesFrom, "valuesFrom");
    requireRevert(whenExhausted);
    RetryController controller =
        new RetryController() {
          @Override
          public RetryDecision onFailure(RetryHistory history) {
            return history.failedAttempts() < values(history).size() ? RetryDecision.RETRY : whenExhausted;
          }

          @Override
          public Optional<Object> nextValue(RetryHistory history) {
            List<?> values = values(history);
            if (values.isEmpty()) {
              throw new TaskflowException(
                  "parameterized forEach retry got no values from '" + valuesFrom + "'");
            }
            return Optional.ofNullable(values.get(history.failedAttempts()));
          }

          private List<?> values(RetryHistory history) {
            Object values = history.arguments().get(valuesFrom);
            if (values instanceof List<?> list) {
              return list;
            }
            if (values instanceof Collection<?> collection) {
              return new ArrayList<>(collection);
            }
            throw new TaskflowException(
                "parameterized forEach retry needs a collection in '"
                    + valuesFrom
                    + "', got "
                    + (values == null ? "null" : values.getClass().getName()));
          }
        };
    return new Retry(
        Optional.empty(),
        controller,
        Optional.of(provides),
        List.of(valuesFrom),
        Optional.empty());
  }

  /**
   * Never retries: reverts the flow and lets the enclosing flow decide.
   *
   * @return the retry
   */
  public static Retry alwaysRevert() {
    return of(history -> RetryDecision.REVERT);
  }

  /**
   * Never retries: reverts the whole flow, whatever enclosing controllers would decide.
   *
   * @return the retry
   */
  public static Retry alwaysRevertAll() {
    return of(history -> RetryDecision.REVERT_ALL);
  }

  /**
   * The same retry with a name.
   *
   * @param atomName the atom's name
   * @return a new retry
   */
  public Retry named(String atomName) {
    return new Retry(Optional.of(atomName), controller, provides, requires, backoff);
  }

  /**
   * The same retry waiting between attempts.
   *
   * @param delay the backoff
   * @return a new retry
   */
  public Retry withBackoff(Backoff delay) {
    return new Retry(name, controller, provides, requires, Optional.of(delay));
  }

  /**
   * The same retry providing its value under a name.
   *
   * @param symbol the name
   * @return a new retry
   */
  public Retry providing(String symbol) {
    return new Retry(name, controller, Optional.of(symbol), requires, backoff);
  }

  /**
   * The same retry requiring more arguments.
   *
   * @param symbols the names
   * @return a new retry
   */
  public Retry requiring(String... symbols) {
    List<String> all = new ArrayList<>(requires);
    all.addAll(List.of(symbols));
    return new Retry(name, controller, provides, all, backoff);
  }

  private static void requireRevert(RetryDecision decision) {
    if (decision != RetryDecision.REVERT && decision != RetryDecision.REVERT_ALL) {
      throw new IllegalArgumentException(
          "when attempts are exhausted the decision must be REVERT or REVERT_ALL, not " + decision);
    }
  }

  private static String requireNotBlank(String value, String what) {
    Objects.requireNonNull(value, what + " must not be null");
    if (value.isBlank()) {
      throw new IllegalArgumentException(what + " must not be blank");
    }
    return value;
  }
}
