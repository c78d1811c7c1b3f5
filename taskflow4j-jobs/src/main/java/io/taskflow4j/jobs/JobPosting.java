package io.taskflow4j.jobs;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What to post on a board: a job's name, what builds its flow, its inputs and priority. Made with
 * {@link #builder(String)}.
 *
 * <p>A job names its flow in one of two ways: by a {@link FactoryCall} that travels in the job's
 * details (the conductor then records the run in a logbook of its own, whose id is the job's), or
 * by a {@link JobBook logbook} already in the conductors' store whose flow detail holds the
 * reference's {@code meta.factory}, as the reference posts jobs.
 *
 * @param name the job's name
 * @param factory what builds the flow, when the job says it itself
 * @param inputs inputs to run the flow with ({@code details.store})
 * @param priority its priority
 * @param book the logbook holding its flow detail, if any
 * @param flowId the flow detail within that logbook ({@code details.flow_uuid}), if any
 */
public record JobPosting(
    String name,
    Optional<FactoryCall> factory,
    Map<String, Object> inputs,
    JobPriority priority,
    Optional<JobBook> book,
    Optional<String> flowId) {

  /**
   * Validates and copies the components.
   *
   * @param name the job's name
   * @param factory what builds the flow, when the job says it itself
   * @param inputs inputs to run the flow with ({@code details.store})
   * @param priority its priority
   * @param book the logbook holding its flow detail, if any
   * @param flowId the flow detail within that logbook ({@code details.flow_uuid}), if any
   */
  public JobPosting {
    Objects.requireNonNull(name, "name");
    if (name.isBlank()) {
      throw new IllegalArgumentException("a job name must not be blank");
    }
    Objects.requireNonNull(factory, "factory");
    inputs = Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(inputs, "inputs")));
    Objects.requireNonNull(priority, "priority");
    Objects.requireNonNull(book, "book");
    Objects.requireNonNull(flowId, "flowId");
    if (factory.isEmpty() && book.isEmpty()) {
      throw new IllegalArgumentException("job '" + name + "' names no flow: give a factory or a logbook");
    }
    if (flowId.isPresent() && book.isEmpty()) {
      throw new IllegalArgumentException("job '" + name + "' names flow detail " + flowId.get() + " but no logbook");
    }
  }

  /**
   * Starts a posting.
   *
   * @param name the job's name
   * @return a builder
   */
  public static Builder builder(String name) {
    return new Builder(name);
  }

  /**
   * The details a board stores for this posting, as the reference lays them out.
   *
   * @return {@code store}, and {@code flow_uuid} and {@code factory} when given
   */
  public Map<String, Object> details() {
    Map<String, Object> details = new LinkedHashMap<>();
    details.put(Job.STORE_KEY, inputs);
    flowId.ifPresent(id -> details.put(Job.FLOW_UUID_KEY, id));
    factory.ifPresent(call -> details.put(FactoryCall.META_KEY, call.toMeta()));
    return details;
  }

  /** Builds a {@link JobPosting}; not thread-safe. */
  public static final class Builder {
    private final String name;
    private FactoryCall factory;
    private final Map<String, Object> inputs = new LinkedHashMap<>();
    private JobPriority priority = JobPriority.NORMAL;
    private JobBook book;
    private String flowId;

    private Builder(String name) {
      this.name = Objects.requireNonNull(name, "name");
    }

    /**
     * Names the factory that builds the flow.
     *
     * @param call the factory and its arguments
     * @return this builder
     */
    public Builder factory(FactoryCall call) {
      this.factory = Objects.requireNonNull(call, "factory");
      return this;
    }

    /**
     * Adds an input.
     *
     * @param key the symbol
     * @param value a JSON-like value
     * @return this builder
     */
    public Builder input(String key, Object value) {
      inputs.put(Objects.requireNonNull(key, "input name"), value);
      return this;
    }

    /**
     * Adds inputs.
     *
     * @param values symbol to JSON-like value
     * @return this builder
     */
    public Builder inputs(Map<String, ?> values) {
      Objects.requireNonNull(values, "inputs").forEach(this::input);
      return this;
    }

    /**
     * Sets the priority (default NORMAL).
     *
     * @param value the priority
     * @return this builder
     */
    public Builder priority(JobPriority value) {
      this.priority = Objects.requireNonNull(value, "priority");
      return this;
    }

    /**
     * Names the logbook (and optionally its flow detail) the job runs.
     *
     * @param value the logbook
     * @param flowDetailId the flow detail's id, or null for the logbook's only one
     * @return this builder
     */
    public Builder book(JobBook value, String flowDetailId) {
      this.book = Objects.requireNonNull(value, "book");
      this.flowId = flowDetailId;
      return this;
    }

    /**
     * Builds the posting.
     *
     * @return the posting
     * @throws IllegalArgumentException when it names neither a factory nor a logbook
     */
    public JobPosting build() {
      return new JobPosting(
          name, Optional.ofNullable(factory), inputs, priority, Optional.ofNullable(book), Optional.ofNullable(flowId));
    }
  }
}
