package io.taskflow4j.jobs;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The flow factories a conductor serves, by name, with aliases: a Python factory name such as
 * {@code myapp.flows.make_provision} can be served by a Java factory registered as {@code
 * provision}. Made with {@link #builder()}; immutable and thread-safe.
 */
public final class FlowFactories {

  private final Map<String, FlowFactory> factories;
  private final Map<String, String> aliases;

  private FlowFactories(Map<String, FlowFactory> factories, Map<String, String> aliases) {
    this.factories = Collections.unmodifiableMap(new LinkedHashMap<>(factories));
    this.aliases = Collections.unmodifiableMap(new LinkedHashMap<>(aliases));
  }

  /**
   * Starts a registry.
   *
   * @return a builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The factory registered under a name or an alias.
   *
   * @param name the name a job gives
   * @return the factory, or empty when none is registered under it
   */
  public Optional<FlowFactory> find(String name) {
    FlowFactory direct = factories.get(name);
    if (direct != null) {
      return Optional.of(direct);
    }
    String target = aliases.get(name);
    return target == null ? Optional.empty() : Optional.ofNullable(factories.get(target));
  }

  /**
   * Every name served: registered names and aliases.
   *
   * @return the names, sorted
   */
  public Set<String> names() {
    TreeSet<String> names = new TreeSet<>(factories.keySet());
    names.addAll(aliases.keySet());
    return Collections.unmodifiableSet(names);
  }

  /** Builds {@link FlowFactories}; not thread-safe. {@link #build()} validates. */
  public static final class Builder {
    private final Map<String, FlowFactory> factories = new LinkedHashMap<>();
    private final Map<String, String> aliases = new LinkedHashMap<>();

    private Builder() {}

    /**
     * Registers a factory.
     *
     * @param name its name, unique
     * @param factory the factory
     * @return this builder
     * @throws IllegalArgumentException when the name is blank or already taken
     */
    public Builder register(String name, FlowFactory factory) {
      requireFree(name);
      factories.put(name, Objects.requireNonNull(factory, "factory"));
      return this;
    }

    /**
     * Makes another name mean a registered factory, as the worker's {@code NAME=CLASS}.
     *
     * @param alias the other name, such as a Python factory's dotted name
     * @param target a name registered with {@link #register} (before or after this call)
     * @return this builder
     * @throws IllegalArgumentException when the alias is blank or already taken
     */
    public Builder alias(String alias, String target) {
      requireFree(alias);
      aliases.put(alias, Objects.requireNonNull(target, "target"));
      return this;
    }

    private void requireFree(String name) {
      Objects.requireNonNull(name, "name");
      if (name.isBlank()) {
        throw new IllegalArgumentException("a factory name must not be blank");
      }
      if (factories.containsKey(name) || aliases.containsKey(name)) {
        throw new IllegalArgumentException("the factory name '" + name + "' is already registered");
      }
    }

    /**
     * Builds the registry.
     *
     * @return the registry
     * @throws IllegalArgumentException when an alias names no registered factory
     */
    public FlowFactories build() {
      aliases.forEach((alias, target) -> {
        if (!factories.containsKey(target)) {
          throw new IllegalArgumentException("alias '" + alias + "' names '" + target
              + "', which is not a registered factory; registered: " + String.join(", ", new TreeSet<>(factories.keySet())));
        }
      });
      return new FlowFactories(factories, aliases);
    }
  }
}
