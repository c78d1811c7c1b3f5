package io.taskflow4j.cli.flowfile;

import io.taskflow4j.InvalidFormatException;
import java.util.Objects;
import java.util.Optional;

/**
 * A flow file could not be read or turned into a flow. The message starts with the file and, when
 * the problem is inside it, the line, column and field path; then it says what is wrong.
 * Immutable.
 */
public class FlowFileException extends InvalidFormatException {

  // Transient: taskflow4j never uses Java serialization, so an exception's details are not part
  // of a serial form.
  private final transient String file;
  private final transient SourceLocation location;
  private final transient String reason;

  /**
   * Creates the exception for a problem at a place in the file.
   *
   * @param location where the problem is
   * @param reason what is wrong, without the location
   */
  public FlowFileException(SourceLocation location, String reason) {
    this(location, reason, null);
  }

  /**
   * Creates the exception for a problem at a place in the file, with a cause.
   *
   * @param location where the problem is
   * @param reason what is wrong, without the location
   * @param cause the underlying error, or {@code null}
   */
  public FlowFileException(SourceLocation location, String reason, Throwable cause) {
    super(Objects.requireNonNull(location, "location").describe() + ": " + reason, cause);
    this.file = location.file();
    this.location = location;
    this.reason = Objects.requireNonNull(reason, "reason");
  }

  /**
   * Creates the exception for a problem with the file as a whole, such as a missing file.
   *
   * @param file the file as the user named it
   * @param reason what is wrong
   * @param cause the underlying error, or {@code null}
   */
  public FlowFileException(String file, String reason, Throwable cause) {
    super(Objects.requireNonNull(file, "file") + ": " + reason, cause);
    this.file = file;
    this.location = null;
    this.reason = Objects.requireNonNull(reason, "reason");
  }

  /**
   * The file as the user named it.
   *
   * @return the file
   */
  public String file() {
    return file;
  }

  /**
   * Where in the file the problem is.
   *
   * @return the location, or empty when the problem concerns the whole file
   */
  public Optional<SourceLocation> location() {
    return Optional.ofNullable(location);
  }

  /**
   * What is wrong, without the file or location.
   *
   * @return the reason
   */
  public String reason() {
    return reason;
  }
}
