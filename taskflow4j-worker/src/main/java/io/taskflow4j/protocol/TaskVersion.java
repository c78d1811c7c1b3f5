package io.taskflow4j.protocol;

import java.util.List;
import java.util.Objects;

/**
 * The {@code task_version} of a request: a string, or an array (the reference sends {@code [major,
 * minor]}).
 *
 * <p>Thread-safety: every implementation is an immutable record.
 */
public sealed interface TaskVersion permits TaskVersion.Text, TaskVersion.Parts {

  /**
   * A version given as a string.
   *
   * @param version such as {@code "1.2"}
   * @return the version
   */
  static TaskVersion of(String version) {
    return new Text(version);
  }

  /**
   * A version given as {@code [major, minor]}, as the reference sends it.
   *
   * @param major the major version
   * @param minor the minor version
   * @return the version
   */
  static TaskVersion of(int major, int minor) {
    return new Parts(List.of(major, minor));
  }

  /**
   * A version given as an array of JSON values.
   *
   * @param parts the array's items
   * @return the version
   * @throws IllegalArgumentException when an item is not a JSON value
   */
  static TaskVersion parts(List<?> parts) {
    return new Parts(JsonValues.freezeArray(parts, "task_version"));
  }

  /**
   * A version sent as a JSON string.
   *
   * @param value the string
   */
  record Text(String value) implements TaskVersion {
    /**
     * Checks the value is present.
     *
     * @param value the string
     */
    public Text {
      Objects.requireNonNull(value, "value");
    }

    @Override
    public String toString() {
      return value;
    }
  }

  /**
   * A version sent as a JSON array.
   *
   * @param parts the array's items, JSON values
   */
  record Parts(List<Object> parts) implements TaskVersion {
    /**
     * Copies the items, checking each is a JSON value.
     *
     * @param parts the array's items, JSON values
     */
    public Parts {
      parts = JsonValues.freezeArray(parts, "task_version");
    }

    @Override
    public String toString() {
      return parts.toString();
    }
  }
}
