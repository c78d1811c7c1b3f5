package io.taskflow4j.dashboard.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.Cookie;
import io.javalin.http.HttpStatus;
import io.javalin.http.SameSite;
import io.javalin.http.sse.SseClient;
import io.taskflow4j.dashboard.Dashboard;
import io.taskflow4j.dashboard.DashboardException;
import io.taskflow4j.dashboard.spi.FlowActions;
import io.taskflow4j.internal.Messages;
import io.taskflow4j.jobs.JobBoard;
import io.taskflow4j.persistence.AtomDetail;
import io.taskflow4j.persistence.FlowDetail;
import io.taskflow4j.persistence.FlowStore;
import io.taskflow4j.persistence.FlowSummary;
import io.taskflow4j.persistence.StoreException;
import io.taskflow4j.remote.RemoteTaskExecutor;
import io.taskflow4j.state.FlowState;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The dashboard's HTTP server: routes, access token, error pages and live updates over server-sent
 * events. Thread-safe: Jetty's threads serve requests; one thread of its own pushes updates.
 */
public final class DashboardServer implements Dashboard {

  private static final Logger LOG = LoggerFactory.getLogger(DashboardServer.class);
  private static final String TOKEN_COOKIE = "taskflow4j_token";
  private static final int MAX_ID = 200;
  private static final Set<FlowState> FINISHED = Set.of(FlowState.SUCCESS, FlowState.REVERTED, FlowState.FAILURE);
  private static final Map<String, String> NOTICES = Map.of(
      "resume", "Resume started; this page follows it.",
      "revert", "Revert started; this page follows it.",
      "trash", "The job was trashed.");
  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * What a dashboard was built with, checked by its builder.
   *
   * @param store the flows
   * @param host the address to listen on
   * @param port the port, 0 for any
   * @param workers the executor whose workers to show
   * @param jobs the board whose jobs to show
   * @param actions how to resume and revert, when actions are allowed
   * @param accessToken the token every request must show
   * @param refreshPeriod how often open flow pages are refreshed
   * @param pageSize flows per page
   * @param clock the time now
   */
  public record Settings(
      FlowStore store,
      String host,
      int port,
      Optional<RemoteTaskExecutor> workers,
      Optional<JobBoard> jobs,
      Optional<FlowActions> actions,
      Optional<String> accessToken,
      Duration refreshPeriod,
      int pageSize,
      Clock clock) {}

  private final Settings settings;
  private final Javalin app;
  private final ScheduledExecutorService pusher;
  private final Map<SseClient, Watch> watches = new ConcurrentHashMap<>();
  private final URI uri;

  /** An open flow page and what it was last sent. */
  private static final class Watch {
    final String flowId;
    volatile String fingerprint;

    Watch(String flowId, String fingerprint) {
      this.flowId = flowId;
      this.fingerprint = fingerprint;
    }
  }

  private DashboardServer(Settings settings) {
    this.settings = settings;
    this.app = Javalin.create(config -> {
      config.showJavalinBanner = false;
      config.startupWatcherEnabled = false;
      config.http.maxRequestSize = 16_384;
      config.router.ignoreTrailingSlashes = true;
    });
    routes();
    this.pusher = Executors.newSingleThreadScheduledExecutor(runnable -> {
      Thread thread = new Thread(runnable, "taskflow4j-dashboard-updates");
      thread.setDaemon(true);
      return thread;
    });
    try {
      app.start(settings.host(), settings.port());
    } catch (RuntimeException e) {
      pusher.shutdownNow();
      throw new DashboardException("cannot serve the dashboard on " + settings.host() + ":" + settings.port() + ": "
          + (e.getCause() != null ? e.getCause().getMessage() : e.getMessage()), e);
    }
    long period = settings.refreshPeriod().toMillis();
    pusher.scheduleWithFixedDelay(this::pushUpdates, period, period, TimeUnit.MILLISECONDS);
    String shownHost = settings.host().contains(":") ? "[" + settings.host() + "]" : settings.host();
    this.uri = URI.create("http://" + shownHost + ":" + app.port() + "/");
    LOG.info("dashboard of {} at {}", settings.store().describe(), uri);
  }

  /**
   * Starts a dashboard.
   *
   * @param settings what it shows and how
   * @return the running dashboard
   * @throws DashboardException when it cannot listen
   */
  public static Dashboard start(Settings settings) {
    return new DashboardServer(settings);
  }

  @Override
  public URI uri() {
    return uri;
  }

  @Override
  public int port() {
    return app.port();
  }

  @Override
  public void close() {
    pusher.shutdownNow();
    watches.keySet().forEach(SseClient::close);
    watches.clear();
    app.stop();
  }

  // ------------------------------------------------------------------ routes

  private void routes() {
    app.before(this::checkAccess);
    app.before(ctx -> {
      ctx.header("X-Content-Type-Options", "nosniff");
      ctx.header("Referrer-Policy", "no-referrer");
      ctx.header("Content-Security-Policy",
          "default-src 'self'; style-src 'self' 'unsafe-inline'; script-src 'self'; frame-ancestors 'none'");
    });
    app.get("/", ctx -> ctx.redirect("/flows", HttpStatus.FOUND));
    app.get("/static/dashboard.css", ctx -> resource(ctx, "dashboard.css", "text/css; charset=utf-8"));
    app.get("/static/dashboard.js", ctx -> resource(ctx, "dashboard.js", "text/javascript; charset=utf-8"));
    app.get("/flows", this::flowList);
    app.get("/flows/{id}", this::flowPage);
    app.sse("/flows/{id}/events", this::follow);
    app.post("/flows/{id}/resume", ctx -> flowAction(ctx, "resume"));
    app.post("/flows/{id}/revert", ctx -> flowAction(ctx, "revert"));
    app.get("/workers", ctx -> ctx.html(settings.workers().isEmpty()
        ? WorkersPage.render(Optional.empty(), settings.clock().instant())
        : WorkersPage.render(Optional.of(settings.workers().get().workers()), settings.clock().instant())));
    app.get("/jobs", ctx -> ctx.html(jobsPage(notice(ctx))));
    app.post("/jobs/{id}/trash", this::trash);
    app.exception(BadRequestException.class, (e, ctx) -> errorPage(ctx, e.status(), e.getMessage()));
    app.exception(StoreException.class, (e, ctx) -> {
      LOG.warn("the dashboard could not read {}", settings.store().describe(), e);
      errorPage(ctx, 503, "the store cannot be read: " + Messages.oneLine(e.getMessage()));
    });
    app.exception(Exception.class, (e, ctx) -> {
      LOG.error("the dashboard failed on {} {}", ctx.method(), ctx.path(), e);
      errorPage(ctx, 500, "internal error; the dashboard's log has the details");
    });
    app.error(404, ctx -> {
      if (ctx.attribute("error-page") == null) {
        errorPage(ctx, 404, "no page at " + ctx.path());
      }
    });
    app.error(405, ctx -> {
      if (ctx.attribute("error-page") == null) {
        errorPage(ctx, 405, ctx.method() + " is not allowed on " + ctx.path());
      }
    });
  }

  private void checkAccess(Context ctx) {
    if (settings.accessToken().isEmpty()) {
      return;
    }
    byte[] expected = settings.accessToken().get().getBytes(StandardCharsets.UTF_8);
    String fromQuery = ctx.queryParam("token");
    if (fromQuery != null && ctx.method().name().equals("GET")
        && MessageDigest.isEqual(expected, fromQuery.getBytes(StandardCharsets.UTF_8))) {
      // Keep the token out of the address bar and history: a cookie carries it from now on.
      Cookie cookie = new Cookie(TOKEN_COOKIE, fromQuery);
      cookie.setHttpOnly(true);
      cookie.setSameSite(SameSite.STRICT);
      cookie.setPath("/");
      ctx.cookie(cookie);
      ctx.redirect(ctx.path(), HttpStatus.SEE_OTHER);
      ctx.skipRemainingHandlers();
      return;
    }
    String header = ctx.header("Authorization");
    String given = header != null && header.startsWith("Bearer ") ? header.substring(7).strip() : ctx.cookie(TOKEN_COOKIE);
    if (given == null || !MessageDigest.isEqual(expected, given.getBytes(StandardCharsets.UTF_8))) {
      throw new BadRequestException(401, given == null
          ? "this dashboard needs its access token: open it once with ?token=TOKEN, or send Authorization: Bearer TOKEN"
          : "the access token given is not this dashboard's");
    }
  }

  private void flowList(Context ctx) {
    ListFilter filter = ListFilter.parse(ctx.queryParamMap());
    List<FlowSummary> found = settings.store().flows(filter.toQuery(settings.pageSize()));
    boolean more = found.size() > settings.pageSize();
    ctx.html(Pages.flowList(filter, more ? found.subList(0, settings.pageSize()) : found, more,
        settings.store().describe()));
  }

  private void flowPage(Context ctx) {
    for (String key : ctx.queryParamMap().keySet()) {
      if (!key.equals("notice")) {
        throw new BadRequestException("unknown parameter '" + key + "' on a flow's page");
      }
    }
    FlowDetail flow = find(ctx.pathParam("id"));
    List<AtomDetail> atoms = settings.store().atoms(flow.uuid());
    String live = new FlowPage(flow, atoms, settings.clock().instant()).render();
    ctx.html(Pages.flow(flow, live, FlowPage.fingerprint(flow, atoms), FINISHED.contains(flow.state()),
        settings.actions().isPresent(), notice(ctx)));
  }

  private void follow(SseClient client) {
    FlowDetail flow;
    try {
      flow = find(client.ctx().pathParam("id"));
    } catch (BadRequestException e) {
      client.sendEvent("gone", e.getMessage());
      client.close();
      return;
    }
    client.keepAlive();
    String since = client.ctx().queryParam("since");
    Watch watch = new Watch(flow.uuid(), since == null || since.length() > 64 ? "" : since);
    watches.put(client, watch);
    client.onClose(() -> watches.remove(client));
  }

  /** Sends each open flow page its flow again when it changed in the store. */
  private void pushUpdates() {
    if (watches.isEmpty()) {
      return;
    }
    Map<String, Optional<Update>> rendered = new HashMap<>();
    for (Map.Entry<SseClient, Watch> entry : watches.entrySet()) {
      Watch watch = entry.getValue();
      try {
        Optional<Update> update = rendered.computeIfAbsent(watch.flowId, this::renderUpdate);
        if (update.isPresent() && !update.get().version().equals(watch.fingerprint)) {
          entry.getKey().sendEvent("flow", update.get().json());
          watch.fingerprint = update.get().version();
        }
      } catch (RuntimeException e) {
        LOG.debug("no update for flow {} this time", watch.flowId, e);
      }
    }
  }

  /** A flow's live part as sent to its open pages, and the version it shows. */
  private record Update(String version, String json) {}

  private Optional<Update> renderUpdate(String flowId) {
    Optional<FlowDetail> flow = settings.store().flow(flowId);
    if (flow.isEmpty()) {
      return Optional.empty();
    }
    List<AtomDetail> atoms = settings.store().atoms(flowId);
    String html = new FlowPage(flow.get(), atoms, settings.clock().instant()).render();
    try {
      String json = JSON.writeValueAsString(Map.of("html", html, "finished", FINISHED.contains(flow.get().state())));
      return Optional.of(new Update(FlowPage.fingerprint(flow.get(), atoms), json));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void flowAction(Context ctx, String action) {
    FlowActions actions = allowedActions(ctx);
    FlowDetail flow = find(ctx.pathParam("id"));
    if (FINISHED.contains(flow.state())) {
      throw new BadRequestException(409, "flow '" + flow.name() + "' has finished in state " + flow.state()
          + "; there is nothing to " + action);
    }
    try {
      if (action.equals("resume")) {
        actions.resume(flow);
      } else {
        actions.revert(flow);
      }
    } catch (DashboardException e) {
      throw new BadRequestException(409, "cannot " + action + " flow '" + flow.name() + "': " + Messages.oneLine(e.getMessage()));
    }
    LOG.info("{} of flow '{}' ({}) started from the dashboard", action, flow.name(), flow.uuid());
    ctx.redirect("/flows/" + Html.url(flow.uuid()) + "?notice=" + action, HttpStatus.SEE_OTHER);
  }

  private void trash(Context ctx) {
    allowedActions(ctx);
    if (settings.jobs().isEmpty()) {
      throw new BadRequestException(404, "this dashboard shows no job board");
    }
    String id = id(ctx.pathParam("id"));
    if (!settings.jobs().get().trash(id, "trashed from the dashboard")) {
      throw new BadRequestException(404, "no job with id '" + id + "' on " + settings.jobs().get().describe());
    }
    LOG.info("job {} trashed from the dashboard", id);
    ctx.redirect("/jobs?notice=trash", HttpStatus.SEE_OTHER);
  }

  private String jobsPage(Optional<String> notice) {
    if (settings.jobs().isEmpty()) {
      return JobsPage.render(Optional.empty(), List.of(), settings.actions().isPresent(), notice);
    }
    JobBoard board = settings.jobs().get();
    return JobsPage.render(Optional.of(board.jobs()), board.trashed(), settings.actions().isPresent(), notice);
  }

  /** The actions, when allowed and asked from one of the dashboard's own pages. */
  private FlowActions allowedActions(Context ctx) {
    if (settings.actions().isEmpty()) {
      throw new BadRequestException(403,
          "actions are disabled: start the dashboard with --allow-actions to resume, revert or trash");
    }
    String origin = ctx.header("Origin");
    String site = ctx.header("Sec-Fetch-Site");
    if ((origin != null && !origin.equals("null") && !origin.equals("http://" + ctx.host()))
        || (site != null && !site.equals("same-origin") && !site.equals("none"))) {
      throw new BadRequestException(403, "actions are taken only from the dashboard's own pages");
    }
    return settings.actions().get();
  }

  private FlowDetail find(String rawId) {
    String id = id(rawId);
    return settings.store().flow(id).orElseThrow(() -> new BadRequestException(404,
        "no flow with id '" + id + "' in " + settings.store().describe()));
  }

  private static String id(String raw) {
    if (raw.isBlank() || raw.length() > MAX_ID || raw.chars().anyMatch(Character::isISOControl)) {
      throw new BadRequestException("'" + (raw.length() > 40 ? raw.substring(0, 40) + "…" : raw)
          + "' is not an id: ids are 1 to " + MAX_ID + " printable characters");
    }
    return raw;
  }

  private static Optional<String> notice(Context ctx) {
    return Optional.ofNullable(ctx.queryParam("notice")).map(NOTICES::get);
  }

  private static void resource(Context ctx, String name, String type) throws IOException {
    try (InputStream in = DashboardServer.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("the dashboard's " + name + " is missing from its jar");
      }
      ctx.contentType(type).header("Cache-Control", "max-age=300").result(in.readAllBytes());
    }
  }

  private static void errorPage(Context ctx, int status, String message) {
    ctx.attribute("error-page", Boolean.TRUE);
    ctx.status(status).html(Pages.error(status, HttpStatus.forStatus(status).getMessage(), message));
  }
}
