package io.taskflow4j.task.internal;

import io.taskflow4j.task.Task;
import io.taskflow4j.task.TaskFactory;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Modifier;
import java.util.Objects;
import java.util.Optional;

/**
 * The factory {@link TaskFactory#forClass} returns, and the rule it applies.
 *
 * <p>Thread-safety: immutable.
 */
public final class ClassTaskFactory implements TaskFactory {

  private final Constructor<? extends Task> constructor;
  private final boolean takesName;

  private ClassTaskFactory(Constructor<? extends Task> constructor) {
    this.constructor = constructor;
    this.takesName = constructor.getParameterCount() == 1;
  }

  /**
   * Checks a class and returns its factory.
   *
   * @param type the task class
   * @return the factory
   * @throws IllegalArgumentException saying why the class cannot be used
   */
  public static ClassTaskFactory of(Class<? extends Task> type) {
    Objects.requireNonNull(type, "type");
    Optional<String> unusable = whyUnusable(type);
    if (unusable.isPresent()) {
      throw new IllegalArgumentException(unusable.get());
    }
    return new ClassTaskFactory(constructor(type).orElseThrow());
  }

  /**
   * Tells why a class cannot be used, naming it.
   *
   * @param type any class
   * @return the reason, or empty when it can be used
   */
  public static Optional<String> whyUnusable(Class<?> type) {
    String name = type.getName();
    int modifiers = type.getModifiers();
    if (!Task.class.isAssignableFrom(type)) {
      return Optional.of(name + " is not a task: it does not implement " + Task.class.getName());
    }
    if (type.isInterface() || Modifier.isAbstract(modifiers)) {
      return Optional.of(name + " is abstract; name a concrete class");
    }
    if (type.isAnonymousClass() || type.isLocalClass() || type.isSynthetic()) {
      return Optional.of(name + " is an anonymous or local class");
    }
    if (type.isMemberClass() && !Modifier.isStatic(modifiers)) {
      return Optional.of(name + " is an inner class, which needs an enclosing instance; make it static");
    }
    if (!Modifier.isPublic(modifiers)) {
      return Optional.of(name + " is not public");
    }
    if (constructor(type.asSubclass(Task.class)).isEmpty()) {
      return Optional.of(
          name
              + " needs a public constructor taking the task's name (String) or a public constructor"
              + " without arguments");
    }
    return Optional.empty();
  }

  private static Optional<Constructor<? extends Task>> constructor(Class<? extends Task> type) {
    try {
      return Optional.of(type.getConstructor(String.class));
    } catch (NoSuchMethodException | SecurityException e) {
      // The constructor without arguments is the fallback.
    }
    try {
      return Optional.of(type.getConstructor());
    } catch (NoSuchMethodException | SecurityException e) {
      return Optional.empty();
    }
  }

  @Override
  public Task create(String taskName) throws Exception {
    Task task;
    try {
      task = takesName ? constructor.newInstance(taskName) : constructor.newInstance();
    } catch (InvocationTargetException e) {
      // The constructor's own exception is what the caller should see.
      Throwable cause = e.getCause();
      if (cause instanceof Exception exception) {
        throw exception;
      }
      if (cause instanceof Error error) {
        throw error;
      }
      throw e;
    }
    return task;
  }

  @Override
  public String toString() {
    return "TaskFactory.forClass(" + constructor.getDeclaringClass().getName() + ")";
  }
}
