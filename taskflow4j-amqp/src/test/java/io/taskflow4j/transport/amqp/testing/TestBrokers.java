package io.taskflow4j.transport.amqp.testing;

import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import io.taskflow4j.transport.amqp.AmqpUrl;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Assumptions;
import org.opentest4j.TestAbortedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The brokers of the test run, one of each per JVM, found or started on first use.
 *
 * <ul>
 *   <li>RabbitMQ at {@value #URL_VARIABLE} (default {@value #DEFAULT_URL}) when it answers.
 *   <li>With {@value #REQUIRE_VARIABLE}{@code =true} (set by CI), RabbitMQ must answer: a test that
 *       asks for it fails instead of falling back or being skipped.
 *   <li>Otherwise an embedded Apache Qpid Broker-J, started on a free port and stopped when the
 *       JVM exits, so the suite passes on a machine without RabbitMQ.
 * </ul>
 *
 * <p>Thread-safe.
 */
public final class TestBrokers {

  /** The environment variable with the RabbitMQ URL. */
  public static final String URL_VARIABLE = "TASKFLOW4J_AMQP_URL";

  /** The environment variable that makes RabbitMQ mandatory when {@code true}. */
  public static final String REQUIRE_VARIABLE = "TASKFLOW4J_REQUIRE_RABBITMQ";

  /** Where RabbitMQ is looked for unless {@value #URL_VARIABLE} says otherwise. */
  public static final String DEFAULT_URL = "amqp://guest:guest@127.0.0.1:5672/";

  private static final Logger LOG = LoggerFactory.getLogger(TestBrokers.class);

  private static Optional<TestBroker> rabbitMq;
  private static String rabbitMqProblem;
  private static TestBroker qpid;

  private TestBrokers() {}

  /**
   * Whether RabbitMQ is mandatory for this run ({@value #REQUIRE_VARIABLE}{@code =true}).
   *
   * @return true when required
   */
  public static boolean rabbitMqRequired() {
    return "true".equalsIgnoreCase(System.getenv(REQUIRE_VARIABLE));
  }

  /**
   * The live RabbitMQ, when it answers.
   *
   * @return the broker, or empty when it does not answer and is not required
   * @throws AssertionError when it does not answer but is required
   */
  public static synchronized Optional<TestBroker> rabbitMq() {
    if (rabbitMq == null) {
      rabbitMq = probeRabbitMq();
    }
    if (rabbitMq.isEmpty() && rabbitMqRequired()) {
      throw new AssertionError(
          REQUIRE_VARIABLE + "=true but RabbitMQ at " + AmqpUrl.parse(rabbitMqUrl()) + " is not usable: " + rabbitMqProblem);
    }
    return rabbitMq;
  }

  /**
   * The live RabbitMQ, or else aborts the calling test (skipped, with the reason) unless RabbitMQ is
   * required, when it fails.
   *
   * @return the broker
   * @throws TestAbortedException when RabbitMQ does not answer and is not required
   */
  public static TestBroker rabbitMqOrSkip() {
    Optional<TestBroker> broker = rabbitMq();
    Assumptions.assumeTrue(
        broker.isPresent(),
        () -> "RabbitMQ at " + AmqpUrl.parse(rabbitMqUrl()) + " is not usable (" + rabbitMqProblem
            + "); set " + URL_VARIABLE + " to test against it");
    return broker.orElseThrow();
  }

  /**
   * The embedded Qpid broker, started on first use.
   *
   * @return the broker
   */
  public static synchronized TestBroker embeddedQpid() {
    if (qpid == null) {
      EmbeddedQpid started = EmbeddedQpid.start();
      Runtime.getRuntime().addShutdownHook(new Thread(started::close, "taskflow4j-qpid-stop"));
      qpid = new TestBroker(
          TestBroker.Kind.EMBEDDED_QPID,
          "amqp://guest:guest@127.0.0.1:" + started.port() + "/",
          prefix -> {
            throw new UnsupportedOperationException(
                "the embedded Qpid broker does not show client connection names; cut connections with TcpProxy");
          });
    }
    return qpid;
  }

  /**
   * RabbitMQ when it answers (or must), else the embedded Qpid: what most tests want.
   *
   * @return a broker
   * @throws AssertionError when RabbitMQ is required but does not answer
   */
  public static TestBroker any() {
    return rabbitMq().orElseGet(TestBrokers::embeddedQpid);
  }

  /**
   * A broker of the given kind: {@link #rabbitMqOrSkip()} or {@link #embeddedQpid()}.
   *
   * @param kind the kind
   * @return the broker
   */
  public static TestBroker of(TestBroker.Kind kind) {
    return kind == TestBroker.Kind.RABBITMQ ? rabbitMqOrSkip() : embeddedQpid();
  }

  private static String rabbitMqUrl() {
    String url = System.getenv(URL_VARIABLE);
    return url == null || url.isBlank() ? DEFAULT_URL : url.strip();
  }

  private static Optional<TestBroker> probeRabbitMq() {
    String url = rabbitMqUrl();
    AmqpUrl parsed = AmqpUrl.parse(url);
    ConnectionFactory factory = new ConnectionFactory();
    factory.setHost(parsed.host());
    factory.setPort(parsed.port());
    factory.setUsername(parsed.username());
    factory.setPassword(parsed.password());
    factory.setVirtualHost(parsed.virtualHost());
    factory.setConnectionTimeout(2000);
    factory.setHandshakeTimeout(2000);
    factory.setAutomaticRecoveryEnabled(false);
    if (parsed.tls()) {
      rabbitMqProblem = "the test helper does not probe amqps:// URLs";
      return Optional.empty();
    }
    try (Connection connection = factory.newConnection("taskflow4j-test-probe")) {
      Object product = connection.getServerProperties().get("product");
      if (product == null || !product.toString().equals("RabbitMQ")) {
        rabbitMqProblem = "the broker there is " + product + ", not RabbitMQ";
        return Optional.empty();
      }
      LOG.info("testing against RabbitMQ at {}", parsed);
      return Optional.of(new TestBroker(TestBroker.Kind.RABBITMQ, url, TestBrokers::closeRabbitMqConnections));
    } catch (IOException | TimeoutException | RuntimeException e) {
      rabbitMqProblem = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
      LOG.info("RabbitMQ at {} is not usable: {}", parsed, rabbitMqProblem);
      return Optional.empty();
    }
  }

  /**
   * Restarts the RabbitMQ application with {@code rabbitmqctl stop_app} and {@code start_app}, as
   * an operator would; what is not durable is gone afterwards.
   */
  public static void restartRabbitMq() {
    rabbitmqctl("stop_app");
    rabbitmqctl("start_app");
    rabbitmqctl("await_startup");
  }

  /** Closes RabbitMQ connections by name with {@code rabbitmqctl}, as an operator would. */
  private static int closeRabbitMqConnections(String namePrefix) {
    List<String> pids = new ArrayList<>();
    for (String line : rabbitmqctl("-q", "list_connections", "pid", "client_properties")) {
      int tab = line.indexOf('\t');
      if (tab > 0 && line.substring(tab).contains("{\"connection_name\",\"" + namePrefix)) {
        pids.add(line.substring(0, tab).strip());
      }
    }
    for (String pid : pids) {
      rabbitmqctl("close_connection", pid, "closed by a taskflow4j test");
    }
    return pids.size();
  }

  private static List<String> rabbitmqctl(String... arguments) {
    List<String> command = new ArrayList<>();
    command.add("rabbitmqctl");
    command.addAll(List.of(arguments));
    try {
      Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
      List<String> lines = new ArrayList<>();
      try (BufferedReader reader =
          new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
        for (String line = reader.readLine(); line != null; line = reader.readLine()) {
          lines.add(line);
        }
      }
      if (!process.waitFor(60, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new IllegalStateException("rabbitmqctl did not finish: " + command);
      }
      if (process.exitValue() != 0) {
        throw new IllegalStateException("rabbitmqctl failed (" + process.exitValue() + "): " + String.join("\n", lines));
      }
      return lines;
    } catch (IOException e) {
      throw new IllegalStateException("could not run rabbitmqctl (is it installed on this machine?)", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while running rabbitmqctl", e);
    }
  }
}
