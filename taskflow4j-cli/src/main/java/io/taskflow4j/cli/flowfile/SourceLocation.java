package io.taskflow4j.cli.flowfile;

import java.util.Objects;

/**
 * Where something is in a flow file: the file as the user named it, the line and column (both
 * from 1) and the field path, such as {@code flow.elements[2].requires}.
 *
 * <p>Thread-safety: immutable.
 *
 * @param file the file as given on the command line
 * @param line the line, from 1
 * @param column the column, from 1
 * @param path the field path; empty for the whole document
 */
public record SourceLocation(String file, int line, int column, String path) {

  /**
   * Validates the components.
   *
   * @param file the file as given on the command line
   * @param line the line, from 1
   * @param column the column, from 1
   * @param path the field path; empty for the whole document
   */
  public SourceLocation {
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(path, "path");
  }

  /**
   * The location in the usual {@code file:line:column} form followed by the field path, for
   * messages.
   *
   * @return for example {@code flows/a.yaml:4:7: flow.elements[0].task}
   */
  public String describe() {
    return file + ":" + line + ":" + column + ": " + (path.isEmpty() ? "(top level)" : path);
  }

  @Override
  public String toString() {
    return describe();
  }
}
