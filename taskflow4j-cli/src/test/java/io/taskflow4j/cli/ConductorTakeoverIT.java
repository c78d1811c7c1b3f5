package io.taskflow4j.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import io.taskflow4j.cli.flowfile.FlowFiles;
import io.taskflow4j.cli.jobs.FlowFileFactory;
import io.taskflow4j.jobs.Job;
import io.taskflow4j.jobs.JobBoard;
import io.taskflow4j.jobs.JobBoardException;
import io.taskflow4j.jobs.JobBoards;
import io.taskflow4j.jobs.JobPosting;
import io.taskflow4j.persistence.AtomDetail;
import io.taskflow4j.persistence.FlowStore;
import io.taskflow4j.state.AtomState;
import io.taskflow4j.state.FlowState;
import io.taskflow4j.store.jdbc.FlowStores;
import io.taskflow4j.store.jdbc.TestServers;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Conductors as separate processes ({@code taskflow conductor} from the packaged jar) sharing a
 * board and a PostgreSQL store: 300 jobs of three steps each, three conductors, one of them killed
 * with SIGKILL twice while it holds jobs. Every job must end consumed exactly once with its flow
 * SUCCESS, no step recorded SUCCESS may execute again, and the killed conductor's jobs must start
 * again elsewhere within the lease plus one renewal interval (the measured times are logged).
 */
class ConductorTakeoverIT {

  private static final Logger LOG = LoggerFactory.getLogger(ConductorTakeoverIT.class);

  private static final int JOBS = 300;
  private static final Duration LEASE = Duration.ofSeconds(3);
  private static final Duration RENEWAL = LEASE.dividedBy(3);
  /** What a takeover may take beyond lease plus renewal: JVM pauses and polling on a busy 2-core machine. */
  private static final Duration SLACK = Duration.ofSeconds(3);
  private static final Pattern EVENT = Pattern.compile(
      "^(\\S+) (claimed|started|consumed|abandoned|lease lost|trashed|failed) job '([^']*)' \\(([^)]+)\\)(?: flow ([0-9a-f-]+))?");

  @TempDir Path dir;

  private final List<Process> started = new ArrayList<>();
  private final Map<String, Path> errFiles = new LinkedHashMap<>();
  private TestServers.Scratch database;
  private String redisNamespaceUrl;

  @AfterEach
  void cleanUp() {
    started.stream().filter(Process::isAlive).forEach(Process::destroyForcibly);
    if (database != null) {
      database.drop();
    }
    if (redisNamespaceUrl != null) {
      try (JobBoard board = JobBoards.open(redisNamespaceUrl)) {
        board.trashed().forEach(job -> LOG.info("left in the trash: {}", job));
      }
    }
  }

  @ParameterizedTest(name = "{0} board")
  @ValueSource(strings = {"postgresql", "redis"})
  void aKilledConductorsJobsAreTakenOverAndEveryJobIsConsumedExactlyOnce(String boardKind) throws Exception {
    Path jar = Path.of(System.getProperty("taskflow.jar", "target/taskflow.jar"));
    assertThat(jar).as("the packaged jar, which failsafe runs after package").exists();
    database = TestServers.Scratch.create(TestServers.postgresUrl(), "TASKFLOW4J_REQUIRE_POSTGRES", "PostgreSQL");
    String storeUrl = database.storeUrl();
    String boardUrl = boardKind.equals("redis") ? redisBoard() : storeUrl;
    Path log = dir.resolve("steps.log");
    String flowFile = Cli.write(dir, "three-steps.yaml",
        "flow:\n  name: three-steps\n  pattern: linear\n  elements:\n"
            + "    - {task: io.taskflow4j.cli.testtasks.JobStep, name: first}\n"
            + "    - {task: io.taskflow4j.cli.testtasks.JobStep, name: second}\n"
            + "    - {task: io.taskflow4j.cli.testtasks.JobStep, name: third}\n");
    Set<String> jobIds = new HashSet<>();
    try (JobBoard board = JobBoards.open(boardUrl)) {
      for (int i = 0; i < JOBS; i++) {
        jobIds.add(board.post(JobPosting.builder("job-" + i)
            .factory(FlowFileFactory.callFor(FlowFiles.source(Path.of(flowFile))))
            .input("log", log.toString())
            .input("job", "job-" + i)
            .input("pause_ms", 150)
            .build()).id());
      }

      Process c1 = startConductor(jar, "c1", boardUrl, storeUrl);
      startConductor(jar, "c2", boardUrl, storeUrl);
      startConductor(jar, "c3", boardUrl, storeUrl);
      Kill first = killWhileHolding(c1, "c1", board, storeUrl, log);
      Process c4 = startConductor(jar, "c4", boardUrl, storeUrl);
      Kill second = killWhileHolding(c4, "c4", board, storeUrl, log);

      Awaitility.await("every job consumed")
          .atMost(Duration.ofMinutes(4))
          .pollInterval(Duration.ofMillis(500))
          .until(() -> board.jobs().isEmpty());
      assertThat(board.trashed()).as("trashed jobs").isEmpty();

      for (Process conductor : started) {
        if (conductor.isAlive()) {
          conductor.destroy(); // SIGTERM: a graceful stop
          assertThat(conductor.waitFor(60, TimeUnit.SECONDS)).isTrue();
          assertThat(conductor.exitValue()).as("a conductor stopped by SIGTERM").isZero();
        }
      }

      List<Event> events = events();
      checkConsumedOnce(events, jobIds);
      checkTakeover(first, events);
      checkTakeover(second, events);
      checkSteps(log, first, second);
      checkFlowsSucceeded(events, storeUrl, jobIds);
    }
  }

  private String redisBoard() {
    String base = System.getenv().getOrDefault("TASKFLOW4J_REDIS_URL", "redis://127.0.0.1:6379");
    String url = base.replaceAll("/+$", "") + "/tf4j-takeover-" + UUID.randomUUID().toString().substring(0, 8);
    try (JobBoard board = JobBoards.open(url)) {
      board.jobs();
    } catch (JobBoardException e) {
      String message = "Redis is not reachable at " + base + " (" + e.getMessage()
          + "): the takeover test on a Redis board was NOT run; set TASKFLOW4J_REQUIRE_REDIS=true to make this a failure";
      if (Boolean.parseBoolean(System.getenv("TASKFLOW4J_REQUIRE_REDIS"))) {
        fail(message, e);
      }
      Assumptions.abort(message);
    }
    redisNamespaceUrl = url;
    return url;
  }

  private Process startConductor(Path jar, String name, String boardUrl, String storeUrl) throws IOException {
    Path err = dir.resolve(name + ".err");
    List<String> command = List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", jar.toString(),
        "conductor", "--name", name, "--board", boardUrl, "--store", storeUrl, "--jobs", "4",
        "--lease", LEASE.toMillis() + "ms", "--grace", "20s",
        "--classpath", Path.of("target", "test-classes").toAbsolutePath().toString());
    ProcessBuilder builder = new ProcessBuilder(command)
        .redirectOutput(dir.resolve(name + ".out").toFile())
        .redirectError(err.toFile());
    builder.environment().remove("TASKFLOW4J_BOARD");
    builder.environment().remove("TASKFLOW4J_STORE");
    Process process = builder.start();
    started.add(process);
    errFiles.put(name, err);
    return process;
  }

  /** What one SIGKILL left behind: the jobs the dead conductor held, and the steps recorded SUCCESS. */
  private record Kill(String conductor, Instant at, Set<String> heldJobs, Set<String> recordedSuccess) {}

  private Kill killWhileHolding(Process process, String name, JobBoard board, String storeUrl, Path log)
      throws Exception {
    // Killed mid-flow: once a job it holds has finished its first step and started its second.
    Awaitility.await(name + " in the middle of a job")
        .atMost(Duration.ofSeconds(90))
        .pollInterval(Duration.ofMillis(20))
        .until(() -> !process.isAlive() || midFlow(name, log));
    assertThat(process.isAlive()).as(name + " alive before the kill; its stderr:\n" + text(errFiles.get(name))).isTrue();
    Instant at = Instant.now();
    process.destroyForcibly(); // SIGKILL
    assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).as("killed by SIGKILL").isEqualTo(137);
    Set<String> held = board.jobs().stream()
        .filter(job -> job.owner().filter(name::equals).isPresent())
        .map(Job::id)
        .collect(Collectors.toSet());
    assertThat(held).as(name + " held jobs when it was killed").isNotEmpty();
    Map<String, String> flows = new HashMap<>();
    Map<String, String> names = new HashMap<>();
    for (Event event : events(name)) {
      if (event.type.equals("started") && event.flowId != null) {
        flows.put(event.jobId, event.flowId);
        names.put(event.jobId, event.jobName);
      }
    }
    Set<String> recorded = new HashSet<>();
    try (FlowStore store = FlowStores.open(storeUrl)) {
      for (String job : held) {
        if (flows.containsKey(job)) {
          for (AtomDetail atom : store.atoms(flows.get(job))) {
            if (atom.state() == AtomState.SUCCESS && !atom.name().startsWith("_")) {
              recorded.add(names.get(job) + "/" + atom.name());
            }
          }
        }
      }
    }
    assertThat(recorded).as("steps of %s's jobs recorded SUCCESS when it was killed", name).isNotEmpty();
    LOG.info("killed {} holding {} jobs, {} of their steps recorded SUCCESS", name, held.size(), recorded.size());
    return new Kill(name, at, held, recorded);
  }

  private boolean midFlow(String name, Path log) throws IOException {
    List<Event> own = events(name);
    Set<String> finished = own.stream().filter(e -> e.type.equals("consumed")).map(e -> e.jobName).collect(Collectors.toSet());
    Set<String> running = own.stream().filter(e -> e.type.equals("started") && !finished.contains(e.jobName))
        .map(e -> e.jobName).collect(Collectors.toSet());
    String steps = text(log);
    return running.stream().anyMatch(job -> steps.contains("execute " + job + "/second\n"));
  }

  private void checkConsumedOnce(List<Event> events, Set<String> jobIds) {
    Map<String, Long> consumed = events.stream()
        .filter(e -> e.type.equals("consumed"))
        .collect(Collectors.groupingBy(e -> e.jobId, Collectors.counting()));
    assertThat(consumed.keySet()).as("jobs consumed").isEqualTo(jobIds);
    assertThat(consumed.values()).as("times each job was consumed").allMatch(count -> count == 1);
  }

  private void checkTakeover(Kill kill, List<Event> events) {
    List<Duration> delays = new ArrayList<>();
    for (String job : kill.heldJobs) {
      Instant restarted = events.stream()
          .filter(e -> e.type.equals("claimed") && e.jobId.equals(job) && !e.conductor.equals(kill.conductor)
              && e.time.isAfter(kill.at))
          .map(e -> e.time)
          .min(Instant::compareTo)
          .orElseThrow(() -> new AssertionError("job " + job + " of killed " + kill.conductor + " was never claimed again"));
      delays.add(Duration.between(kill.at, restarted));
    }
    delays.sort(Duration::compareTo);
    Duration bound = LEASE.plus(RENEWAL);
    LOG.info("takeover after killing {}: {} jobs, claimed again after {} ms (min) {} ms (median) {} ms (max); lease {} ms + renewal {} ms = {} ms",
        kill.conductor, delays.size(), delays.get(0).toMillis(), delays.get(delays.size() / 2).toMillis(),
        delays.get(delays.size() - 1).toMillis(), LEASE.toMillis(), RENEWAL.toMillis(), bound.toMillis());
    assertThat(delays.get(delays.size() - 1))
        .as("the slowest takeover of %s's jobs (lease + renewal = %s ms, plus %s ms for a busy machine)",
            kill.conductor, bound.toMillis(), SLACK.toMillis())
        .isLessThanOrEqualTo(bound.plus(SLACK));
  }

  private static void checkSteps(Path log, Kill... kills) throws IOException {
    Map<String, Long> executes = Files.readAllLines(log, StandardCharsets.UTF_8).stream()
        .filter(line -> line.startsWith("execute "))
        .collect(Collectors.groupingBy(line -> line.substring("execute ".length()), Collectors.counting()));
    assertThat(executes).as("steps executed").hasSize(JOBS * 3);
    Set<String> interrupted = new HashSet<>();
    for (Kill kill : kills) {
      for (String step : kill.recordedSuccess) {
        assertThat(executes.get(step)).as("executes of %s, recorded SUCCESS before %s was killed", step, kill.conductor)
            .isEqualTo(1);
      }
    }
    for (Map.Entry<String, Long> step : executes.entrySet()) {
      // A step can run again only if a kill interrupted it: once per kill at most.
      assertThat(step.getValue()).as("executes of %s", step.getKey()).isBetween(1L, 1L + kills.length);
      if (step.getValue() > 1) {
        interrupted.add(step.getKey());
      }
    }
    LOG.info("steps executed again after a kill: {}", interrupted);
  }

  private static void checkFlowsSucceeded(List<Event> events, String storeUrl, Set<String> jobIds) {
    Map<String, String> flowOfJob = new HashMap<>();
    events.stream().filter(e -> e.flowId != null).forEach(e -> flowOfJob.put(e.jobId, e.flowId));
    assertThat(flowOfJob.keySet()).containsAll(jobIds);
    try (FlowStore store = FlowStores.open(storeUrl)) {
      for (String job : jobIds) {
        assertThat(store.flow(flowOfJob.get(job)).orElseThrow().state()).as("flow of job %s", job).isEqualTo(FlowState.SUCCESS);
      }
    }
  }

  private record Event(String conductor, Instant time, String type, String jobName, String jobId, String flowId) {}

  private List<Event> events() throws IOException {
    List<Event> all = new ArrayList<>();
    for (String name : errFiles.keySet()) {
      all.addAll(events(name));
    }
    return all;
  }

  private List<Event> events(String conductor) throws IOException {
    List<Event> events = new ArrayList<>();
    for (String line : text(errFiles.get(conductor)).split("\n")) {
      Matcher matcher = EVENT.matcher(line);
      if (matcher.find()) {
        events.add(new Event(conductor, Instant.parse(matcher.group(1)), matcher.group(2), matcher.group(3),
            matcher.group(4), matcher.group(5)));
      }
    }
    return events;
  }

  private static String text(Path file) throws IOException {
    return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
  }
}
