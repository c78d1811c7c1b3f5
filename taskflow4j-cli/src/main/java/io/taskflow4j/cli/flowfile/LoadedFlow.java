package io.taskflow4j.cli.flowfile;

import io.taskflow4j.flow.Flow;
import io.taskflow4j.flow.FlowDefinitionException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A flow built from a flow file, with the file's inputs and where each task, flow and retry was
 * written, so that errors found later (such as a requirement nothing provides) can point into the
 * file.
 *
 * <p>Thread-safety: the record is immutable, but the {@link Flow} is not: do not change it.
 *
 * @param file the file as the user named it
 * @param flow the outermost flow
 * @param inputs the file's inputs (JSON-like values, possibly {@code null})
 * @param locations the name of every task, flow and retry atom to where it is written
 */
public record LoadedFlow(
    String file, Flow flow, Map<String, Object> inputs, Map<String, SourceLocation> locations) {

  /**
   * Validates and copies the components.
   *
   * @param file the file as the user named it
   * @param flow the outermost flow
   * @param inputs the file's inputs (JSON-like values, possibly {@code null})
   * @param locations the name of every task, flow and retry atom to where it is written
   */
  public LoadedFlow {
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(flow, "flow");
    inputs = Collections.unmodifiableMap(new LinkedHashMap<>(inputs));
    locations = Collections.unmodifiableMap(new LinkedHashMap<>(locations));
  }

  /**
   * Where a task, flow or retry atom is written.
   *
   * @param name its name
   * @return the location, or empty for an unknown name
   */
  public Optional<SourceLocation> locationOf(String name) {
    return Optional.ofNullable(locations.get(name));
  }

  /**
   * Turns an error found when compiling the flow into one that points into the file, at the first
   * atom or flow it names.
   *
   * @param error the compile error
   * @param hint text appended to the message, such as how to give a missing input; may be empty
   * @return the located error
   */
  public FlowFileException explain(FlowDefinitionException error, String hint) {
    SourceLocation at =
        error.atoms().stream()
            .map(locations::get)
            .filter(Objects::nonNull)
            .findFirst()
            .orElseGet(() -> locations.get(flow.name()));
    String reason = error.getMessage() + hint;
    return at == null
        ? new FlowFileException(file, reason, error)
        : new FlowFileException(at, reason, error);
  }
}
