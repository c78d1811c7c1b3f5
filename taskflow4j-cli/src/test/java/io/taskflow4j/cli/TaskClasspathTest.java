package io.taskflow4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.taskflow4j.task.Task;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TaskClasspathTest {

  @TempDir Path dir;

  private Path compileShoutTask() throws Exception {
    Path source = dir.resolve("src/com/acme/Shout.java");
    Files.createDirectories(source.getParent());
    Files.writeString(
        source,
        String.join(
            "\n",
            "package com.acme;",
            "import io.taskflow4j.task.*;",
            "public final class Shout extends AbstractTask {",
            "  public Shout(String name) {",
            "    super(TaskSpec.builder(name).requires(\"word\").build());",
            "  }",
            "  @Override public Object execute(TaskContext context) {",
            "    return String.valueOf(context.arguments().get(\"word\")).toUpperCase();",
            "  }",
            "}"));
    Path classes = dir.resolve("classes");
    String core = Path.of(Task.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    int status = javac.run(null, null, null, "-d", classes.toString(), "-cp", core, source.toString());
    assertThat(status).as("javac exit status").isZero();
    return classes;
  }

  @Test
  void classpathOptionFindsTaskClassesThatTheCommandDoesNotShip() throws Exception {
    Path classes = compileShoutTask();
    String flow =
        Cli.write(
            dir,
            "shout.yaml",
            String.join(
                "\n",
                "flow:",
                "  name: loud",
                "  pattern: linear",
                "  elements:",
                "    - task: com.acme.Shout",
                "      name: shout",
                "      inject: {word: hi}",
                "      provides: loud",
                ""));

    Cli.Result without = Cli.run("run", flow);
    Cli.Result with = Cli.run("run", flow, "--classpath", classes.toString());

    assertThat(without.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
    assertThat(without.err()).contains(flow + ":5:13: flow.elements[0].task: unknown task 'com.acme.Shout'");
    assertThat(with.exitCode()).as(with.toString()).isZero();
    assertThat(with.out()).contains("\"loud\": \"HI\"");
  }
}
