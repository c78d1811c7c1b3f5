package io.taskflow4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.taskflow4j.transport.amqp.testing.TestBrokers;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs the packaged jar in a separate JVM, as someone who installed it would. */
class JarIT {

  @TempDir Path dir;

  private final AtomicInteger processes = new AtomicInteger();
  private final List<Process> started = new ArrayList<>();

  private record Run(int exitCode, String out, String err) {}

  /** A command running in the background, its output going to files. */
  private record Background(Process process, Path outFile, Path errFile) {
    String out() {
      return read(outFile);
    }

    String err() {
      return read(errFile);
    }

    private static String read(Path file) {
      try {
        return Files.readString(file, StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }
  }

  @AfterEach
  void killLeftovers() {
    // Only what this test started, and only if a failed assertion left it running.
    for (Process process : started) {
      if (process.isAlive()) {
        process.destroyForcibly();
      }
    }
  }

  private Background start(String... args) throws IOException {
    Path jar = Path.of(System.getProperty("taskflow.jar"));
    assertThat(jar).exists();
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-jar");
    command.add(jar.toString());
    command.addAll(List.of(args));
    int number = processes.incrementAndGet();
    Path out = dir.resolve("out-" + number + ".txt");
    Path err = dir.resolve("err-" + number + ".txt");
    Process process =
        new ProcessBuilder(command)
            .redirectOutput(out.toFile())
            .redirectError(err.toFile())
            .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
            .start();
    started.add(process);
    return new Background(process, out, err);
  }

  private static Run finish(Background running) throws InterruptedException {
    boolean finished = running.process().waitFor(2, TimeUnit.MINUTES);
    if (!finished) {
      running.process().destroyForcibly();
    }
    assertThat(finished).as("the command finished").isTrue();
    return new Run(running.process().exitValue(), running.out(), running.err());
  }

  private Run java(String... args) throws IOException, InterruptedException {
    return finish(start(args));
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

  @Test
  void jarRunsTheDemoWithOnlyAJdk() throws Exception {
    Run run = java("demo", "--speed=4");

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out())
        .contains("] flow publish-video SUCCESS")
        .containsPattern("(?m)^upload-to-cdn +delivery +SUCCESS +2 ")
        .contains("published https://cdn.example.com/v/holiday-2024");
    assertThat(run.err()).isEmpty();
  }

  @Test
  void workerStoppedBySigtermFinishesItsRunningTaskAnswersAndExitsZero() throws Exception {
    String url = TestBrokers.any().url();
    String exchange = "taskflow-jar-it-" + UUID.randomUUID();
    Background worker =
        start("worker", "--url", url, "--exchange", exchange, "--topic", "examples",
            "--tasks", "io.taskflow4j.examples", "--grace", "30s");
    Awaitility.await("the worker's banner")
        .atMost(Duration.ofSeconds(30))
        .until(() -> worker.out().contains("taskflow worker ready") || !worker.process().isAlive());
    assertThat(worker.out())
        .as(worker.err())
        .contains("taskflow worker ready: topic 'examples', 5 tasks")
        .contains("io.taskflow4j.examples.Sleep")
        .doesNotContain("guest:guest");
    Path flow =
        Files.writeString(
            dir.resolve("nap.yaml"),
            String.join(
                "\n",
                "flow:",
                "  name: napping",
                "  pattern: linear",
                "  elements:",
                "    - {task: Sleep, name: nap, inject: {seconds: 2}, provides: slept}",
                ""));
    Background run =
        start("run", flow.toString(), "--url", url, "--exchange", exchange, "--topic", "examples");
    Awaitility.await("the nap to start on the worker")
        .atMost(Duration.ofSeconds(30))
        .until(() -> worker.out().contains("nap (io.taskflow4j.examples.Sleep): execute started")
            || !run.process().isAlive());

    worker.process().destroy(); // SIGTERM

    Run stopped = finish(worker);
    Run ran = finish(run);
    assertThat(stopped.exitCode()).as(stopped.out() + stopped.err()).isZero();
    assertThat(stopped.out())
        .containsSubsequence(
            "nap (io.taskflow4j.examples.Sleep): execute started",
            "stopping: taking no new requests; running tasks get up to 30s to finish",
            "nap (io.taskflow4j.examples.Sleep): execute succeeded",
            "stopped");
    assertThat(ran.exitCode()).as(ran.err()).isZero();
    assertThat(ran.out()).isEqualTo("{\n  \"slept\": 2\n}\n");
  }
}
