package io.taskflow4j.cli;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.taskflow4j.metrics.FlowMetrics;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import picocli.CommandLine.Option;

/**
 * The {@code --metrics-port} option of the long-running commands: metrics for Prometheus at
 * {@code http://127.0.0.1:PORT/metrics}. Not thread-safe; filled by the parser.
 */
public final class MetricsOptions {

  @Option(
      names = "--metrics-port",
      paramLabel = "PORT",
      description =
          "Serve metrics for Prometheus at http://127.0.0.1:PORT/metrics (0 picks a free port, which"
              + " the command prints). Off by default.")
  private Integer port;

  /** Metrics being served, and how to stop serving them. */
  public static final class Served implements AutoCloseable {
    private final HttpServer server;
    private final FlowMetrics metrics;

    private Served(HttpServer server, FlowMetrics metrics) {
      this.server = server;
      this.metrics = metrics;
    }

    /**
     * The metrics to record into.
     *
     * @return the metrics
     */
    public FlowMetrics metrics() {
      return metrics;
    }

    /**
     * Where they are served.
     *
     * @return such as {@code http://127.0.0.1:9464/metrics}
     */
    public String url() {
      return "http://127.0.0.1:" + server.getAddress().getPort() + "/metrics";
    }

    @Override
    public void close() {
      server.stop(0);
    }
  }

  /**
   * Starts serving, when the option was given.
   *
   * @return the metrics served, or empty without {@code --metrics-port}
   * @throws UserInputException when the port is out of range or taken
   */
  public Optional<Served> start() {
    if (port == null) {
      return Optional.empty();
    }
    if (port < 0 || port > 65_535) {
      throw new UserInputException("--metrics-port must be from 0 to 65535, got " + port);
    }
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    new JvmMemoryMetrics().bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    @SuppressWarnings("resource") // runs as long as the process; nothing else holds its threads
    JvmGcMetrics gc = new JvmGcMetrics();
    gc.bindTo(registry);
    HttpServer server;
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
    } catch (IOException e) {
      throw new UserInputException("--metrics-port " + port + ": cannot listen on 127.0.0.1: " + e.getMessage());
    }
    server.createContext("/", exchange -> answer(exchange, registry));
    server.start();
    return Optional.of(new Served(server, FlowMetrics.of(registry)));
  }

  private static void answer(HttpExchange exchange, PrometheusMeterRegistry registry) throws IOException {
    try (exchange) {
      String path = exchange.getRequestURI().getPath();
      if (!path.equals("/metrics")) {
        send(exchange, 404, "text/plain; charset=utf-8", "not found: " + path + "; metrics are at /metrics\n");
      } else if (!exchange.getRequestMethod().equals("GET") && !exchange.getRequestMethod().equals("HEAD")) {
        exchange.getResponseHeaders().set("Allow", "GET, HEAD");
        send(exchange, 405, "text/plain; charset=utf-8", "method " + exchange.getRequestMethod() + " not allowed\n");
      } else {
        send(exchange, 200, "text/plain; version=0.0.4; charset=utf-8", registry.scrape());
      }
    }
  }

  private static void send(HttpExchange exchange, int status, String type, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", type);
    boolean head = exchange.getRequestMethod().equals("HEAD");
    exchange.sendResponseHeaders(status, head ? -1 : bytes.length);
    if (!head) {
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(bytes);
      }
    }
  }
}
