package io.taskflow4j.store.jdbc.crash;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A {@link CrashChild} in a JVM of its own, with the test JVM's java binary and class path; stdout read line by line. */
final class ChildJvm implements AutoCloseable {

  private static final String EOF = "\u0000eof";

  private final Process process;
  private final Path stderr;
  private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
  private final List<String> seen = new ArrayList<>();

  private ChildJvm(Process process, Path stderr) {
    this.process = process;
    this.stderr = stderr;
    Thread reader = new Thread(this::read, "crash-child-" + process.pid() + "-stdout");
    reader.setDaemon(true);
    reader.start();
  }

  /** Starts {@code CrashChild} with the arguments; its stderr goes to {@code stderr}. */
  static ChildJvm start(Path stderr, List<String> args) {
    String java = ProcessHandle.current().info().command()
        .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    String surefire = System.getProperty("surefire.test.class.path");
    String classPath = surefire != null && !surefire.isBlank() ? surefire : System.getProperty("java.class.path");
    List<String> command = new ArrayList<>(List.of(java, "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-XX:-UsePerfData",
        "-Xshare:auto", "-cp", classPath, CrashChild.class.getName()));
    command.addAll(args);
    try {
      Process process = new ProcessBuilder(command)
          .redirectError(ProcessBuilder.Redirect.appendTo(stderr.toFile()))
          .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
          .start();
      return new ChildJvm(process, stderr);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + command, e);
    }
  }

  private void read() {
    try (BufferedReader reader = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = reader.readLine()) != null) {
        lines.add(line);
      }
    } catch (IOException e) {
      lines.add("stdout unreadable: " + e);
    } finally {
      lines.add(EOF);
    }
  }

  /**
   * Waits for a stdout line starting with {@code prefix}.
   *
   * @return the rest of that line
   * @throws AssertionError when the child ends first or the time runs out, naming what it printed
   */
  String await(String prefix, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      long left = deadline - System.nanoTime();
      String line = left <= 0 ? null : lines.poll(left, TimeUnit.NANOSECONDS);
      if (line == null) {
        throw new AssertionError("child " + process.pid() + " printed no '" + prefix + "' line within " + timeout + diagnostics());
      }
      if (line.equals(EOF)) {
        lines.add(EOF);
        process.waitFor(10, TimeUnit.SECONDS);
        throw new AssertionError("child " + process.pid() + " ended"
            + (process.isAlive() ? "" : " with exit code " + process.exitValue()) + " before printing a '" + prefix + "' line" + diagnostics());
      }
      seen.add(line);
      if (line.startsWith(prefix)) {
        return line.substring(prefix.length());
      }
    }
  }

  /** Kills the child with SIGKILL and returns its exit code, 137 when SIGKILL ended it. */
  int killHard() throws InterruptedException {
    ProcessHandle handle = process.toHandle();
    process.destroyForcibly();
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      throw new AssertionError("child " + process.pid() + " still alive 30 s after SIGKILL");
    }
    if (handle.isAlive()) {
      throw new AssertionError("child " + process.pid() + " still has a live process handle after SIGKILL");
    }
    return process.exitValue();
  }

  /** Waits for the child to end by itself. */
  int exit(Duration timeout) throws InterruptedException {
    if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      throw new AssertionError("child " + process.pid() + " did not end within " + timeout + diagnostics());
    }
    return process.exitValue();
  }

  String diagnostics() {
    String errors;
    try {
      List<String> all = Files.readAllLines(stderr, StandardCharsets.UTF_8);
      errors = String.join("\n  ", all.subList(Math.max(0, all.size() - 40), all.size()));
    } catch (IOException e) {
      errors = "(unreadable: " + e + ")";
    }
    return "\n stdout so far:\n  " + String.join("\n  ", seen) + "\n stderr (" + stderr + ", last lines):\n  " + errors;
  }

  @Override
  public void close() {
    if (process.isAlive()) {
      process.destroyForcibly();
    }
  }
}
