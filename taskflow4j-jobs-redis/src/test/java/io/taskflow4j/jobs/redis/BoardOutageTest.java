package io.taskflow4j.jobs.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.fail;

import io.taskflow4j.flow.Flow;
import io.taskflow4j.jobs.Conductor;
import io.taskflow4j.jobs.ConductorEvent;
import io.taskflow4j.jobs.FactoryCall;
import io.taskflow4j.jobs.FlowFactories;
import io.taskflow4j.jobs.JobBoard;
import io.taskflow4j.jobs.JobPosting;
import io.taskflow4j.persistence.FlowStore;
import io.taskflow4j.state.FlowState;
import io.taskflow4j.task.Task;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A board that goes away mid-run: a conductor runs jobs on a Redis server of the test's own (a
 * {@code redis-server} process with an append-only file), the server is killed with SIGKILL for
 * longer than a lease and started again on its file. The conductor must stop working on the flows
 * whose leases it could not renew, keep running, and once the board is back claim the jobs again,
 * resume their flows and consume each exactly once.
 */
class BoardOutageTest {

  private static final Duration LEASE = Duration.ofMillis(1_500);

  @TempDir Path dir;

  private final List<Process> servers = new ArrayList<>();
  private final List<String> executed = Collections.synchronizedList(new ArrayList<>());
  private final List<ConductorEvent> events = Collections.synchronizedList(new ArrayList<>());

  @AfterEach
  void stopServers() {
    servers.forEach(Process::destroyForcibly);
  }

  private static String redisServer() {
    String configured = System.getenv("TASKFLOW4J_REDIS_SERVER");
    String binary = configured == null || configured.isBlank() ? "redis-server" : configured.strip();
    try {
      Process probe = new ProcessBuilder(binary, "--version").redirectErrorStream(true).start();
      probe.getInputStream().readAllBytes();
      if (probe.waitFor(10, TimeUnit.SECONDS) && probe.exitValue() == 0) {
        return binary;
      }
    } catch (IOException | InterruptedException e) {
      // reported below
    }
    String message = "no " + binary + " to start a Redis server of the test's own: the board outage test did NOT run;"
        + " install Redis or set TASKFLOW4J_REDIS_SERVER, or set " + RedisTestServer.REQUIRE_VARIABLE + "=true to make this a failure";
    if (Boolean.parseBoolean(System.getenv(RedisTestServer.REQUIRE_VARIABLE))) {
      fail(message);
    }
    Assumptions.abort(message);
    return binary;
  }

  private Process startServer(String binary, int port) throws Exception {
    Process server = new ProcessBuilder(binary, "--port", Integer.toString(port), "--bind", "127.0.0.1",
        "--dir", dir.toString(), "--appendonly", "yes", "--appendfsync", "always", "--save", "")
        .redirectErrorStream(true)
        .redirectOutput(dir.resolve("redis-" + servers.size() + ".log").toFile())
        .start();
    servers.add(server);
    await("redis-server on port " + port).atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50))
        .until(() -> answers(port));
    return server;
  }

  private static boolean answers(int port) {
    try (Socket socket = new Socket("127.0.0.1", port)) {
      socket.getOutputStream().write("PING\r\n".getBytes());
      return socket.getInputStream().read() == '+';
    } catch (IOException e) {
      return false;
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  private Flow slowSteps(FactoryCall call) {
    Flow flow = Flow.linear("slow");
    for (String step : List.of("a", "b", "c")) {
      flow.add(Task.builder(step).requires("job").execute(ctx -> {
        executed.add(ctx.argument("job", String.class) + "/" + step);
        Thread.sleep(900); // three steps outlast a lease
        return step;
      }).build());
    }
    return flow;
  }

  @Test
  void aConductorOutlivesItsBoardGoingAwayAndFinishesEveryJobOnceItIsBack() throws Exception {
    String binary = redisServer();
    int port = freePort();
    Process server = startServer(binary, port);
    FlowStore store = FlowStore.inMemory();
    FlowFactories factories = FlowFactories.builder().register("slow", this::slowSteps).build();
    Set<String> ids = new HashSet<>();
    try (JobBoard board = RedisJobBoards.open("redis://127.0.0.1:" + port + "/outage");
        Conductor conductor = Conductor.builder(board, store, factories)
            .name("c1").lease(LEASE).maxConcurrentJobs(3).listener(events::add).build()) {
      for (int i = 0; i < 6; i++) {
        ids.add(board.post(JobPosting.builder("job-" + i).factory(FactoryCall.of("slow")).input("job", "job-" + i)
            .build()).id());
      }
      conductor.start();
      await().atMost(Duration.ofSeconds(20)).until(() -> executed.size() >= 2);

      server.destroyForcibly(); // SIGKILL: the board is gone mid-run
      assertThat(server.waitFor(10, TimeUnit.SECONDS)).isTrue();
      await("the conductor gives up the jobs it could not keep").atMost(Duration.ofSeconds(20))
          .until(() -> conductor.heldJobs().isEmpty());
      assertThat(types()).as("each given-up job reported: a lost lease, or a consume that failed")
          .containsAnyOf(ConductorEvent.Type.LEASE_LOST, ConductorEvent.Type.FAILED);
      Thread.sleep(LEASE.toMillis()); // still down: the conductor keeps trying and does not stop
      startServer(binary, port);

      await("every job consumed once the board is back").atMost(Duration.ofSeconds(60))
          .pollInterval(Duration.ofMillis(200))
          .until(() -> board.jobs().isEmpty() && conductor.heldJobs().isEmpty());

      Map<String, Long> consumed = byType(ConductorEvent.Type.CONSUMED);
      assertThat(consumed.keySet()).isEqualTo(ids);
      assertThat(consumed.values()).allMatch(count -> count == 1);
      synchronized (events) {
        assertThat(events).filteredOn(e -> e.type() == ConductorEvent.Type.LEASE_LOST || e.type() == ConductorEvent.Type.FAILED)
            .isNotEmpty()
            .allSatisfy(e -> assertThat(e.detail()).as("what went wrong").isPresent());
        for (ConductorEvent event : events) {
          if (event.type() == ConductorEvent.Type.CONSUMED) {
            assertThat(store.flow(event.flowId().orElseThrow()).orElseThrow().state()).isEqualTo(FlowState.SUCCESS);
          }
        }
      }
      for (int i = 0; i < 6; i++) {
        for (String step : List.of("a", "b", "c")) {
          assertThat(executed).as("job-%d/%s ran", i, step).contains("job-" + i + "/" + step);
        }
      }
    }
  }

  private List<ConductorEvent.Type> types() {
    synchronized (events) {
      return events.stream().map(ConductorEvent::type).toList();
    }
  }

  private Map<String, Long> byType(ConductorEvent.Type type) {
    synchronized (events) {
      return events.stream().filter(e -> e.type() == type)
          .collect(Collectors.groupingBy(ConductorEvent::jobId, Collectors.counting()));
    }
  }
}
