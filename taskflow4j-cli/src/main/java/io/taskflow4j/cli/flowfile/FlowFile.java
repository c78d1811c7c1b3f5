package io.taskflow4j.cli.flowfile;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A parsed and validated flow file: its inputs and its outermost flow. Task classes are not
 * resolved yet; {@link FlowAssembler} does that. Thread-safety: immutable (input values are
 * JSON-like and may be {@code null}).
 *
 * @param file the file as the user named it
 * @param inputs input name to value
 * @param flow the outermost flow
 */
public record FlowFile(String file, Map<String, Object> inputs, FlowDeclaration flow) {

  /**
   * Validates and copies the components.
   *
   * @param file the file as the user named it
   * @param inputs input name to value
   * @param flow the outermost flow
   */
  public FlowFile {
    Objects.requireNonNull(file, "file");
    inputs = Collections.unmodifiableMap(new LinkedHashMap<>(inputs));
    Objects.requireNonNull(flow, "flow");
  }
}
