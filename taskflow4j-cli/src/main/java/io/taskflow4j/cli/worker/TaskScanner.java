package io.taskflow4j.cli.worker;

import io.taskflow4j.cli.UserInputException;
import io.taskflow4j.examples.ExampleTasks;
import io.taskflow4j.task.Task;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds the task classes {@code taskflow worker --tasks} names: a class by its name ({@code
 * com.acme.tasks.Resize}), an example task by its short name ({@code Add}), or every servable task
 * class directly in a package ({@code io.taskflow4j.examples}; sub-packages are not included, name
 * them too). Each is served under its class name, unless the entry renames it: {@code
 * NAME=CLASS} serves a class as {@code NAME} ({@code flowtasks.Add=io.taskflow4j.examples.Add}),
 * {@code PREFIX=PACKAGE} serves a package's classes as {@code PREFIX.<simple name>} ({@code
 * flowtasks=io.taskflow4j.examples} serves {@code flowtasks.Add}, {@code flowtasks.Sleep}, ...):
 * the names a Python engine sends for task classes of its module {@code flowtasks}. Packages are looked for in folders and jars: those the class loader finds, the
 * application class path (following the {@code Class-Path} of jar manifests) and the {@code
 * --classpath} entries.
 *
 * <p>Classes are loaded without being initialised; a class is only initialised once a worker
 * creates a task from it. Thread-safety: not thread-safe; use from one thread.
 */
public final class TaskScanner {

  private static final Logger LOG = LoggerFactory.getLogger(TaskScanner.class);
  private static final Pattern JAVA_NAME =
      Pattern.compile("[\\p{javaJavaIdentifierStart}][\\p{javaJavaIdentifierPart}]*"
          + "(\\.[\\p{javaJavaIdentifierStart}][\\p{javaJavaIdentifierPart}]*)*");

  private final ClassLoader loader;
  private final List<Path> extraRoots;

  /**
   * Creates the scanner.
   *
   * @param loader loads the classes found
   * @param extraRoots jars and folders to look in besides the application class path (the {@code
   *     --classpath} entries)
   */
  public TaskScanner(ClassLoader loader, List<Path> extraRoots) {
    this.loader = Objects.requireNonNull(loader, "loader");
    this.extraRoots = List.copyOf(extraRoots);
  }

  /**
   * Finds the task classes for the given names.
   *
   * @param entries class names, example names or package names, in order
   * @return the classes, in the order named (a package's in name order), each once
   * @throws UserInputException when an entry names no class or package, names a class that cannot
   *     be served, or names a package without servable task classes
   */
  public List<TaskClass> resolve(List<String> entries) {
    Map<String, TaskClass> found = new LinkedHashMap<>();
    for (String raw : entries) {
      String entry = raw.strip();
      if (entry.isEmpty()) {
        continue;
      }
      for (TaskClass each : resolve(entry)) {
        found.putIfAbsent(each.servedName(), each);
      }
    }
    if (found.isEmpty()) {
      throw new UserInputException("--tasks names no task classes; give class or package names");
    }
    return List.copyOf(found.values());
  }

  private List<TaskClass> resolve(String entry) {
    int equals = entry.indexOf('=');
    if (equals < 0) {
      return find(entry);
    }
    String name = entry.substring(0, equals).strip();
    String target = entry.substring(equals + 1).strip();
    if (name.isEmpty() || target.isEmpty()) {
      throw new UserInputException(
          "--tasks '" + entry + "': write NAME=CLASS or PREFIX=PACKAGE, both parts non-empty");
    }
    List<TaskClass> found = find(target);
    if (namesAClass(target)) {
      return List.of(found.get(0).servedAs(name));
    }
    List<TaskClass> renamed = new ArrayList<>();
    for (TaskClass each : found) {
      String binary = each.type().getName();
      renamed.add(each.servedAs(name + "." + binary.substring(binary.lastIndexOf('.') + 1)));
    }
    return renamed;
  }

  /** Whether an entry names a class (or an example), rather than a package. */
  private boolean namesAClass(String entry) {
    return ExampleTasks.byName().containsKey(entry)
        || (JAVA_NAME.matcher(entry).matches() && load(entry) != null);
  }

  private List<TaskClass> find(String entry) {
    Class<? extends Task> example = ExampleTasks.byName().get(entry);
    if (example != null) {
      return List.of(usable(example, entry));
    }
    if (!JAVA_NAME.matcher(entry).matches()) {
      throw new UserInputException(
          "--tasks: '" + entry + "' is not a Java class or package name");
    }
    Class<?> type = load(entry);
    if (type != null) {
      return List.of(usable(type, entry));
    }
    Set<String> classNames = classesIn(entry);
    if (classNames.isEmpty()) {
      throw new UserInputException(
          "--tasks: there is no class or package named '"
              + entry
              + "' on the classpath; name task classes (com.acme.tasks.Resize) or the packages"
              + " holding them (io.taskflow4j.examples), and add jars with --classpath");
    }
    List<TaskClass> tasks = new ArrayList<>();
    List<String> skipped = new ArrayList<>();
    for (String className : classNames) {
      Class<?> candidate = load(className);
      if (candidate == null) {
        skipped.add(className + " cannot be loaded");
        continue;
      }
      TaskClass.Result result = TaskClass.check(candidate);
      if (result instanceof TaskClass.Result.Usable usable) {
        tasks.add(usable.taskClass());
      } else if (Task.class.isAssignableFrom(candidate)) {
        // Non-task classes (helpers) are expected in a package; unusable tasks are worth a line.
        skipped.add(((TaskClass.Result.Unusable) result).reason());
      }
    }
    skipped.forEach(reason -> LOG.info("--tasks {}: skipping {}", entry, reason));
    if (tasks.isEmpty()) {
      throw new UserInputException(
          "--tasks: package '"
              + entry
              + "' holds no task class a worker can serve"
              + (skipped.isEmpty() ? "" : " (" + String.join("; ", skipped) + ")")
              + "; a task class is public, concrete, implements "
              + Task.class.getName()
              + " and has a public constructor taking the task's name (String) or no arguments");
    }
    return tasks;
  }

  private static TaskClass usable(Class<?> type, String entry) {
    TaskClass.Result result = TaskClass.check(type);
    if (result instanceof TaskClass.Result.Usable usable) {
      return usable.taskClass();
    }
    throw new UserInputException(
        "--tasks " + entry + ": cannot serve it: " + ((TaskClass.Result.Unusable) result).reason());
  }

  private Class<?> load(String name) {
    try {
      return Class.forName(name, false, loader);
    } catch (ClassNotFoundException e) {
      return null;
    } catch (LinkageError e) {
      LOG.debug("cannot load {}: {}", name, e.toString());
      return null;
    }
  }

  /** The binary names of the classes directly in a package, in name order. */
  private Set<String> classesIn(String packageName) {
    String folder = packageName.replace('.', '/');
    Set<String> names = new TreeSet<>();
    for (Path root : roots(folder)) {
      try {
        if (Files.isDirectory(root)) {
          inFolder(root.resolve(folder), packageName, names);
        } else if (Files.isRegularFile(root)) {
          inJar(root, folder, packageName, names);
        }
      } catch (IOException | UncheckedIOException e) {
        LOG.debug("cannot look into {}: {}", root, e.toString());
      }
    }
    return names;
  }

  private Set<Path> roots(String folder) {
    Set<Path> roots = new LinkedHashSet<>();
    try {
      Enumeration<URL> found = loader.getResources(folder);
      while (found.hasMoreElements()) {
        rootOf(found.nextElement(), folder).ifPresent(roots::add);
      }
    } catch (IOException e) {
      LOG.debug("cannot ask the class loader for {}: {}", folder, e.toString());
    }
    // Jars without folder entries are invisible to getResources; look into every entry too.
    for (String entry : System.getProperty("java.class.path", "").split(File.pathSeparator)) {
      if (!entry.isBlank()) {
        addWithManifestClassPath(Path.of(entry), roots);
      }
    }
    for (Path extra : extraRoots) {
      addWithManifestClassPath(extra, roots);
    }
    return roots;
  }

  private static java.util.Optional<Path> rootOf(URL url, String folder) {
    try {
      if ("file".equals(url.getProtocol())) {
        Path path = Path.of(url.toURI());
        Path root = path;
        for (int i = 0; i < folder.split("/").length && root != null; i++) {
          root = root.getParent();
        }
        return java.util.Optional.ofNullable(root);
      }
      if ("jar".equals(url.getProtocol())) {
        String spec = url.getPath();
        int bang = spec.indexOf("!/");
        if (bang > 0 && spec.startsWith("file:")) {
          return java.util.Optional.of(Path.of(new URL(spec.substring(0, bang)).toURI()));
        }
      }
    } catch (URISyntaxException | IOException | IllegalArgumentException e) {
      LOG.debug("cannot use {}: {}", url, e.toString());
    }
    return java.util.Optional.empty();
  }

  private static void addWithManifestClassPath(Path entry, Set<Path> roots) {
    Path root = entry.toAbsolutePath().normalize();
    if (!roots.add(root) || !Files.isRegularFile(root)) {
      return;
    }
    // Surefire and some launchers put the real class path in a jar's manifest.
    try (JarFile jar = new JarFile(root.toFile())) {
      Manifest manifest = jar.getManifest();
      String classPath =
          manifest == null ? null : manifest.getMainAttributes().getValue(Attributes.Name.CLASS_PATH);
      if (classPath == null) {
        return;
      }
      for (String item : classPath.trim().split("\\s+")) {
        try {
          URL url = new URL(root.toUri().toURL(), item);
          if ("file".equals(url.getProtocol())) {
            roots.add(Path.of(url.toURI()).toAbsolutePath().normalize());
          }
        } catch (IOException | URISyntaxException | IllegalArgumentException e) {
          LOG.debug("cannot use Class-Path entry {} of {}: {}", item, root, e.toString());
        }
      }
    } catch (IOException e) {
      LOG.debug("cannot read {} as a jar: {}", root, e.toString());
    }
  }

  private static void inFolder(Path folder, String packageName, Set<String> names)
      throws IOException {
    if (!Files.isDirectory(folder)) {
      return;
    }
    try (DirectoryStream<Path> files = Files.newDirectoryStream(folder, "*.class")) {
      for (Path file : files) {
        add(packageName, file.getFileName().toString(), names);
      }
    }
  }

  private static void inJar(Path jarPath, String folder, String packageName, Set<String> names)
      throws IOException {
    try (JarFile jar = new JarFile(jarPath.toFile())) {
      Enumeration<JarEntry> entries = jar.entries();
      String prefix = folder + "/";
      while (entries.hasMoreElements()) {
        String name = entries.nextElement().getName();
        if (name.startsWith(prefix) && name.indexOf('/', prefix.length()) < 0) {
          add(packageName, name.substring(prefix.length()), names);
        }
      }
    }
  }

  private static void add(String packageName, String fileName, Set<String> names) {
    if (!fileName.endsWith(".class")) {
      return;
    }
    String simple = fileName.substring(0, fileName.length() - ".class".length());
    if (simple.equals("package-info") || simple.equals("module-info")) {
      return;
    }
    names.add(packageName + "." + simple);
  }
}
