package io.taskflow4j.cli.jobs;

import io.taskflow4j.cli.flowfile.FlowAssembler;
import io.taskflow4j.cli.flowfile.FlowFileException;
import io.taskflow4j.cli.flowfile.FlowFiles;
import io.taskflow4j.cli.flowfile.FlowSource;
import io.taskflow4j.cli.flowfile.TaskResolver;
import io.taskflow4j.flow.Flow;
import io.taskflow4j.flow.FlowDefinitionException;
import io.taskflow4j.jobs.FactoryCall;
import io.taskflow4j.jobs.FlowFactory;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Builds flows from flow files for conductors: the file that {@code taskflow jobs post FILE} put
 * into a job (its content travels in the factory's named arguments, so a conductor needs no access
 * to the poster's disk), or one file the conductor was given with {@code --flow NAME=FILE}.
 *
 * <p>Thread-safety: immutable and thread-safe: each flow is assembled with a task resolver of its
 * own from the supplier, since the factories that declare remote tasks keep what they declared.
 */
public final class FlowFileFactory implements FlowFactory {

  /** The factory name of jobs that carry their flow file. */
  public static final String NAME = "taskflow4j.flow_file";

  /** The named argument holding the inputs a flow file's fan-outs are expanded over. */
  public static final String INPUTS = "inputs";

  private final Supplier<TaskResolver> tasks;
  private final Optional<FlowSource> fixed;

  private FlowFileFactory(Supplier<TaskResolver> tasks, Optional<FlowSource> fixed) {
    this.tasks = Objects.requireNonNull(tasks, "tasks");
    this.fixed = fixed;
  }

  /**
   * The factory for jobs that carry their flow file.
   *
   * @param tasks gives a factory for the tasks of each flow built
   * @return the factory
   */
  public static FlowFileFactory carried(Supplier<TaskResolver> tasks) {
    return new FlowFileFactory(tasks, Optional.empty());
  }

  /**
   * A factory that always builds the flow of one file, whatever the job's arguments.
   *
   * @param tasks gives a factory for the tasks of each flow built
   * @param source the file, read once
   * @return the factory
   */
  public static FlowFileFactory of(Supplier<TaskResolver> tasks, FlowSource source) {
    return new FlowFileFactory(tasks, Optional.of(source));
  }

  /**
   * The call that makes a conductor build a flow file's flow.
   *
   * @param source the file
   * @return a call of {@link #NAME} carrying the file
   */
  public static FactoryCall callFor(FlowSource source) {
    return FactoryCall.of(NAME, source.toMeta());
  }

  /**
   * The call that makes a conductor build a flow file's flow with the job's inputs, over which the
   * file's fan-outs are expanded (a factory is not given the job's inputs otherwise).
   *
   * @param source the file
   * @param inputs the inputs the job is posted with (JSON-like values)
   * @return a call of {@link #NAME} carrying the file and, under {@value #INPUTS}, the inputs
   */
  public static FactoryCall callFor(FlowSource source, Map<String, ?> inputs) {
    Map<String, Object> kwargs = new LinkedHashMap<>(source.toMeta());
    kwargs.put(INPUTS, new LinkedHashMap<>(inputs));
    return FactoryCall.of(NAME, kwargs);
  }

  @Override
  public Flow create(FactoryCall call) {
    FlowSource source = fixed.or(() -> FlowSource.fromMeta(call.kwargs()))
        .orElseThrow(() -> new IllegalArgumentException("factory '" + call.name()
            + "' needs the named arguments path, format (yaml or json) and content of a flow file"));
    try {
      Map<String, Object> inputs = new LinkedHashMap<>();
      if (call.kwargs().get(INPUTS) instanceof Map<?, ?> given) {
        given.forEach((key, value) -> inputs.put(String.valueOf(key), value));
      }
      return new FlowAssembler(tasks.get()).assemble(FlowFiles.parse(source), inputs).flow();
    } catch (FlowFileException | FlowDefinitionException e) {
      throw new IllegalArgumentException("flow file '" + source.file() + "': " + e.getMessage(), e);
    }
  }
}
