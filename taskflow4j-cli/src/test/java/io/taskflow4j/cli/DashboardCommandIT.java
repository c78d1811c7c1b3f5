package io.taskflow4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.taskflow4j.cli.flowfile.FlowAssembler;
import io.taskflow4j.cli.flowfile.FlowFiles;
import io.taskflow4j.cli.flowfile.FlowSource;
import io.taskflow4j.cli.flowfile.LoadedFlow;
import io.taskflow4j.cli.testtasks.SuspendHere;
import io.taskflow4j.engine.Engine;
import io.taskflow4j.persistence.FlowStore;
import io.taskflow4j.state.FlowState;
import io.taskflow4j.store.jdbc.FlowStores;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code taskflow dashboard} as a real process (the packaged jar): it serves a store's flows, and
 * resumes a flow that {@code taskflow run} recorded, from its recorded flow file, only with
 * {@code --allow-actions} and the access token.
 */
class DashboardCommandIT {

  private static final Pattern URL = Pattern.compile("dashboard of \\S+ at (http://127\\.0\\.0\\.1:\\d+/)");
  private static final String TOKEN = "dashboard-it-token-42";

  @TempDir Path dir;

  private TaskflowProcesses processes;
  private String store;
  private Path log;
  private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

  @BeforeEach
  void setUp() {
    processes = new TaskflowProcesses(dir);
    store = "sqlite:" + dir.resolve("flows.db");
    log = dir.resolve("log.txt");
  }

  @AfterEach
  void killLeftovers() {
    processes.killLeftovers();
  }

  @Test
  void aRecordedFlowIsResumedFromTheDashboardWithTheFlagAndToken() throws Exception {
    String id = suspendedRun();
    Files.writeString(dir.resolve("token"), TOKEN + "\n");
    URI base = start(List.of("--allow-actions", "--token-file", dir.resolve("token").toString()));

    assertThat(send(HttpRequest.newBuilder(base.resolve("/flows")).build()).statusCode()).isEqualTo(401);
    HttpResponse<String> list = send(authorized(base.resolve("/flows")).build());
    assertThat(list.statusCode()).isEqualTo(200);
    assertThat(list.body()).contains(id, "SUSPENDED");

    HttpResponse<String> resumed = send(authorized(base.resolve("/flows/" + id + "/resume"))
        .POST(HttpRequest.BodyPublishers.noBody()).build());

    assertThat(resumed.statusCode()).as(resumed.body()).isEqualTo(303);
    Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> state(id) == FlowState.SUCCESS);
    assertThat(Files.readAllLines(log)).containsExactly("execute first", "execute second");
  }

  @Test
  void withoutTheFlagTheDashboardRefusesToResume() throws Exception {
    String id = suspendedRun();
    URI base = start(List.of());

    HttpResponse<String> refused = send(HttpRequest.newBuilder(base.resolve("/flows/" + id + "/resume"))
        .POST(HttpRequest.BodyPublishers.noBody()).build());

    assertThat(refused.statusCode()).isEqualTo(403);
    assertThat(refused.body()).contains("actions are disabled");
    assertThat(state(id)).isEqualTo(FlowState.SUSPENDED);
    assertThat(Files.readAllLines(log)).containsExactly("execute first");
  }

  private URI start(List<String> options) throws Exception {
    List<String> arguments = new java.util.ArrayList<>(List.of("dashboard", "--store", store, "--port", "0",
        "--classpath", TaskflowProcesses.testClasses()));
    arguments.addAll(options);
    TaskflowProcesses.Launched dashboard = processes.launch("dashboard", arguments);
    String url = Awaitility.await("the dashboard's banner").atMost(Duration.ofSeconds(60))
        .until(() -> {
          assertThat(dashboard.process().isAlive()).as(TaskflowProcesses.text(dashboard.err())).isTrue();
          Matcher matcher = URL.matcher(TaskflowProcesses.text(dashboard.err()));
          return matcher.find() ? Optional.of(matcher.group(1)) : Optional.<String>empty();
        }, Optional::isPresent).orElseThrow();
    return URI.create(url);
  }

  private HttpRequest.Builder authorized(URI uri) {
    return HttpRequest.newBuilder(uri).header("Authorization", "Bearer " + TOKEN);
  }

  private HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
    return http.send(request, HttpResponse.BodyHandlers.ofString());
  }

  private FlowState state(String id) {
    try (FlowStore opened = FlowStores.open(store)) {
      return opened.flow(id).orElseThrow().state();
    }
  }

  /** Records a run as 'taskflow run --store' does, suspended after its middle task. */
  private String suspendedRun() throws IOException {
    String file = Cli.write(dir, "chores.yaml",
        "inputs:\n  log: " + log + "\nflow:\n  name: chores\n  pattern: linear\n  elements:\n"
            + "    - task: io.taskflow4j.cli.testtasks.AppendLine\n      name: first\n"
            + "    - task: io.taskflow4j.cli.testtasks.SuspendHere\n      name: middle\n"
            + "    - task: io.taskflow4j.cli.testtasks.AppendLine\n      name: second\n");
    FlowSource source = FlowFiles.source(Path.of(file));
    LoadedFlow loaded = new FlowAssembler(LocalTasks.factory(getClass().getClassLoader())).assemble(FlowFiles.parse(source));
    try (FlowStore opened = FlowStores.open(store);
        Engine engine = Engine.builder(loaded.flow()).inputs(loaded.inputs()).store(opened)
            .flowMeta(RecordedFlows.META_KEY, RecordedFlows.metaWith(source, Map.of())).build()) {
      SuspendHere.ENGINE.set(engine);
      assertThat(engine.run()).isEqualTo(FlowState.SUSPENDED);
      return engine.flowId();
    }
  }
}
