package io.taskflow4j.transport.amqp.testing;

import java.io.IOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.apache.qpid.server.SystemLauncher;
import org.apache.qpid.server.SystemLauncherListener;
import org.apache.qpid.server.model.Broker;
import org.apache.qpid.server.model.Port;
import org.apache.qpid.server.model.SystemConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Apache Qpid Broker-J running inside the test JVM: AMQP 0-9-1 on a free loopback port, user
 * guest/guest, an in-memory virtual host, its work directory under {@code target/}. Thread-safe.
 */
final class EmbeddedQpid implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedQpid.class);
  private static final String CONFIG = "qpid-config.json";

  private final SystemLauncher launcher;
  private final Path workDir;
  private final int port;

  private EmbeddedQpid(SystemLauncher launcher, Path workDir, int port) {
    this.launcher = launcher;
    this.workDir = workDir;
    this.port = port;
  }

  /** Starts a broker on a port the system chooses. */
  static EmbeddedQpid start() {
    URL config = Objects.requireNonNull(EmbeddedQpid.class.getResource(CONFIG), CONFIG + " is missing");
    AtomicReference<SystemConfig<?>> system = new AtomicReference<>();
    SystemLauncher launcher =
        new SystemLauncher(
            new SystemLauncherListener.DefaultSystemLauncherListener() {
              @Override
              public void onContainerResolve(SystemConfig<?> resolved) {
                system.set(resolved);
              }
            });
    Path workDir;
    try {
      Path target = Path.of("target");
      workDir = Files.isDirectory(target)
          ? Files.createTempDirectory(target, "qpid-work-")
          : Files.createTempDirectory("taskflow4j-qpid-work-");
    } catch (IOException e) {
      throw new IllegalStateException("could not create a work directory for the embedded broker", e);
    }
    Map<String, Object> context = new HashMap<>();
    context.put("qpid.amqp_port", "0");
    context.put("qpid.work_dir", workDir.toAbsolutePath().toString());
    // As RabbitMQ does, drop a message rejected without requeue. Qpid requeues it unless a queue has
    // a delivery limit, and one delivery is the limit whose "too many" check only basic.reject makes.
    context.put("queue.maximumDeliveryAttempts", "1");
    Map<String, Object> attributes = new HashMap<>();
    attributes.put("type", "Memory");
    attributes.put("initialConfigurationLocation", config.toExternalForm());
    attributes.put("startupLoggedToSystemOut", false);
    attributes.put("context", context);
    try {
      launcher.startup(attributes);
    } catch (Exception e) {
      throw new IllegalStateException("the embedded Qpid broker did not start", e);
    }
    SystemConfig<?> resolved = Objects.requireNonNull(system.get(), "the broker did not report its system config");
    int port = amqpPort(resolved).getBoundPort();
    LOG.info("embedded Qpid broker listens on 127.0.0.1:{} (work dir {})", port, workDir);
    return new EmbeddedQpid(launcher, workDir, port);
  }

  int port() {
    return port;
  }

  @Override
  public void close() {
    launcher.shutdown();
    try (Stream<Path> files = Files.walk(workDir)) {
      files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    } catch (IOException e) {
      LOG.debug("could not remove {}: {}", workDir, e.getMessage());
    }
  }

  private static Port<?> amqpPort(SystemConfig<?> system) {
    Broker<?> broker = (Broker<?>) system.getContainer();
    for (Port<?> port : broker.getPorts()) {
      if (port.getName().equals("AMQP")) {
        return port;
      }
    }
    throw new IllegalStateException("the embedded broker has no AMQP port");
  }
}
