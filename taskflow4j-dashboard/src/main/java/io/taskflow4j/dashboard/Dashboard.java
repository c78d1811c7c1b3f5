package io.taskflow4j.dashboard;

import io.taskflow4j.dashboard.internal.DashboardServer;
import io.taskflow4j.dashboard.spi.FlowActions;
import io.taskflow4j.jobs.JobBoard;
import io.taskflow4j.persistence.FlowStore;
import io.taskflow4j.remote.RemoteTaskExecutor;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * A web dashboard of the flows a {@link FlowStore} records, and optionally of the workers seen on
 * an exchange and the jobs on a board: a paged, filterable flow list; a flow's graph, timeline,
 * failures and retries, updated live; and, when allowed, actions that resume or revert a flow or
 * trash a job.
 *
 * <pre>{@code
 * try (Dashboard dashboard = Dashboard.builder(store).port(8080).start()) {
 *   log.info("dashboard at {}", dashboard.uri());
 *   ...
 * }
 * }</pre>
 *
 * <p>It never closes the store, board or executor it shows. Thread-safety: thread-safe.
 */
public interface Dashboard extends AutoCloseable {

  /**
   * Starts configuring a dashboard of a store.
   *
   * @param store the flows to show; not closed by the dashboard
   * @return a builder
   */
  static Builder builder(FlowStore store) {
    return new Builder(store);
  }

  /**
   * Where the dashboard answers.
   *
   * @return such as {@code http://127.0.0.1:8080/}
   */
  URI uri();

  /**
   * The port it listens on: the one asked for, or the one chosen when port 0 was asked.
   *
   * @return the port
   */
  int port();

  /** Stops serving; open pages lose their live updates. */
  @Override
  void close();

  /**
   * Configures and starts a {@link Dashboard}. Not thread-safe.
   */
  final class Builder {
    private final FlowStore store;
    private String host = "127.0.0.1";
    private int port = DEFAULT_PORT;
    private Optional<RemoteTaskExecutor> workers = Optional.empty();
    private Optional<JobBoard> jobs = Optional.empty();
    private Optional<FlowActions> actions = Optional.empty();
    private Optional<String> accessToken = Optional.empty();
    private Duration refreshPeriod = Duration.ofSeconds(1);
    private int pageSize = 50;
    private Clock clock = Clock.systemUTC();

    /** The port a dashboard listens on unless told otherwise. */
    public static final int DEFAULT_PORT = 8470;

    private Builder(FlowStore store) {
      this.store = Objects.requireNonNull(store, "store");
    }

    /**
     * The address to listen on.
     *
     * @param address a host name or IP address; default {@code 127.0.0.1}, this machine only
     * @return this builder
     */
    public Builder host(String address) {
      this.host = Objects.requireNonNull(address, "address");
      return this;
    }

    /**
     * The port to listen on.
     *
     * @param number 0 to 65535, 0 for any free port; default {@value #DEFAULT_PORT}
     * @return this builder
     */
    public Builder port(int number) {
      this.port = number;
      return this;
    }

    /**
     * Shows the workers a remote executor knows: those that answered its NOTIFYs, with the tasks
     * each serves. Needs {@code taskflow4j-worker}.
     *
     * @param executor the executor; not closed by the dashboard
     * @return this builder
     */
    public Builder workers(RemoteTaskExecutor executor) {
      this.workers = Optional.of(executor);
      return this;
    }

    /**
     * Shows the jobs of a board, and lets the trash action remove them when actions are allowed.
     * Needs {@code taskflow4j-jobs}.
     *
     * @param board the board; not closed by the dashboard
     * @return this builder
     */
    public Builder jobs(JobBoard board) {
      this.jobs = Optional.of(board);
      return this;
    }

    /**
     * Allows the actions: resume and revert of an unfinished flow through these, and trash of a
     * job. Without this, the pages show the actions disabled and refuse them.
     *
     * @param flowActions how to resume and revert a flow
     * @return this builder
     */
    public Builder allowActions(FlowActions flowActions) {
      this.actions = Optional.of(flowActions);
      return this;
    }

    /**
     * Requires a token on every request: an {@code Authorization: Bearer} header, a {@code token}
     * query parameter (which then sets a cookie for the pages that follow), or that cookie.
     *
     * @param token at least 16 characters, printable ASCII
     * @return this builder
     */
    public Builder accessToken(String token) {
      this.accessToken = Optional.of(token);
      return this;
    }

    /**
     * How often an open flow page looks for changes in the store.
     *
     * @param period 50 ms to 1 minute; default 1 second
     * @return this builder
     */
    public Builder refreshPeriod(Duration period) {
      this.refreshPeriod = Objects.requireNonNull(period, "period");
      return this;
    }

    /**
     * How many flows the list shows per page.
     *
     * @param size 1 to 500; default 50
     * @return this builder
     */
    public Builder pageSize(int size) {
      this.pageSize = size;
      return this;
    }

    /**
     * The clock that says how long running atoms have run; for tests.
     *
     * @param source the clock; default the system's UTC clock
     * @return this builder
     */
    public Builder clock(Clock source) {
      this.clock = Objects.requireNonNull(source, "source");
      return this;
    }

    /**
     * Checks the options and starts serving.
     *
     * @return the running dashboard; close it to stop
     * @throws IllegalArgumentException when an option is out of range
     * @throws DashboardException when the address cannot be listened on
     */
    public Dashboard start() {
      if (port < 0 || port > 65535) {
        throw new IllegalArgumentException("port must be 0 to 65535, got " + port);
      }
      if (host.isBlank()) {
        throw new IllegalArgumentException("host must not be blank");
      }
      if (pageSize < 1 || pageSize > 500) {
        throw new IllegalArgumentException("pageSize must be 1 to 500, got " + pageSize);
      }
      if (refreshPeriod.compareTo(Duration.ofMillis(50)) < 0 || refreshPeriod.compareTo(Duration.ofMinutes(1)) > 0) {
        throw new IllegalArgumentException("refreshPeriod must be 50 ms to 1 minute, got " + refreshPeriod);
      }
      accessToken.ifPresent(token -> {
        if (token.length() < 16 || !token.chars().allMatch(c -> c > 32 && c < 127)) {
          throw new IllegalArgumentException(
              "the access token must be at least 16 printable ASCII characters without spaces");
        }
      });
      return DashboardServer.start(new DashboardServer.Settings(
          store, host, port, workers, jobs, actions, accessToken, refreshPeriod, pageSize, clock));
    }
  }
}
