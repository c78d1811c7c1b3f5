package io.taskflow4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.taskflow4j.transport.amqp.testing.TestBroker;
import io.taskflow4j.transport.amqp.testing.TestBrokers;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code taskflow worker --metrics-port}: a worker process serves, for Prometheus, how long the
 * tasks it ran took. Real processes (the packaged jar) on RabbitMQ, or the embedded Qpid broker.
 */
class WorkerMetricsIT {

  private static final Pattern METRICS_URL = Pattern.compile("metrics:\\s+(http://127\\.0\\.0\\.1:\\d+/metrics)");

  @TempDir Path dir;

  private TaskflowProcesses processes;

  @AfterEach
  void killLeftovers() {
    if (processes != null) {
      processes.killLeftovers();
    }
  }

  @Test
  void aWorkerServesTheDurationsOfTheTasksItRan() throws Exception {
    processes = new TaskflowProcesses(dir);
    TestBroker broker = TestBrokers.any();
    String exchange = "tf4j-metrics-" + UUID.randomUUID().toString().substring(0, 8);
    TaskflowProcesses.Launched worker = processes.launch("worker", List.of(
        "worker", "--url", broker.url(), "--exchange", exchange, "--topic", "nappers",
        "--tasks", "io.taskflow4j.cli.testtasks.Nap", "--metrics-port", "0",
        "--classpath", TaskflowProcesses.testClasses()));
    String url = Awaitility.await("the worker's banner").atMost(Duration.ofSeconds(60))
        .until(() -> metricsUrl(worker), Optional::isPresent).orElseThrow();
    String flow = Cli.write(dir, "naps.yaml",
        "flow:\n  name: naps\n  pattern: linear\n  elements:\n"
            + "    - {task: io.taskflow4j.cli.testtasks.Nap, name: first, inject: {ms: 10}}\n"
            + "    - {task: io.taskflow4j.cli.testtasks.Nap, name: second, inject: {ms: 10}}\n");

    TaskflowProcesses.Launched run = processes.launch("run", List.of(
        "run", flow, "--url", broker.url(), "--exchange", exchange, "--topic", "nappers", "--wait", "60s",
        "--set", "log=" + dir.resolve("naps.log"), "--classpath", TaskflowProcesses.testClasses()));
    assertThat(run.process().waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(run.process().exitValue()).as(TaskflowProcesses.text(run.err())).isZero();

    HttpResponse<String> scraped = HttpClient.newHttpClient().send(
        HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(scraped.statusCode()).isEqualTo(200);
    assertThat(scraped.body()).contains("taskflow4j_worker_task_duration_seconds_count{action=\"execute\","
        + "outcome=\"success\",task=\"io.taskflow4j.cli.testtasks.Nap\"} 2");
  }

  private static Optional<String> metricsUrl(TaskflowProcesses.Launched worker) throws Exception {
    Matcher matcher = METRICS_URL.matcher(TaskflowProcesses.text(worker.out()));
    return matcher.find() ? Optional.of(matcher.group(1)) : Optional.empty();
  }
}
