package io.taskflow4j.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.taskflow4j.cli.worker.TaskClass;
import io.taskflow4j.cli.worker.TaskScanner;
import io.taskflow4j.task.Task;
import java.io.OutputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TaskScannerTest {

  @TempDir Path dir;

  private final TaskScanner scanner = new TaskScanner(getClass().getClassLoader(), List.of());

  private static List<String> names(List<TaskClass> classes) {
    return classes.stream().map(TaskClass::servedName).toList();
  }

  @Test
  void examplesPackageYieldsEveryExampleTaskUnderItsClassName() {
    assertThat(names(scanner.resolve(List.of("io.taskflow4j.examples"))))
        .containsExactly(
            "io.taskflow4j.examples.Add",
            "io.taskflow4j.examples.Echo",
            "io.taskflow4j.examples.Fail",
            "io.taskflow4j.examples.Sleep",
            "io.taskflow4j.examples.Undoable");
  }

  @Test
  void classesExampleNamesAndPackagesCombineEachClassOnce() {
    assertThat(
            names(scanner.resolve(List.of("Add", "io.taskflow4j.examples.Echo", "io.taskflow4j.examples"))))
        .startsWith("io.taskflow4j.examples.Add", "io.taskflow4j.examples.Echo")
        .doesNotHaveDuplicates()
        .hasSize(5);
  }

  @Test
  void packageScanSkipsTasksAWorkerCannotCreate() {
    assertThat(names(scanner.resolve(List.of("io.taskflow4j.cli.testtasks"))))
        .contains("io.taskflow4j.cli.testtasks.NoArgTask", "io.taskflow4j.cli.testtasks.FailUnless")
        .doesNotContain("io.taskflow4j.cli.testtasks.NoUsableConstructor");
  }

  @Test
  void namingAnUnusableClassSaysWhatIsWrongWithIt() {
    assertThatThrownBy(() -> scanner.resolve(List.of("io.taskflow4j.cli.testtasks.NoUsableConstructor")))
        .isInstanceOf(UserInputException.class)
        .hasMessageContaining("cannot serve it: io.taskflow4j.cli.testtasks.NoUsableConstructor needs a public constructor taking the task's name (String) or a public constructor without arguments");
  }

  @Test
  void packageWithoutTaskClassesIsRefused() {
    assertThatThrownBy(() -> scanner.resolve(List.of("io.taskflow4j.cli.graph")))
        .isInstanceOf(UserInputException.class)
        .hasMessageContaining("package 'io.taskflow4j.cli.graph' holds no task class a worker can serve");
  }

  @Test
  void nameEqualsClassServesTheClassUnderThatName() throws Exception {
    List<TaskClass> found = scanner.resolve(List.of("flowtasks.Add=io.taskflow4j.examples.Add"));

    assertThat(names(found)).containsExactly("flowtasks.Add");
    assertThat(found.get(0).type().getName()).isEqualTo("io.taskflow4j.examples.Add");
  }

  @Test
  void prefixEqualsPackageServesEachClassUnderThePrefixAndItsSimpleName() {
    assertThat(names(scanner.resolve(List.of("flowtasks=io.taskflow4j.examples"))))
        .containsExactly(
            "flowtasks.Add", "flowtasks.Echo", "flowtasks.Fail", "flowtasks.Sleep", "flowtasks.Undoable");
  }

  @Test
  void renamingNeedsBothParts() {
    assertThatThrownBy(() -> scanner.resolve(List.of("=io.taskflow4j.examples.Add")))
        .isInstanceOf(UserInputException.class)
        .hasMessageContaining("write NAME=CLASS or PREFIX=PACKAGE");
  }

  @Test
  void tasksAreCreatedWithTheNameTheEngineGives() throws Exception {
    TaskClass add = scanner.resolve(List.of("Add")).get(0);

    Task task = add.create("add-them");

    assertThat(task.name()).isEqualTo("add-them");
    assertThat(task.remoteName()).isEqualTo(add.servedName());
  }

  @Test
  void packagesInJarsWithoutFolderEntriesAreFound() throws Exception {
    Path jar = jarWithoutFolderEntries();
    try (URLClassLoader loader =
        new URLClassLoader(new URL[] {jar.toUri().toURL()}, getClass().getClassLoader())) {
      TaskScanner fromJar = new TaskScanner(loader, List.of(jar));

      assertThat(names(fromJar.resolve(List.of("com.acme.tasks")))).containsExactly("com.acme.tasks.Shout");
    }
  }

  /** Compiles a task class and a helper into a jar that, like some build tools make, lists no folders. */
  private Path jarWithoutFolderEntries() throws Exception {
    Path sources = dir.resolve("src/com/acme/tasks");
    Files.createDirectories(sources);
    Files.writeString(
        sources.resolve("Shout.java"),
        String.join(
            "\n",
            "package com.acme.tasks;",
            "import io.taskflow4j.task.*;",
            "public final class Shout extends AbstractTask {",
            "  public Shout(String name) { super(TaskSpec.builder(name).requires(\"word\").build()); }",
            "  @Override public Object execute(TaskContext context) {",
            "    return Words.loud(String.valueOf(context.arguments().get(\"word\")));",
            "  }",
            "}"));
    Files.writeString(
        sources.resolve("Words.java"),
        "package com.acme.tasks; final class Words { static String loud(String w) { return w.toUpperCase(); } }");
    Path classes = dir.resolve("classes");
    String core = Path.of(Task.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    int status =
        javac.run(null, null, null, "-d", classes.toString(), "-cp", core,
            sources.resolve("Shout.java").toString(), sources.resolve("Words.java").toString());
    assertThat(status).as("javac exit status").isZero();
    Path jar = dir.resolve("acme-tasks.jar");
    try (OutputStream file = Files.newOutputStream(jar);
        JarOutputStream out = new JarOutputStream(file)) {
      for (String name : List.of("Shout.class", "Words.class")) {
        out.putNextEntry(new JarEntry("com/acme/tasks/" + name));
        out.write(Files.readAllBytes(classes.resolve("com/acme/tasks/" + name)));
        out.closeEntry();
      }
    }
    return jar;
  }
}
