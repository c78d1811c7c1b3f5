package io.taskflow4j.cli.flowfile;

import java.util.Objects;

/**
 * What decides, on a graph flow's link, whether the element it leads to runs: a condition on a
 * result written in the file ({@code when}) or a Java class ({@code decider}). Thread-safety:
 * immutable.
 */
public sealed interface LinkDecider {

  /**
   * Where the decider is written.
   *
   * @return the location of the {@code when} or {@code decider} value
   */
  SourceLocation location();

  /**
   * A {@code when} condition on a result.
   *
   * @param condition the condition, which is the decider
   * @param location where the {@code when} object is written
   * @param resultLocation where the atom whose result is tested is named: the {@code result} field,
   *     or the link's {@code from} when the condition leaves it out
   */
  record When(ResultCondition condition, SourceLocation location, SourceLocation resultLocation)
      implements LinkDecider {

    /**
     * Validates the components.
     *
     * @param condition the condition, which is the decider
     * @param location where the {@code when} object is written
     * @param resultLocation where the atom whose result is tested is named
     */
    public When {
      Objects.requireNonNull(condition, "condition");
      Objects.requireNonNull(location, "location");
      Objects.requireNonNull(resultLocation, "resultLocation");
    }
  }

  /**
   * A {@code decider}: a class implementing {@link io.taskflow4j.flow.Decider}, created with its
   * public no-argument constructor when the flow is assembled.
   *
   * @param className the class's binary name, as written
   * @param location where the class name is written
   */
  record JavaClass(String className, SourceLocation location) implements LinkDecider {

    /**
     * Validates the components.
     *
     * @param className the class's binary name, as written
     * @param location where the class name is written
     */
    public JavaClass {
      Objects.requireNonNull(className, "className");
      Objects.requireNonNull(location, "location");
    }
  }
}
