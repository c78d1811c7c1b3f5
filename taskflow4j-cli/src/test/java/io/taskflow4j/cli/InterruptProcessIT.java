package io.taskflow4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.taskflow4j.persistence.AtomDetail;
import io.taskflow4j.persistence.FlowStore;
import io.taskflow4j.state.AtomState;
import io.taskflow4j.state.FlowState;
import io.taskflow4j.store.jdbc.FlowStores;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ctrl-C and SIGTERM sent to a real {@code taskflow} process: the packaged jar ({@code
 * target/taskflow.jar}, built by {@code mvn package}) runs a flow whose middle task sleeps, with
 * this module's test classes on its {@code --classpath} for the task that logs what ran.
 */
class InterruptProcessIT {

  private static final Pattern ID = Pattern.compile("recorded as (\\S+) in ");

  @TempDir Path dir;

  private final List<Process> started = new ArrayList<>();
  private Path log;
  private String flowFile;
  private String store;

  @BeforeEach
  void setUp() {
    Path jar = jar();
    assertThat(jar).as("the packaged jar, which failsafe runs after package").exists();
    log = dir.resolve("log.txt");
    store = "sqlite:" + dir.resolve("flows.db");
    flowFile =
        Cli.write(
            dir,
            "slow.yaml",
            "inputs:\n"
                + "  log: " + log + "\n"
                + "flow:\n"
                + "  name: slow\n"
                + "  pattern: linear\n"
                + "  elements:\n"
                + "    - task: io.taskflow4j.cli.testtasks.AppendLine\n"
                + "      name: first\n"
                + "    - task: Sleep\n"
                + "      name: nap\n"
                + "      inject: {seconds: 4}\n"
                + "      provides: napped\n"
                + "    - task: io.taskflow4j.cli.testtasks.AppendLine\n"
                + "      name: last\n");
  }

  @AfterEach
  void killLeftovers() {
    // Only what this test started, and only if a failed assertion left it running.
    started.stream().filter(Process::isAlive).forEach(Process::destroyForcibly);
  }

  private static Path jar() {
    return Path.of(System.getProperty("taskflow.jar", "target/taskflow.jar"));
  }

  private record Launched(Process process, Path out, Path err) {
    String errText() throws IOException {
      return Files.readString(err, StandardCharsets.UTF_8);
    }

    String outText() throws IOException {
      return Files.readString(out, StandardCharsets.UTF_8);
    }
  }

  private Launched start(Map<String, String> env, String... args) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-jar");
    command.add(jar().toString());
    command.addAll(List.of(args));
    command.add("--classpath");
    command.add(Path.of("target", "test-classes").toAbsolutePath().toString());
    Path out = dir.resolve("out-" + started.size() + ".txt");
    Path err = dir.resolve("err-" + started.size() + ".txt");
    ProcessBuilder builder =
        new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
    builder.environment().remove(io.taskflow4j.cli.store.StoreOptions.ENVIRONMENT_VARIABLE);
    builder.environment().putAll(env);
    Process process = builder.start();
    started.add(process);
    return new Launched(process, out, err);
  }

  private List<String> logLines() throws IOException {
    return Files.exists(log) ? Files.readAllLines(log) : List.of();
  }

  /** Waits until the first task ran, so that the signal comes while the slow one sleeps. */
  private void awaitNap(Launched launched) {
    Awaitility.await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(100))
        .until(() -> logLines().contains("execute first") || !launched.process().isAlive());
    assertThat(launched.process().isAlive()).as("still running").isTrue();
  }

  private static void send(String signal, Process process) throws Exception {
    Process kill = new ProcessBuilder("kill", "-" + signal, String.valueOf(process.pid())).inheritIO().start();
    assertThat(kill.waitFor()).isZero();
  }

  private static int exitOf(Process process) throws InterruptedException {
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("exited").isTrue();
    return process.exitValue();
  }

  private Map<String, AtomState> atomStates(String id) {
    try (FlowStore opened = FlowStores.open(store)) {
      return opened.atoms(id).stream()
          .filter(atom -> !atom.isInjector())
          .collect(Collectors.toMap(AtomDetail::name, AtomDetail::state));
    }
  }

  private FlowState flowState(String id) {
    try (FlowStore opened = FlowStores.open(store)) {
      return opened.flow(id).orElseThrow().state();
    }
  }

  @Test
  void ctrlCSuspendsARecordedRunAndResumeFinishesItWithoutRepeatingTasks() throws Exception {
    // The store comes from the environment, as it may for every command.
    Launched run = start(Map.of("TASKFLOW4J_STORE", store), "run", flowFile);
    awaitNap(run);

    send("INT", run.process());

    assertThat(exitOf(run.process())).as(run.errText()).isEqualTo(ExitCodes.INTERRUPTED);
    Matcher matcher = ID.matcher(run.errText());
    assertThat(matcher.find()).as(run.errText()).isTrue();
    String id = matcher.group(1);
    assertThat(run.errText())
        .contains("interrupted by SIGINT; flow 'slow' (" + id + ") is suspended in sqlite:")
        .contains("continue with: taskflow resume " + id + " --store " + store)
        .contains("taskflow flows revert " + id + " --store " + store);
    assertThat(run.outText()).isEmpty();
    // The running task finished; the next one never started.
    assertThat(flowState(id)).isEqualTo(FlowState.SUSPENDED);
    assertThat(atomStates(id))
        .containsEntry("first", AtomState.SUCCESS)
        .containsEntry("nap", AtomState.SUCCESS)
        .containsEntry("last", AtomState.PENDING);
    assertThat(logLines()).containsExactly("execute first");

    Launched resume = start(Map.of(), "resume", id, "--store", store);

    assertThat(exitOf(resume.process())).as(resume.errText()).isEqualTo(ExitCodes.OK);
    assertThat(flowState(id)).isEqualTo(FlowState.SUCCESS);
    assertThat(logLines()).containsExactly("execute first", "execute last");
    // The nap's result comes from the store: it did not run again.
    assertThat(resume.outText()).contains("\"napped\": 4");
    assertThat(resume.errText()).doesNotContain("interrupted");
  }

  @Test
  void sigtermWithoutAStoreRevertsWhatRan() throws Exception {
    Launched run = start(Map.of(), "run", flowFile);
    awaitNap(run);

    send("TERM", run.process());

    assertThat(exitOf(run.process())).as(run.errText()).isEqualTo(ExitCodes.TERMINATED);
    assertThat(run.errText())
        .contains("interrupted by SIGTERM; reverting what flow 'slow' did, since without --store it cannot be resumed")
        .contains("flow 'slow' was reverted: reverted nap, first");
    assertThat(logLines()).containsExactly("execute first", "revert first");
  }

  @Test
  void aSecondCtrlCQuitsAtOnceLeavingTheRunningTaskRecorded() throws Exception {
    Launched run = start(Map.of(), "run", flowFile, "--store", store);
    awaitNap(run);

    send("INT", run.process());
    Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> run.errText().contains("recorded as"));
    send("INT", run.process());

    long start = System.nanoTime();
    assertThat(exitOf(run.process())).isEqualTo(ExitCodes.INTERRUPTED);
    // Well before the 4 s nap would have ended.
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
    Matcher matcher = ID.matcher(run.errText());
    assertThat(matcher.find()).isTrue();
    assertThat(run.errText()).doesNotContain("is suspended");
    assertThat(atomStates(matcher.group(1))).containsEntry("nap", AtomState.RUNNING).containsEntry("last", AtomState.PENDING);
  }
}
