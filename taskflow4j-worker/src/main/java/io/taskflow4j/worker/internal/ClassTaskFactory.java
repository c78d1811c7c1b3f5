package io.taskflow4j.worker.internal;

import io.taskflow4j.task.Task;
import io.taskflow4j.worker.TaskFactory;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Modifier;
import java.util.Objects;

/**
 * Creates tasks of one class: with its constructor taking the task's name ({@code String}) when it
 * has one, else with its constructor without arguments. The constructor is looked up once.
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
   * Checks that a class can be instantiated and returns its factory.
   *
   * @param type the task class
   * @return the factory
   * @throws IllegalArgumentException when the class is abstract, not a static class, or has
   *     neither constructor
   */
  public static ClassTaskFactory of(Class<? extends Task> type) {
    Objects.requireNonNull(type, "type");
    String name = type.getName();
    if (type.isInterface() || Modifier.isAbstract(type.getModifiers())) {
      throw new IllegalArgumentException("serve(" + name + "): the class is abstract");
    }
    if (type.isMemberClass() && !Modifier.isStatic(type.getModifiers())) {
      throw new IllegalArgumentException(
          "serve(" + name + "): an inner class needs an enclosing instance; make it static");
    }
    Constructor<? extends Task> constructor = find(type);
    try {
      constructor.setAccessible(true);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(
          "serve(" + name + "): its constructor is not accessible: " + e.getMessage(), e);
    }
    return new ClassTaskFactory(constructor);
  }

  private static Constructor<? extends Task> find(Class<? extends Task> type) {
    try {
      return type.getDeclaredConstructor(String.class);
    } catch (NoSuchMethodException e) {
      // The constructor without arguments is the fallback.
    }
    try {
      return type.getDeclaredConstructor();
    } catch (NoSuchMethodException e) {
      throw new IllegalArgumentException(
          "serve("
              + type.getName()
              + "): the class needs a constructor taking the task name (String) or one without"
              + " arguments",
          e);
    }
  }

  @Override
  public Task create(String taskName) throws Exception {
    try {
      return takesName ? constructor.newInstance(taskName) : constructor.newInstance();
    } catch (InvocationTargetException e) {
      // The constructor's own exception is what the engine should see.
      Throwable cause = e.getCause();
      if (cause instanceof Exception exception) {
        throw exception;
      }
      if (cause instanceof Error error) {
        throw error;
      }
      throw e;
    }
  }

  @Override
  public String toString() {
    return "ClassTaskFactory[" + constructor + "]";
  }
}
