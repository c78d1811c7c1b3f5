package io.taskflow4j.cli.flowfile;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A task as written in a flow file. Everything but {@code task} is optional; what is left out is
 * taken from the task class's own spec. Thread-safety: immutable (values of {@code inject} are
 * JSON-like and may be {@code null}).
 *
 * @param task the task class, as written: an example name such as {@code Add} or a class name
 * @param name the task's name in the flow ({@code task} when not given)
 * @param version the version, if given
 * @param requires extra argument names, added to the class's own, if the file lists them
 * @param provides the names the result is stored under, replacing the class's own, if given
 * @param rebind argument name to the name its value is read from
 * @param inject argument name to a fixed value
 * @param priority which of several tasks ready at once starts first, replacing the class's own, if
 *     given
 * @param optional argument names taken only when a value is available, added to the class's own
 * @param revertRequires the revert's own argument names, added to the class's own
 * @param revertRebind revert argument name to the name its value is read from
 * @param location where the task is written
 * @param taskLocation where its {@code task} field is written
 */
public record TaskDeclaration(
    String task,
    String name,
    Optional<String> version,
    Optional<List<String>> requires,
    Optional<List<String>> provides,
    Map<String, String> rebind,
    Map<String, Object> inject,
    Optional<Integer> priority,
    List<String> optional,
    List<String> revertRequires,
    Map<String, String> revertRebind,
    SourceLocation location,
    SourceLocation taskLocation)
    implements ElementDeclaration {

  /**
   * Validates and copies the components.
   *
   * @param task the task class, as written: an example name such as {@code Add} or a class name
   * @param name the task's name in the flow ({@code task} when not given)
   * @param version the version, if given
   * @param requires extra argument names, added to the class's own, if the file lists them (an
   *     empty list says the task takes none)
   * @param provides the names the result is stored under, replacing the class's own, if given
   * @param rebind argument name to the name its value is read from
   * @param inject argument name to a fixed value
   * @param priority which of several tasks ready at once starts first, replacing the class's own,
   *     if given
   * @param optional argument names taken only when a value is available, added to the class's own
   * @param revertRequires the revert's own argument names, added to the class's own
   * @param revertRebind revert argument name to the name its value is read from
   * @param location where the task is written
   * @param taskLocation where its {@code task} field is written
   */
  public TaskDeclaration {
    Objects.requireNonNull(task, "task");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(version, "version");
    requires = requires.map(List::copyOf);
    provides = provides.map(List::copyOf);
    rebind = Collections.unmodifiableMap(new LinkedHashMap<>(rebind));
    inject = Collections.unmodifiableMap(new LinkedHashMap<>(inject));
    Objects.requireNonNull(priority, "priority");
    optional = List.copyOf(optional);
    revertRequires = List.copyOf(revertRequires);
    revertRebind = Collections.unmodifiableMap(new LinkedHashMap<>(revertRebind));
    Objects.requireNonNull(location, "location");
    Objects.requireNonNull(taskLocation, "taskLocation");
  }
}
