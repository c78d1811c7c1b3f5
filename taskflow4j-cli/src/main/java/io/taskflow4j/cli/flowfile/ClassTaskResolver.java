package io.taskflow4j.cli.flowfile;

import io.taskflow4j.flow.Decider;
import io.taskflow4j.task.Task;
import io.taskflow4j.task.TaskSpec;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Modifier;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Creates tasks by instantiating Java classes, for running in this process.
 *
 * <p>A flow file's {@code task} is either a registered short name (such as the example tasks'
 * {@code Add}) or the binary name of a class ({@code com.acme.tasks.Resize}, {@code
 * com.acme.Outer$Inner}), instantiated by {@link io.taskflow4j.task.TaskFactory#forClass}, whose
 * rule it must follow. The instance's own spec gives the defaults; the flow file's name, version, requires,
 * provides, rebind and inject are applied on top ({@link TaskSpecs#merge}).
 *
 * <p>A graph flow's link may name a {@link Decider} class the same way ({@link #decider}).
 *
 * <p>Classes are looked up without being initialised, so a class is only initialised once it is
 * known to be a task (or a decider). Thread-safety: immutable; safe to share.
 */
public final class ClassTaskResolver implements TaskResolver {

  private static final Pattern CLASS_NAME =
      Pattern.compile("[\\p{javaJavaIdentifierStart}][\\p{javaJavaIdentifierPart}]*"
          + "(\\.[\\p{javaJavaIdentifierStart}][\\p{javaJavaIdentifierPart}]*)*");

  private final ClassLoader loader;
  private final Map<String, Class<? extends Task>> registered;

  /**
   * Creates the factory.
   *
   * @param loader where task classes are looked up
   * @param registered short name to task class, tried before class names
   */
  public ClassTaskResolver(ClassLoader loader, Map<String, Class<? extends Task>> registered) {
    this.loader = Objects.requireNonNull(loader, "loader");
    this.registered = Collections.unmodifiableMap(new LinkedHashMap<>(registered));
  }

  /**
   * The registered short names.
   *
   * @return short name to class, in registration order
   */
  public Map<String, Class<? extends Task>> registered() {
    return registered;
  }

  @Override
  public Task create(TaskDeclaration declaration) {
    Class<? extends Task> type = resolve(declaration.task());
    Task instance = instantiate(type, declaration.name());
    TaskSpec own = instance.spec();
    if (own == null) {
      throw new TaskCreationException("task class " + type.getName() + " returned no spec");
    }
    TaskSpec merged = TaskSpecs.merge(own, declaration);
    return merged.equals(own) ? instance : new ConfiguredTask(merged, instance);
  }

  /**
   * Tells whether a flow file's {@code task} names something in this process: a registered short
   * name or a class that exists (a task or not). Remote runs use it to tell local task classes from
   * names only workers know, such as a Python worker's {@code pkg.mod.Resize}.
   *
   * @param reference a registered short name or a class name
   * @return true when {@link #resolve} would find a class
   */
  public boolean knows(String reference) {
    if (registered.containsKey(reference)) {
      return true;
    }
    if (!CLASS_NAME.matcher(reference).matches()) {
      return false;
    }
    try {
      Class.forName(reference, false, loader);
      return true;
    } catch (ClassNotFoundException | LinkageError e) {
      return false;
    }
  }

  /**
   * Finds the class a flow file's {@code task} refers to and checks it can be used.
   *
   * @param reference a registered short name or a class name
   * @return the task class
   * @throws TaskCreationException when there is no such class or it is not a usable task
   */
  public Class<? extends Task> resolve(String reference) {
    Class<? extends Task> known = registered.get(reference);
    if (known != null) {
      return known;
    }
    Class<?> type = null;
    if (CLASS_NAME.matcher(reference).matches()) {
      try {
        type = Class.forName(reference, false, loader);
      } catch (ClassNotFoundException | LinkageError e) {
        type = null;
      }
    }
    if (type == null) {
      throw new TaskCreationException(
          "unknown task '"
              + reference
              + "'"
              + Suggestions.didYouMean(reference, registered.keySet())
              + "; use "
              + (registered.isEmpty()
                  ? ""
                  : "one of the example tasks (" + String.join(", ", registered.keySet()) + ") or ")
              + "the full name of a task class on the classpath (add its jar or folder with --classpath)");
    }
    return checkUsable(type);
  }

  /**
   * Creates the decider a link names: a public class implementing {@link Decider} with a public
   * constructor without arguments, looked up where task classes are (it is initialised only once
   * it is known to be a decider).
   *
   * @param className the class's binary name
   * @return a new instance
   * @throws TaskCreationException when there is no such class, it is not a usable decider or its
   *     constructor fails
   */
  @Override
  public Decider decider(String className) {
    Class<?> type = null;
    if (CLASS_NAME.matcher(className).matches()) {
      try {
        type = Class.forName(className, false, loader);
      } catch (ClassNotFoundException | LinkageError e) {
        type = null;
      }
    }
    if (type == null) {
      throw new TaskCreationException(
          "unknown decider class '" + className + "'; give the full name of a class on the classpath that"
              + " implements " + Decider.class.getName() + " (add its jar or folder with --classpath)");
    }
    String name = type.getName();
    int modifiers = type.getModifiers();
    String unusable = null;
    if (!Decider.class.isAssignableFrom(type)) {
      unusable = " is not a decider: it does not implement " + Decider.class.getName();
    } else if (type.isInterface() || Modifier.isAbstract(modifiers)) {
      unusable = " is abstract; name a concrete class";
    } else if (type.isMemberClass() && !Modifier.isStatic(modifiers)) {
      unusable = " is an inner class, which needs an enclosing instance; make it static";
    } else if (!Modifier.isPublic(modifiers)) {
      unusable = " is not public";
    }
    if (unusable != null) {
      throw new TaskCreationException("decider class " + name + unusable);
    }
    Constructor<?> constructor;
    try {
      constructor = type.getConstructor();
    } catch (NoSuchMethodException | SecurityException e) {
      throw new TaskCreationException(
          "decider class " + name + " needs a public constructor without arguments", e);
    }
    try {
      return (Decider) constructor.newInstance();
    } catch (InvocationTargetException e) {
      throw new TaskCreationException(
          "creating decider class " + name + " failed: " + e.getCause(), e.getCause());
    } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
      throw new TaskCreationException("creating decider class " + name + " failed: " + e, e);
    }
  }

  private static Class<? extends Task> checkUsable(Class<?> type) {
    Optional<String> unusable = io.taskflow4j.task.TaskFactory.whyUnusable(type);
    if (unusable.isPresent()) {
      throw new TaskCreationException("task class " + unusable.get());
    }
    return type.asSubclass(Task.class);
  }

  private static Task instantiate(Class<? extends Task> type, String name) {
    try {
      return io.taskflow4j.task.TaskFactory.forClass(type).create(name);
    } catch (Exception | LinkageError e) {
      throw new TaskCreationException("creating task class " + type.getName() + " failed: " + e, e);
    }
  }
}
