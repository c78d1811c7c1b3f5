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
   * file's, the file's provides if given (else the class's), rebind and inject merged with the
   * file's entries winning, the file's priority if given (else the class's), and the class's
   * optional arguments, revert arguments and revert rebinding with the file's added.
   *
   * @param own the spec the task class gave itself
   * @param declaration the task as written in the flow file
   * @return the combined spec
   * @throws TaskCreationException when the combination is invalid (for example a name listed twice)
   */
  public static TaskSpec merge(TaskSpec own, TaskDeclaration declaration) {
    List<String> requires = union(own.requires(), declaration.requires().orElse(List.of()));
    List<String> optional = union(own.optional(), declaration.optional());
    List<String> revertRequires = union(own.revertRequires(), declaration.revertRequires());
    Map<String, String> revertRebind = new LinkedHashMap<>(own.revertRebind());
    revertRebind.putAll(declaration.revertRebind());
    Map<String, String> rebind = new LinkedHashMap<>(own.rebind());
    rebind.putAll(declaration.rebind());
    Map<String, Object> inject = new LinkedHashMap<>(own.inject());
    inject.putAll(declaration.inject());
    TaskSpec.Builder builder =
        TaskSpec.builder(declaration.name())
            .version(declaration.version().orElse(own.version()))
            .requires(requires)
            .provides(declaration.provides().orElse(own.provides()))
            .priority(declaration.priority().orElse(own.priority()))
            .optional(optional.toArray(String[]::new))
            .revertRequires(revertRequires.toArray(String[]::new));
    rebind.forEach(builder::rebind);
    inject.forEach(builder::inject);
    revertRebind.forEach(builder::revertRebind);
    try {
      return builder.build();
    } catch (IllegalArgumentException | NullPointerException e) {
      throw new TaskCreationException(e.getMessage(), e);
    }
  }

  private static List<String> union(List<String> own, List<String> added) {
    List<String> names = new ArrayList<>(own);
    for (String name : added) {
      if (!names.contains(name)) {
        names.add(name);
      }
    }
    return names;
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
