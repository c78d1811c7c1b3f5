package io.taskflow4j.task;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The one rule by which task classes are instantiated. */
class TaskFactoryTest {

  /** Takes its name. */
  public static final class Named extends AbstractTask {
    /** @param name the task's name */
    public Named(String name) {
      super(TaskSpec.builder(name).build());
    }

    /** Not used: the name constructor is preferred. */
    public Named() {
      this("unnamed");
    }

    @Override
    public Object execute(TaskContext context) {
      return name();
    }
  }

  /** Only a constructor without arguments. */
  public static final class Fixed extends AbstractTask {
    /** Creates it. */
    public Fixed() {
      super(TaskSpec.builder("fixed").build());
    }

    @Override
    public Object execute(TaskContext context) {
      return null;
    }
  }

  /** Not public. */
  static final class Hidden extends AbstractTask {
    /** Creates it. */
    public Hidden() {
      super(TaskSpec.builder("hidden").build());
    }

    @Override
    public Object execute(TaskContext context) {
      return null;
    }
  }

  /** An inner class. */
  public final class Inner extends AbstractTask {
    /** Creates it. */
    public Inner() {
      super(TaskSpec.builder("inner").build());
    }

    @Override
    public Object execute(TaskContext context) {
      return null;
    }
  }

  /** Its constructor fails. */
  public static final class Failing extends AbstractTask {
    /** @param name the task's name */
    public Failing(String name) {
      super(TaskSpec.builder(name).build());
      throw new IllegalStateException("no resources for " + name);
    }

    @Override
    public Object execute(TaskContext context) {
      return null;
    }
  }

  @Test
  void theConstructorTakingTheNameIsPreferredAndEachCallMakesANewInstance() throws Exception {
    TaskFactory factory = TaskFactory.forClass(Named.class);

    Task first = factory.create("resize");
    Task second = factory.create("resize");

    assertThat(first.name()).isEqualTo("resize");
    assertThat(first).isNotSameAs(second);
    assertThat(TaskFactory.forClass(Fixed.class).create("ignored").name()).isEqualTo("fixed");
  }

  @Test
  void classesOutsideTheRuleAreRefusedNamingTheClassAndWhy() {
    assertThat(TaskFactory.whyUnusable(Hidden.class)).hasValueSatisfying(r -> assertThat(r).endsWith("is not public"));
    assertThat(TaskFactory.whyUnusable(Inner.class)).hasValueSatisfying(r -> assertThat(r).contains("make it static"));
    assertThat(TaskFactory.whyUnusable(AbstractTask.class)).hasValueSatisfying(r -> assertThat(r).contains("is abstract"));
    assertThat(TaskFactory.whyUnusable(String.class)).hasValueSatisfying(r -> assertThat(r).contains("is not a task"));
    assertThat(TaskFactory.whyUnusable(Named.class)).isEmpty();
    assertThatThrownBy(() -> TaskFactory.forClass(Hidden.class))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith(Hidden.class.getName());
  }

  @Test
  void aFailingConstructorThrowsItsOwnException() {
    assertThatThrownBy(() -> TaskFactory.forClass(Failing.class).create("db"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("no resources for db");
  }
}
