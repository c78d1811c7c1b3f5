package io.taskflow4j.cli.flowfile;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A fan-out as written in a flow file: one task of class {@code task} per item of the input list
 * {@code over}, the results gathered into the list {@code provides}. It is expanded into a {@link
 * io.taskflow4j.flow.FanOut} when the flow is assembled with the run's inputs. Thread-safety:
 * immutable (values of {@code inject} are JSON-like and may be {@code null}).
 *
 * @param name the fan-out's name ({@code task} when not given), the prefix of its atoms' names
 * @param over the input holding the list of items
 * @param task the task class of every item, as written
 * @param argument the argument each item is injected as
 * @param provides the name of the gathered list
 * @param version the item tasks' version, if given
 * @param requires extra argument names of every item task, added to the class's own
 * @param rebind argument name to the name its value is read from, for every item task
 * @param inject argument name to a fixed value, for every item task
 * @param location where the fan-out is written
 * @param overLocation where its {@code over} field's value is written
 * @param taskLocation where its {@code task} field's value is written
 */
public record FanOutDeclaration(
    String name,
    String over,
    String task,
    String argument,
    String provides,
    Optional<String> version,
    List<String> requires,
    Map<String, String> rebind,
    Map<String, Object> inject,
    SourceLocation location,
    SourceLocation overLocation,
    SourceLocation taskLocation)
    implements ElementDeclaration {

  /**
   * Validates and copies the components.
   *
   * @param name the fan-out's name
   * @param over the input holding the list of items
   * @param task the task class of every item, as written
   * @param argument the argument each item is injected as
   * @param provides the name of the gathered list
   * @param version the item tasks' version, if given
   * @param requires extra argument names of every item task
   * @param rebind argument name to the name its value is read from
   * @param inject argument name to a fixed value
   * @param location where the fan-out is written
   * @param overLocation where its {@code over} field's value is written
   * @param taskLocation where its {@code task} field's value is written
   */
  public FanOutDeclaration {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(over, "over");
    Objects.requireNonNull(task, "task");
    Objects.requireNonNull(argument, "argument");
    Objects.requireNonNull(provides, "provides");
    Objects.requireNonNull(version, "version");
    requires = List.copyOf(requires);
    rebind = Collections.unmodifiableMap(new LinkedHashMap<>(rebind));
    inject = Collections.unmodifiableMap(new LinkedHashMap<>(inject));
    Objects.requireNonNull(location, "location");
    Objects.requireNonNull(overLocation, "overLocation");
    Objects.requireNonNull(taskLocation, "taskLocation");
  }
}
