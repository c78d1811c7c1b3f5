package io.taskflow4j.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import picocli.CommandLine.IVersionProvider;

/**
 * Gives {@code taskflow --version} the project version, which Maven writes into a resource when
 * the CLI is built. Stateless and thread-safe.
 */
public final class VersionProvider implements IVersionProvider {

  private static final String RESOURCE = "/io/taskflow4j/cli/version.properties";

  /**
   * The version of taskflow4j this CLI was built from.
   *
   * @return for example {@code 0.1.0}, or {@code unknown} when the resource is missing
   */
  public static String version() {
    Properties properties = new Properties();
    try (InputStream in = VersionProvider.class.getResourceAsStream(RESOURCE)) {
      if (in != null) {
        properties.load(in);
      }
    } catch (IOException e) {
      return "unknown";
    }
    String version = properties.getProperty("version", "unknown");
    // An unfiltered placeholder means the resource was not processed by the build.
    return version.isBlank() || version.contains("${") ? "unknown" : version;
  }

  @Override
  public String[] getVersion() {
    return new String[] {
      "taskflow " + version(),
      "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vm.name") + ")"
    };
  }
}
