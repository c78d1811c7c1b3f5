package io.taskflow4j.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.taskflow4j.engine.Engine;
import io.taskflow4j.flow.Flow;
import io.taskflow4j.task.Task;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code --metrics-port}: metrics for Prometheus on 127.0.0.1, and nothing else there. */
class MetricsOptionsTest {

  private final HttpClient http = HttpClient.newHttpClient();

  private static MetricsOptions parsed(String... args) {
    MetricsOptions options = new MetricsOptions();
    new CommandLine(options).parseArgs(args);
    return options;
  }

  private HttpResponse<String> send(HttpRequest request) throws Exception {
    return http.send(request, HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void servesTheRecordedMetricsInPrometheusFormatAndRefusesAnythingElse() throws Exception {
    try (MetricsOptions.Served served = parsed("--metrics-port", "0").start().orElseThrow()) {
      try (Engine engine = Engine.builder(Flow.linear("shown").add(Task.builder("a").execute(ctx -> 1).build()))
          .listener(served.metrics().listener()).build()) {
        engine.run();
      }
      assertThat(served.url()).startsWith("http://127.0.0.1:").endsWith("/metrics");

      HttpResponse<String> metrics = send(HttpRequest.newBuilder(URI.create(served.url())).build());
      assertThat(metrics.statusCode()).isEqualTo(200);
      assertThat(metrics.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/plain"));
      assertThat(metrics.body())
          .contains("taskflow4j_flows_ended_total{flow=\"shown\",state=\"SUCCESS\"} 1.0")
          .contains("taskflow4j_atom_duration_seconds_count{action=\"execute\",outcome=\"success\",task=\"a\"} 1")
          .contains("jvm_memory_used_bytes");

      URI elsewhere = URI.create(served.url().replace("/metrics", "/admin"));
      HttpResponse<String> missing = send(HttpRequest.newBuilder(elsewhere).build());
      assertThat(missing.statusCode()).isEqualTo(404);
      assertThat(missing.body()).contains("metrics are at /metrics");
      HttpResponse<String> posted = send(HttpRequest.newBuilder(URI.create(served.url()))
          .POST(HttpRequest.BodyPublishers.ofString("x")).build());
      assertThat(posted.statusCode()).isEqualTo(405);
      assertThat(posted.headers().firstValue("Allow")).contains("GET, HEAD");
    }
  }

  @Test
  void withoutTheOptionNothingIsServed() {
    assertThat(parsed().start()).isEmpty();
  }

  @Test
  void aPortOutOfRangeIsRefusedNamingIt() {
    assertThatThrownBy(() -> parsed("--metrics-port", "70000").start())
        .isInstanceOf(UserInputException.class)
        .hasMessageContaining("--metrics-port must be from 0 to 65535, got 70000");
  }

  @Test
  void aPortInUseIsRefusedNamingIt() {
    try (MetricsOptions.Served first = parsed("--metrics-port", "0").start().orElseThrow()) {
      String port = first.url().replaceAll(".*:(\\d+)/metrics", "$1");
      assertThatThrownBy(() -> parsed("--metrics-port", port).start())
          .isInstanceOf(UserInputException.class)
          .hasMessageContaining("--metrics-port " + port + ": cannot listen on 127.0.0.1");
    }
  }
}
