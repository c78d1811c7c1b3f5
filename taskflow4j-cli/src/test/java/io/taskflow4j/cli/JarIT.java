package io.taskflow4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs the packaged jar in a separate JVM, as someone who installed it would. */
class JarIT {

  @TempDir Path dir;

  private record Run(int exitCode, String out, String err) {}

  private Run java(String... args) throws IOException, InterruptedException {
    Path jar = Path.of(System.getProperty("taskflow.jar"));
    assertThat(jar).exists();
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-jar");
    command.add(jar.toString());
    command.addAll(List.of(args));
    Path out = dir.resolve("out.txt");
    Path err = dir.resolve("err.txt");
    Process process =
        new ProcessBuilder(command)
            .redirectOutput(out.toFile())
            .redirectError(err.toFile())
            .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
            .start();
    boolean finished = process.waitFor(2, TimeUnit.MINUTES);
    if (!finished) {
      process.destroyForcibly();
    }
    assertThat(finished).as("the command finished").isTrue();
    return new Run(
        process.exitValue(),
        Files.readString(out, StandardCharsets.UTF_8),
        Files.readString(err, StandardCharsets.UTF_8));
  }

  @Test
  void jarRunsAFlowFilePrintingJson() throws Exception {
    Run run = java("run", Cli.example("add.yaml"), "--set", "c=10");

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out()).isEqualTo("{\n  \"ab\": 3,\n  \"total\": 13\n}\n");
    assertThat(run.err()).isEmpty();
  }

  @Test
  void jarReportsTheProjectVersion() throws Exception {
    Run run = java("--version");

    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).startsWith("taskflow " + System.getProperty("taskflow.version") + "\n");
  }

  @Test
  void jarExitsWithOneAfterRevertingAndLogsRevertsWhenVerbose() throws Exception {
    Run run = java("run", Cli.example("fail-and-revert.yaml"), "-v");

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.out()).isEmpty();
    assertThat(run.err())
        .contains("Undoable - reverting charge")
        .contains("Undoable - reverting reserve")
        .contains("taskflow: flow 'order' failed; everything it did was reverted");
  }

  @Test
  void jarExitsWithTwoOnABadFile() throws Exception {
    Path bad = Files.writeString(dir.resolve("bad.yaml"), "flow: {name: x, pattern: circular}\n");

    Run run = java("graph", bad.toString());

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).startsWith("taskflow: " + bad + ":1:26: flow.pattern: unknown pattern 'circular'");
  }
}
