package io.taskflow4j.cli.flowfile;

import io.taskflow4j.task.TaskSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Combines a task class's own spec with what a flow file says about the task. Stateless. */
public final class TaskSpecs {

  private TaskSpecs() {}

  /**
   * The spec a task gets in a flow: the file's name and version, the class's requires plus the
   * file's, the file's provides if given (else the class's), and rebind and inject merged with the
   * file's entries winning.
   *
   * @param own the spec the task class gave itself
   * @param declaration the task as written in the flow file
   * @return the combined spec
   * @throws TaskCreationException when the combination is invalid (for example a name listed twice)
   */
  public static TaskSpec merge(TaskSpec own, TaskDeclaration declaration) {
    List<String> requires = new ArrayList<>(own.requires());
    for (String name : declaration.requires().orElse(List.of())) {
      if (!requires.contains(name)) {
        requires.add(name);
      }
    }
    Map<String, String> rebind = new LinkedHashMap<>(own.rebind());
    rebind.putAll(declaration.rebind());
    Map<String, Object> inject = new LinkedHashMap<>(own.inject());
    inject.putAll(declaration.inject());
    TaskSpec.Builder builder =
        TaskSpec.builder(declaration.name())
            .version(declaration.version().orElse(own.version()))
            .requires(requires)
            .provides(declaration.provides().orElse(own.provides()));
    rebind.forEach(builder::rebind);
    inject.forEach(builder::inject);
    try {
      return builder.build();
    } catch (IllegalArgumentException | NullPointerException e) {
      throw new TaskCreationException(e.getMessage(), e);
    }
  }

  /**
   * The spec written in a flow file alone, for tasks with no local class (served by workers).
   *
   * @param declaration the task as written
   * @return the spec
   * @throws TaskCreationException when the spec is invalid
   */
  public static TaskSpec of(TaskDeclaration declaration) {
    TaskSpec empty =
        new TaskSpec(
            declaration.name(), TaskSpec.DEFAULT_VERSION, List.of(), List.of(), Map.of(), Map.of());
    return merge(empty, declaration);
  }
}
