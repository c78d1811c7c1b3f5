package io.taskflow4j.cli;

import io.taskflow4j.cli.broker.Brokers;
import io.taskflow4j.cli.jobs.BoardOptions;
import io.taskflow4j.cli.run.Interrupts;
import io.taskflow4j.cli.run.RemoteOptions;
import io.taskflow4j.cli.run.RunTarget;
import io.taskflow4j.cli.store.StoreOptions;
import io.taskflow4j.dashboard.Dashboard;
import io.taskflow4j.dashboard.DashboardException;
import io.taskflow4j.jobs.JobBoard;
import io.taskflow4j.persistence.FlowStore;
import io.taskflow4j.remote.RemoteTaskExecutor;
import io.taskflow4j.transport.amqp.AmqpTransport;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code taskflow dashboard}: serves the web dashboard of a store, and optionally of a job board
 * and the workers on an exchange, until Ctrl-C or SIGTERM. Not thread-safe; one instance runs one
 * command line.
 */
@Command(
    name = "dashboard",
    description = {
      "Serves a web dashboard of the flows recorded in a store: a filterable list, each flow's graph,"
          + " timeline, failures and retries, updated live; with --board the jobs on a job board, and"
          + " with --url, --exchange and --topic the workers there.",
      "It listens on 127.0.0.1 unless told otherwise. Resume, revert and trash are disabled unless"
          + " --allow-actions is given; resume and revert rebuild a flow from the flow file"
          + " 'taskflow run' recorded, and run its tasks in this process or, with --url, on the workers."
    },
    sortOptions = false,
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:Stopped by Ctrl-C or SIGTERM.",
      "2:Bad input: an option, a store, board or broker that cannot be reached, a port that is taken.",
      "4:Internal error."
    })
final class DashboardCommand implements Callable<Integer> {

  /** The environment variable that gives the access token when no --token-file is given. */
  static final String TOKEN_VARIABLE = "TASKFLOW4J_DASHBOARD_TOKEN";
  private static final int MAX_TOKEN_FILE_BYTES = 4096;

  @Spec private CommandSpec spec;

  @Mixin private HelpOption help;

  @Mixin private StoreOptions store;

  @Mixin private BoardOptions board;

  @Option(names = "--host", paramLabel = "ADDRESS", defaultValue = "127.0.0.1",
      description = "The address to listen on. Default: ${DEFAULT-VALUE}, this machine only; any other needs an access token.")
  private String host;

  @Option(names = "--port", paramLabel = "PORT", defaultValue = "" + Dashboard.Builder.DEFAULT_PORT,
      description = "The port to listen on, 0 for any free one. Default: ${DEFAULT-VALUE}.")
  private int port;

  @Option(names = "--allow-actions",
      description = "Allow resume and revert of suspended or crashed flows, and trash of jobs, each behind a confirmation.")
  private boolean allowActions;

  @Option(names = "--token-file", paramLabel = "FILE",
      description = "Require the access token on the first line of FILE (at least 16 characters) on every request."
          + " Default: the " + TOKEN_VARIABLE + " environment variable, if set.")
  private Path tokenFile;

  @Mixin private TaskClasspath classpath;

  @Mixin private LoggingOptions logging;

  @Mixin private MetricsOptions metricsOptions;

  @ArgGroup(exclusive = false, heading = "%nWorkers: show those on an exchange, and run resumed tasks on them:%n")
  private RemoteOptions remote;

  @Override
  public Integer call() throws InterruptedException {
    Optional<String> token = token();
    if (token.isEmpty() && !loopback(host)) {
      throw new UserInputException("--host " + host + " lets other machines reach the dashboard: give an access token"
          + " with --token-file FILE or " + TOKEN_VARIABLE);
    }
    RunTarget target = remote == null ? new RunTarget.InProcess() : remote.toTarget();
    PrintWriter err = spec.commandLine().getErr();
    Optional<MetricsOptions.Served> metrics = metricsOptions.start();
    try (FlowStore opened = StoreOptions.open(store.requireUrl());
        TaskClasspath.Loader loader = classpath.open();
        ClosingBoard jobs = new ClosingBoard(openBoard());
        WorkerWatch workers = WorkerWatch.open(target);
        RecordedFlowActions actions = new RecordedFlowActions(
            metrics.map(m -> m.metrics().timed(opened)).orElse(opened), target, LocalTasks.factory(loader.classLoader()),
            metrics.map(m -> List.of(m.metrics().listener())).orElse(List.of()))) {
      Dashboard.Builder builder = Dashboard.builder(opened).host(host).port(port);
      jobs.board().ifPresent(builder::jobs);
      workers.executor().ifPresent(builder::workers);
      token.ifPresent(builder::accessToken);
      if (allowActions) {
        builder.allowActions(actions);
      }
      Dashboard dashboard;
      try {
        dashboard = builder.start();
      } catch (IllegalArgumentException | DashboardException e) {
        throw new UserInputException(StoreOptions.oneLine(e.getMessage()));
      }
      CountDownLatch stop = new CountDownLatch(1);
      try (dashboard; Interrupts interrupts = Interrupts.install(stop::countDown)) {
        err.println("taskflow: dashboard of " + opened.describe() + " at " + dashboard.uri()
            + jobs.board().map(b -> "; jobs of " + b.describe()).orElse("")
            + workers.executor().map(e -> "; workers on " + String.join(", ", e.topics())).orElse("")
            + (allowActions ? "; actions allowed" : "; actions disabled (--allow-actions enables them)")
            + (token.isPresent() ? "; access token required" : "")
            + metrics.map(m -> "; metrics at " + m.url()).orElse("") + "; Ctrl-C stops");
        err.flush();
        stop.await();
        err.println("taskflow: dashboard stopping on SIG" + interrupts.received().map(Interrupts.Kind::name).orElse("INT"));
        err.flush();
      }
      return ExitCodes.OK;
    } finally {
      metrics.ifPresent(MetricsOptions.Served::close);
    }
  }

  private Optional<JobBoard> openBoard() {
    return board.url().isPresent() ? Optional.of(board.open()) : Optional.empty();
  }

  private Optional<String> token() {
    if (tokenFile != null) {
      try {
        if (Files.size(tokenFile) > MAX_TOKEN_FILE_BYTES) {
          throw new UserInputException("--token-file " + tokenFile + " is larger than " + MAX_TOKEN_FILE_BYTES
              + " bytes; it should hold only the token");
        }
        String text = Files.readString(tokenFile, StandardCharsets.UTF_8).lines().findFirst().orElse("").strip();
        if (text.isEmpty()) {
          throw new UserInputException("--token-file " + tokenFile + " is empty; its first line should be the token");
        }
        return Optional.of(text);
      } catch (IOException e) {
        throw new UserInputException("--token-file " + tokenFile + " cannot be read: " + e.getMessage());
      }
    }
    String variable = System.getenv(TOKEN_VARIABLE);
    return variable == null || variable.isBlank() ? Optional.empty() : Optional.of(variable.strip());
  }

  private static boolean loopback(String address) {
    try {
      return InetAddress.getByName(address).isLoopbackAddress();
    } catch (UnknownHostException e) {
      throw new UserInputException("--host " + address + " is not an address of this machine: " + e.getMessage());
    }
  }

  /** The board, if any, closed with the command. */
  private record ClosingBoard(Optional<JobBoard> board) implements AutoCloseable {
    @Override
    public void close() {
      board.ifPresent(JobBoard::close);
    }
  }

  /** A remote executor that only listens for the workers' NOTIFY answers, for the workers page. */
  private record WorkerWatch(Optional<AmqpTransport> transport, Optional<RemoteTaskExecutor> executor)
      implements AutoCloseable {

    static WorkerWatch open(RunTarget target) {
      if (!(target instanceof RunTarget.Workers workers)) {
        return new WorkerWatch(Optional.empty(), Optional.empty());
      }
      Brokers.parse(workers.url(), "the dashboard watches workers in other processes, which cannot reach an in-memory broker");
      AmqpTransport transport = Brokers.connect(workers.url(), "taskflow-dashboard");
      try {
        RemoteTaskExecutor executor = RemoteTaskExecutor.builder(transport).exchange(workers.exchange())
            .topics(workers.topics()).notifyPeriod(workers.notifyPeriod()).workerExpiry(workers.workerExpiry()).build();
        executor.start();
        return new WorkerWatch(Optional.of(transport), Optional.of(executor));
      } catch (RuntimeException e) {
        transport.close();
        throw e;
      }
    }

    @Override
    public void close() {
      executor.ifPresent(RemoteTaskExecutor::close);
      transport.ifPresent(AmqpTransport::close);
    }
  }
}
