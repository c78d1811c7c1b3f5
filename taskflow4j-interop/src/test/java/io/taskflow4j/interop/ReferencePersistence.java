package io.taskflow4j.interop;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * Runs the reference's SQL persistence (Python TaskFlow's {@code impl_sqlalchemy} under Debian's
 * system Python) for the persistence interop tests: the scripts in the test resources {@code
 * /persistence/}, each printing one JSON document.
 *
 * <p>The tests run when that Python imports {@code taskflow}, {@code sqlalchemy} and the database
 * driver the backend needs; with {@value ReferencePython#REQUIRE_VARIABLE}{@code =true} (set by
 * CI) a missing piece fails them instead of skipping them.
 */
final class ReferencePersistence {

  static final String READ_SCRIPT = "read_logbooks.py";
  static final String WRITE_SCRIPT = "write_logbooks.py";
  private static final String[] SCRIPTS = {READ_SCRIPT, WRITE_SCRIPT};
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Map<String, String> PROBLEMS = new HashMap<>();

  private ReferencePersistence() {}

  /**
   * Skips the calling test unless the reference can import its SQL backend and the given modules,
   * or fails it when CI requires the reference.
   */
  static synchronized void requireReference(String what, String... modules) {
    String imports = "import taskflow.persistence.backends.impl_sqlalchemy, sqlalchemy"
        + (modules.length == 0 ? "" : ", " + String.join(", ", modules));
    String problem = PROBLEMS.computeIfAbsent(imports, ReferencePersistence::probe);
    if (!problem.isEmpty() && "true".equalsIgnoreCase(System.getenv(ReferencePython.REQUIRE_VARIABLE))) {
      throw new AssertionError(ReferencePython.REQUIRE_VARIABLE + "=true but the reference's SQL persistence"
          + " cannot run on " + what + ": " + problem);
    }
    Assumptions.assumeTrue(problem.isEmpty(), () -> "the persistence interop tests on " + what
        + " were NOT run: the reference's SQL persistence cannot run (" + problem + "); set "
        + ReferencePython.REQUIRE_VARIABLE + "=true to make this a failure");
  }

  private static String probe(String imports) {
    try {
      Process process = new ProcessBuilder(ReferencePython.python(), "-c", imports).redirectErrorStream(true).start();
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
        return ReferencePython.python() + " cannot run '" + imports + "': " + output.strip();
      }
      return "";
    } catch (IOException e) {
      return "cannot start " + ReferencePython.python() + ": " + e.getMessage();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "interrupted";
    }
  }

  /** Copies the Python side of the tests into a directory and returns it. */
  static Path scripts(Path directory) throws IOException {
    for (String script : SCRIPTS) {
      try (InputStream in = ReferencePersistence.class.getResourceAsStream("/persistence/" + script)) {
        assertThat(in).as("resource /persistence/" + script).isNotNull();
        Files.copy(in, directory.resolve(script), StandardCopyOption.REPLACE_EXISTING);
      }
    }
    return directory;
  }

  /**
   * Runs a script to its end and parses the last line it printed.
   *
   * @throws AssertionError with the script's stderr when it fails or prints no JSON
   */
  static JsonNode run(Path directory, String script, String... arguments) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(ReferencePython.python());
    command.add(script);
    command.addAll(List.of(arguments));
    Path log = Files.createTempFile(directory, script.replace(".py", ""), ".log");
    ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile()).redirectError(log.toFile());
    builder.environment().put("PYTHONDONTWRITEBYTECODE", "1");
    Process process = builder.start();
    process.getOutputStream().close();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
    if (!process.waitFor(180, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError(script + " did not finish in 180 s; its stderr:\n" + Files.readString(log));
    }
    if (process.exitValue() != 0 || output.isEmpty()) {
      throw new AssertionError(script + " " + String.join(" ", arguments) + " exited with " + process.exitValue()
          + "; its stdout:\n" + output + "\nits stderr:\n" + Files.readString(log));
    }
    return JSON.readTree(output.substring(output.lastIndexOf('\n') + 1));
  }
}
