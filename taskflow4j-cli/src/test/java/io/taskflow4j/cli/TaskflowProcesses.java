package io.taskflow4j.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Starts {@code taskflow} commands as child processes of the packaged jar ({@code
 * target/taskflow.jar}, or the {@code taskflow.jar} system property), with their output in files of
 * a test's directory, and kills whatever is left of them at the end of the test. Not thread-safe.
 */
final class TaskflowProcesses {

  /** A started command and where its standard output and error go. */
  record Launched(String name, Process process, Path out, Path err) {}

  private final Path dir;
  private final List<Process> started = new ArrayList<>();

  TaskflowProcesses(Path dir) {
    this.dir = dir;
  }

  /** The packaged jar, which failsafe runs after package. */
  static Path jar() {
    return Path.of(System.getProperty("taskflow.jar", "target/taskflow.jar"));
  }

  /** This module's test classes, for {@code --classpath}. */
  static String testClasses() {
    return Path.of("target", "test-classes").toAbsolutePath().toString();
  }

  /** A file's text, or nothing when it does not exist. */
  static String text(Path file) throws IOException {
    return Files.exists(file) ? Files.readString(file) : "";
  }

  /**
   * Starts {@code java -jar taskflow.jar ARGUMENTS}, without the broker password variables of this
   * process's environment.
   */
  Launched launch(String name, List<String> arguments) throws IOException {
    return launch(name, List.of(), arguments);
  }

  /** Starts {@code java JVM_OPTIONS -jar taskflow.jar ARGUMENTS}, as {@link #launch(String, List)}. */
  Launched launch(String name, List<String> jvmOptions, List<String> arguments) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(jvmOptions);
    command.addAll(List.of("-jar", jar().toString()));
    command.addAll(arguments);
    Path out = dir.resolve(name + ".out");
    Path err = dir.resolve(name + ".err");
    ProcessBuilder builder = new ProcessBuilder(command)
        .redirectOutput(out.toFile())
        .redirectError(err.toFile());
    builder.environment().keySet().removeIf(key -> key.startsWith("TASKFLOW4J_BROKER"));
    Process process = builder.start();
    started.add(process);
    return new Launched(name, process, out, err);
  }

  /**
   * The most resident memory a live process has used, from Linux's {@code /proc}.
   *
   * @return VmHWM in kibibytes, or -1 where {@code /proc} does not tell
   */
  static long peakResidentKib(Process process) throws IOException {
    Path status = Path.of("/proc", Long.toString(process.pid()), "status");
    if (!Files.exists(status)) {
      return -1;
    }
    return Files.readAllLines(status).stream()
        .filter(line -> line.startsWith("VmHWM:"))
        .map(line -> Long.parseLong(line.replaceAll("[^0-9]", "")))
        .findFirst()
        .orElse(-1L);
  }

  /** Kills, with SIGKILL, what a failed assertion left running. */
  void killLeftovers() {
    started.stream().filter(Process::isAlive).forEach(Process::destroyForcibly);
  }
}
