package io.taskflow4j.cli;

import java.io.File;
import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Option;

/**
 * The {@code --classpath} option: jars and class folders holding task classes, in addition to
 * those built into the command. A picocli mixin. Not thread-safe; filled by the parser.
 */
public final class TaskClasspath {

  private static final Logger LOG = LoggerFactory.getLogger(TaskClasspath.class);

  @Option(
      names = "--classpath",
      paramLabel = "PATHS",
      description =
          "Jars or class folders with task classes, separated by '${sys:path.separator}';"
              + " repeatable.")
  List<String> entries = new ArrayList<>();

  /**
   * Opens a class loader over the entries, whose parent is the command's own loader.
   *
   * @return the loader; close it when done
   * @throws UserInputException when an entry does not exist
   */
  public Loader open() {
    List<URL> urls = new ArrayList<>();
    for (Path path : paths()) {
      try {
        urls.add(path.toUri().toURL());
      } catch (MalformedURLException e) {
        throw new UserInputException("--classpath entry '" + path + "' is not usable: " + e.getMessage());
      }
    }
    ClassLoader parent = TaskClasspath.class.getClassLoader();
    if (urls.isEmpty()) {
      return new Loader(parent, null);
    }
    LOG.debug("task classpath: {}", urls);
    URLClassLoader loader = new URLClassLoader("taskflow-tasks", urls.toArray(URL[]::new), parent);
    return new Loader(loader, loader);
  }

  /**
   * The entries, split at the path separator.
   *
   * @return the jars and folders, in order
   * @throws UserInputException when an entry does not exist
   */
  public List<Path> paths() {
    List<Path> paths = new ArrayList<>();
    for (String option : entries) {
      for (String entry : option.split(File.pathSeparator)) {
        if (entry.isBlank()) {
          continue;
        }
        Path path;
        try {
          path = Path.of(entry);
        } catch (InvalidPathException e) {
          throw new UserInputException("--classpath entry '" + entry + "' is not a path: " + e.getReason());
        }
        if (!Files.exists(path)) {
          throw new UserInputException("--classpath entry '" + entry + "' does not exist");
        }
        paths.add(path);
      }
    }
    return paths;
  }

  /** A class loader for task classes; closing it releases the jars it opened. Not thread-safe. */
  public static final class Loader implements AutoCloseable {
    private final ClassLoader classLoader;
    private final URLClassLoader owned;

    private Loader(ClassLoader classLoader, URLClassLoader owned) {
      this.classLoader = classLoader;
      this.owned = owned;
    }

    /**
     * Where task classes are found.
     *
     * @return the class loader
     */
    public ClassLoader classLoader() {
      return classLoader;
    }

    @Override
    public void close() {
      if (owned != null) {
        try {
          owned.close();
        } catch (IOException e) {
          LOG.debug("closing the task class loader failed", e);
        }
      }
    }
  }
}
