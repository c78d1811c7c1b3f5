package io.taskflow4j.remote.internal;

import io.taskflow4j.protocol.TaskVersion;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Turns a task's version ({@code TaskSpec.version()}, such as {@code 1.0}) into the {@code
 * task_version} a reference engine sends: the version's numbers as an array ({@code [1, 0]}), or
 * the text itself when it is not made of numbers. Versions are few, so each is converted once.
 *
 * <p>Thread-safety: thread-safe.
 */
public final class TaskVersions {

  private static final int MAX_CACHED = 1_024;

  private final Map<String, TaskVersion> cache = new ConcurrentHashMap<>();

  /**
   * The wire form of a version.
   *
   * @param version the task's version text
   * @return {@code [major, minor, ...]} when every dot-separated part is a number, else the text
   */
  public TaskVersion of(String version) {
    TaskVersion known = cache.get(version);
    if (known != null) {
      return known;
    }
    TaskVersion converted = convert(version);
    if (cache.size() < MAX_CACHED) {
      cache.put(version, converted);
    }
    return converted;
  }

  static TaskVersion convert(String version) {
    String[] parts = version.split("\\.", -1);
    List<Integer> numbers = new ArrayList<>(parts.length);
    for (String part : parts) {
      if (part.isEmpty() || part.length() > 9 || !part.chars().allMatch(c -> c >= '0' && c <= '9')) {
        return TaskVersion.of(version);
      }
      numbers.add(Integer.parseInt(part));
    }
    return TaskVersion.parts(numbers);
  }
}
