package io.taskflow4j.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.taskflow4j.jobs.FactoryCall;
import io.taskflow4j.jobs.Job;
import io.taskflow4j.jobs.JobBoard;
import io.taskflow4j.jobs.JobPosting;
import io.taskflow4j.persistence.FlowStore;
import io.taskflow4j.state.FlowState;
import io.taskflow4j.store.jdbc.FlowStores;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The dashboard over plain HTTP: pages, filters, errors, the token and the actions' guards. */
class DashboardHttpTest {

  private static final String TOKEN = "s3cret-token-for-tests";

  @TempDir static Path directory;

  static FlowStore store;
  static SampleFlows samples;
  static JobBoard board;
  static Dashboard readOnly;
  static Dashboard withActions;

  private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

  @BeforeAll
  static void start() {
    store = FlowStores.open("sqlite:" + directory.resolve("flows.db"));
    samples = new SampleFlows(store);
    board = JobBoard.inMemory();
    readOnly = Dashboard.builder(store).port(0).jobs(board).start();
    withActions = Dashboard.builder(store).port(0).jobs(board).allowActions(samples).accessToken(TOKEN).start();
  }

  @AfterAll
  static void stop() {
    readOnly.close();
    withActions.close();
    samples.close();
    board.close();
    store.close();
  }

  @Test
  void theFlowListShowsEveryRecordedFlowNewestFirst() throws Exception {
    HttpResponse<String> page = get(readOnly, "/flows");

    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("text/html"));
    assertThat(page.body()).contains(samples.succeeded, samples.reverted, samples.failed, samples.suspended, samples.running);
    assertThat(page.body().indexOf(samples.running)).isLessThan(page.body().indexOf(samples.succeeded));
  }

  @Test
  void theListFiltersByStateAndName() throws Exception {
    String reverted = get(readOnly, "/flows?state=REVERTED&state=failure").body();
    assertThat(reverted).contains(samples.reverted, samples.failed).doesNotContain(samples.succeeded, samples.running);

    String named = get(readOnly, "/flows?name=stuck").body();
    assertThat(named).contains(samples.failed).doesNotContain(samples.reverted);

    assertThat(get(readOnly, "/flows?name=no-such-flow").body()).contains("No flow matches.");
  }

  @Test
  void aMalformedFilterIsABadRequestThatNamesWhatIsWrong() throws Exception {
    HttpResponse<String> state = get(readOnly, "/flows?state=EXPLODED");
    assertThat(state.statusCode()).isEqualTo(400);
    assertThat(state.body()).contains("unknown state &#39;EXPLODED&#39; in filter &#39;state&#39;")
        .doesNotContain("Exception", "at io.taskflow4j");

    HttpResponse<String> time = get(readOnly, "/flows?after=yesterday");
    assertThat(time.statusCode()).isEqualTo(400);
    assertThat(time.body()).contains("filter &#39;after&#39; is not a time: &#39;yesterday&#39;");

    assertThat(get(readOnly, "/flows?sort=name").statusCode()).isEqualTo(400);
    assertThat(get(readOnly, "/flows?name=" + "x".repeat(201)).statusCode()).isEqualTo(400);
  }

  @Test
  void aFlowPageShowsItsGraphTimelineAtomsAndFailures() throws Exception {
    String page = get(readOnly, "/flows/" + samples.reverted).body();

    assertThat(page).contains("provision-vm-no-capacity", "id=\"graph\"", "data-atom=\"boot-vm\" data-state=\"REVERTED\"",
        "id=\"timeline\"", "data-action=\"revert\"", "hypervisor refused: no capacity left in zone eu-1",
        "IllegalStateException", "Traceback", "id=\"retries\"");
    String provisioned = get(readOnly, "/flows/" + samples.succeeded).body();
    // boot-vm runs after both atoms of the unordered part: two edges end at it.
    assertThat(provisioned).contains("data-atom=\"create-nic\" data-state=\"SUCCESS\"");
    assertThat(provisioned.split("class=\"edge\"", -1)).hasSize(1 + 4);
  }

  @Test
  void anUnknownFlowOrPageIsANotFoundPage() throws Exception {
    HttpResponse<String> flow = get(readOnly, "/flows/no-such-id");
    assertThat(flow.statusCode()).isEqualTo(404);
    assertThat(flow.body()).contains("no flow with id &#39;no-such-id&#39;");

    HttpResponse<String> page = get(readOnly, "/nowhere");
    assertThat(page.statusCode()).isEqualTo(404);
    assertThat(page.body()).contains("no page at /nowhere");
    assertThat(get(readOnly, "/flows/" + "a".repeat(300)).statusCode()).isEqualTo(400);
  }

  @Test
  void anActionWithoutTheFlagIsRefusedAndChangesNothing() throws Exception {
    HttpResponse<String> refused = post(readOnly, "/flows/" + samples.suspended + "/resume", null);

    assertThat(refused.statusCode()).isEqualTo(403);
    assertThat(refused.body()).contains("actions are disabled");
    assertThat(store.flow(samples.suspended).orElseThrow().state()).isEqualTo(FlowState.SUSPENDED);
    assertThat(get(readOnly, "/flows/" + samples.suspended).body()).contains("id=\"resume\" disabled");
  }

  @Test
  void withAnAccessTokenEveryRequestNeedsIt() throws Exception {
    HttpResponse<String> none = get(withActions, "/flows");
    assertThat(none.statusCode()).isEqualTo(401);
    assertThat(none.body()).contains("needs its access token");

    assertThat(send(withActions, HttpRequest.newBuilder(withActions.uri().resolve("/flows"))
        .header("Authorization", "Bearer wrong-token-wrong-token").build()).statusCode()).isEqualTo(401);

    HttpResponse<String> byQuery = get(withActions, "/flows?token=" + TOKEN);
    assertThat(byQuery.statusCode()).isEqualTo(303);
    String cookie = byQuery.headers().firstValue("Set-Cookie").orElseThrow();
    assertThat(cookie).contains("HttpOnly").containsIgnoringCase("SameSite=Strict");
    HttpResponse<String> withCookie = send(withActions, HttpRequest.newBuilder(withActions.uri().resolve("/flows"))
        .header("Cookie", cookie.substring(0, cookie.indexOf(';'))).build());
    assertThat(withCookie.statusCode()).isEqualTo(200);

    HttpResponse<String> refused = post(withActions, "/flows/" + samples.suspended + "/revert", null);
    assertThat(refused.statusCode()).isEqualTo(401);
    assertThat(store.flow(samples.suspended).orElseThrow().state()).isEqualTo(FlowState.SUSPENDED);
  }

  @Test
  void anActionFromAnotherSiteOrOnAFinishedFlowIsRefused() throws Exception {
    HttpResponse<String> foreign = send(withActions, HttpRequest.newBuilder(withActions.uri().resolve("/flows/" + samples.suspended + "/resume"))
        .header("Authorization", "Bearer " + TOKEN).header("Origin", "http://evil.example")
        .POST(HttpRequest.BodyPublishers.noBody()).build());
    assertThat(foreign.statusCode()).isEqualTo(403);

    HttpResponse<String> finished = post(withActions, "/flows/" + samples.succeeded + "/revert", TOKEN);
    assertThat(finished.statusCode()).isEqualTo(409);
    assertThat(finished.body()).contains("has finished in state SUCCESS");
    assertThat(store.flow(samples.suspended).orElseThrow().state()).isEqualTo(FlowState.SUSPENDED);
  }

  @Test
  void jobsAreListedAndTrashedOnlyWithTheFlag() throws Exception {
    Job job = board.post(JobPosting.builder("rebuild-index").factory(FactoryCall.of("search.rebuild_index")).build());

    assertThat(get(readOnly, "/jobs").body()).contains("rebuild-index", job.id());
    assertThat(post(readOnly, "/jobs/" + job.id() + "/trash", null).statusCode()).isEqualTo(403);
    assertThat(board.job(job.id())).isPresent();

    HttpResponse<String> trashed = post(withActions, "/jobs/" + job.id() + "/trash", TOKEN);
    assertThat(trashed.statusCode()).isEqualTo(303);
    assertThat(board.job(job.id())).isEmpty();
    assertThat(post(withActions, "/jobs/" + job.id() + "/trash", TOKEN).statusCode()).isEqualTo(404);
  }

  @Test
  void theWorkersPageSaysWhenNoExchangeIsWatched() throws Exception {
    assertThat(get(readOnly, "/workers").body()).contains("No exchange to watch");
  }

  @Test
  void theBuilderRefusesBadOptions() {
    assertThatThrownBy(() -> Dashboard.builder(store).port(70000).start()).hasMessageContaining("port must be 0 to 65535");
    assertThatThrownBy(() -> Dashboard.builder(store).accessToken("short").start()).hasMessageContaining("at least 16");
    assertThatThrownBy(() -> Dashboard.builder(store).pageSize(0).start()).hasMessageContaining("pageSize");
    assertThatThrownBy(() -> Dashboard.builder(store).refreshPeriod(Duration.ofMillis(1)).start())
        .hasMessageContaining("refreshPeriod");
    assertThatThrownBy(() -> Dashboard.builder(store).port(readOnly.port()).start())
        .isInstanceOf(DashboardException.class).hasMessageContaining("cannot serve the dashboard");
  }

  @Test
  void aResumeStartedFromTheDashboardRunsTheFlowToItsEnd() throws Exception {
    String suspended = samples.suspendedRun();

    HttpResponse<String> started = post(withActions, "/flows/" + suspended + "/resume", TOKEN);

    assertThat(started.statusCode()).isEqualTo(303);
    assertThat(started.headers().firstValue("Location")).hasValue("/flows/" + suspended + "?notice=resume");
    await().until(() -> store.flow(suspended).orElseThrow().state() == FlowState.SUCCESS);
  }

  private HttpResponse<String> get(Dashboard dashboard, String path) throws IOException, InterruptedException {
    return send(dashboard, HttpRequest.newBuilder(dashboard.uri().resolve(path)).build());
  }

  private HttpResponse<String> post(Dashboard dashboard, String path, String token) throws IOException, InterruptedException {
    HttpRequest.Builder request = HttpRequest.newBuilder(dashboard.uri().resolve(path)).POST(HttpRequest.BodyPublishers.noBody());
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    return send(dashboard, request.build());
  }

  private HttpResponse<String> send(Dashboard dashboard, HttpRequest request) throws IOException, InterruptedException {
    return http.send(request, HttpResponse.BodyHandlers.ofString());
  }

}
