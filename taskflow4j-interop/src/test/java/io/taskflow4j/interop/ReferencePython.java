package io.taskflow4j.interop;

import static org.assertj.core.api.Assertions.assertThat;

import io.taskflow4j.transport.amqp.AmqpUrl;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * Finds and runs the reference (Python TaskFlow from Debian's {@code python3-taskflow}) for the
 * interop tests. The tests run when the system Python can import {@code taskflow}; with {@value
 * #REQUIRE_VARIABLE}{@code =true} (set by CI) a missing reference fails them instead of skipping.
 */
final class ReferencePython {

  static final String REQUIRE_VARIABLE = "TASKFLOW4J_REQUIRE_INTEROP";
  static final String PYTHON_VARIABLE = "TASKFLOW4J_PYTHON";
  private static final String[] SCRIPTS = {"interop_tasks.py", "python_worker.py", "python_engine.py"};

  private static String problem;
  private static Boolean available;

  private ReferencePython() {}

  static String python() {
    String configured = System.getenv(PYTHON_VARIABLE);
    // Debian's python3, not a pyenv one first on PATH, is the one python3-taskflow installs into.
    return configured == null || configured.isBlank() ? "/usr/bin/python3" : configured.strip();
  }

  /** Skips the calling test unless the reference can run, or fails it when CI requires it. */
  static synchronized void requireReference() {
    if (available == null) {
      available = probe();
    }
    if (!available && "true".equalsIgnoreCase(System.getenv(REQUIRE_VARIABLE))) {
      throw new AssertionError(REQUIRE_VARIABLE + "=true but the reference cannot run: " + problem);
    }
    Assumptions.assumeTrue(available, () -> "the reference (python3-taskflow) cannot run: " + problem);
  }

  private static boolean probe() {
    try {
      Process process = new ProcessBuilder(python(), "-c", "import taskflow, kombu").redirectErrorStream(true).start();
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
        problem = python() + " cannot import taskflow: " + output.strip();
        return false;
      }
      return true;
    } catch (IOException e) {
      problem = "cannot start " + python() + ": " + e.getMessage();
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      problem = "interrupted";
      return false;
    }
  }

  /** Copies the Python side of the tests into a directory and returns it. */
  static Path scripts(Path directory) throws IOException {
    for (String script : SCRIPTS) {
      try (InputStream in = ReferencePython.class.getResourceAsStream("/interop/" + script)) {
        assertThat(in).as("resource /interop/" + script).isNotNull();
        Files.copy(in, directory.resolve(script), StandardCopyOption.REPLACE_EXISTING);
      }
    }
    return directory;
  }

  /** The broker URL as kombu spells it: the default virtual host is the path {@code //}. */
  static String kombuUrl(String amqpUrl) {
    AmqpUrl url = AmqpUrl.parse(amqpUrl);
    String vhost = url.virtualHost().equals("/") ? "/" : url.virtualHost();
    return "amqp://" + url.username() + ":" + url.password() + "@" + url.host() + ":" + url.port() + "/" + vhost;
  }

  /** Starts a script with the given arguments; its stderr goes to a log file. */
  static Process start(Path directory, Path log, String script, String... arguments) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(python());
    command.add(script);
    command.addAll(List.of(arguments));
    ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile()).redirectError(log.toFile());
    builder.environment().put("INTEROP_REVERT_LOG", directory.resolve("reverts.jsonl").toString());
    builder.environment().put("PYTHONDONTWRITEBYTECODE", "1");
    return builder.start();
  }

  /**
   * Starts a reference worker serving {@code interop_tasks} (the scripts copied into the
   * directory) and waits until it consumes; it stops when its standard input closes.
   */
  static Process startWorker(Path directory, String amqpUrl, String exchange, String topic) throws IOException {
    scripts(directory);
    Process worker = start(directory, directory.resolve("worker.log"), "python_worker.py",
        kombuUrl(amqpUrl), exchange, topic);
    assertThat(stdout(worker).readLine()).as("worker log: %s", directory.resolve("worker.log")).isEqualTo("READY");
    return worker;
  }

  static BufferedReader stdout(Process process) {
    return new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
  }
}
