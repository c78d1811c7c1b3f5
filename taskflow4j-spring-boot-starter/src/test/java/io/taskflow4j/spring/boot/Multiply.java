package io.taskflow4j.spring.boot;

import io.taskflow4j.task.AbstractTask;
import io.taskflow4j.task.TaskContext;
import io.taskflow4j.task.TaskSpec;
import java.util.concurrent.atomic.AtomicInteger;

/** A task bean for the tests: multiplies {@code a} and {@code b}. */
public class Multiply extends AbstractTask {

  /** How many instances were made, to tell prototype beans from singletons. */
  static final AtomicInteger INSTANCES = new AtomicInteger();

  /** Creates the task. */
  public Multiply() {
    super(TaskSpec.builder("multiply").requires("a", "b").provides("product").build());
    INSTANCES.incrementAndGet();
  }

  @Override
  public Object execute(TaskContext ctx) {
    return ctx.argument("a", Long.class) * ctx.argument("b", Long.class);
  }
}
