package io.taskflow4j.examples;

import io.taskflow4j.task.Task;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** The example tasks by the short names flow files use for them. Stateless. */
public final class ExampleTasks {

  private static final Map<String, Class<? extends Task>> BY_NAME = byNameMap();

  private ExampleTasks() {}

  private static Map<String, Class<? extends Task>> byNameMap() {
    Map<String, Class<? extends Task>> map = new LinkedHashMap<>();
    map.put("Add", Add.class);
    map.put("Echo", Echo.class);
    map.put("Fail", Fail.class);
    map.put("Sleep", Sleep.class);
    map.put("Undoable", Undoable.class);
    return Collections.unmodifiableMap(map);
  }

  /**
   * The example task classes by short name.
   *
   * @return an unmodifiable map: {@code Add}, {@code Echo}, {@code Fail}, {@code Sleep}, {@code
   *     Undoable}
   */
  public static Map<String, Class<? extends Task>> byName() {
    return BY_NAME;
  }
}
