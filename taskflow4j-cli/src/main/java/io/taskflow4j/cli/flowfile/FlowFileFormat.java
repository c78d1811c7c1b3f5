package io.taskflow4j.cli.flowfile;

import java.util.Locale;
import java.util.Optional;

/**
 * The syntaxes a flow file may be written in, chosen by the file's extension. Immutable.
 */
public enum FlowFileFormat {
  /** YAML, for files ending in {@code .yaml} or {@code .yml}. */
  YAML,
  /** Strict JSON, for files ending in {@code .json}. */
  JSON;

  /**
   * The format a file name's extension stands for.
   *
   * @param fileName a file name or path
   * @return the format, or empty for any other extension
   */
  public static Optional<FlowFileFormat> ofFileName(String fileName) {
    String lower = fileName.toLowerCase(Locale.ROOT);
    if (lower.endsWith(".yaml") || lower.endsWith(".yml")) {
      return Optional.of(YAML);
    } else if (lower.endsWith(".json")) {
      return Optional.of(JSON);
    }
    return Optional.empty();
  }
}
