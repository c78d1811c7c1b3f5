package io.taskflow4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.taskflow4j.transport.amqp.testing.TestBroker;
import io.taskflow4j.transport.amqp.testing.TestBrokers;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A worker killed with SIGKILL while three engines keep two workers busy: real processes (the
 * packaged jar) on RabbitMQ, or on the embedded Qpid broker when RabbitMQ does not answer ({@code
 * TASKFLOW4J_REQUIRE_RABBITMQ=true} makes RabbitMQ mandatory). Workers acknowledge a request only
 * once it is answered, so what the dead worker held goes to the survivor; the task ({@code
 * Square}) declares itself idempotent, so the survivor runs it again.
 */
class WorkerKilledUnderLoadIT {

  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(WorkerKilledUnderLoadIT.class);

  private static final int TASKS = 5000;
  private static final int RUNS = 3;
  private static final String TOPIC = "squares";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern REVERTED = Pattern.compile("(?m)^\\s*reverted: (.*?)(?: \\(in this order\\))?$");
  /** What the issue asks: every run ends within this time of the kill. */
  private static final Duration AFTER_KILL = Duration.ofSeconds(30);
  /** The workers' heap: a mass revert must fit in it. */
  private static final String WORKER_HEAP = "-Xmx96m";

  @TempDir Path dir;

  private TaskflowProcesses processes;
  private final List<Process> workers = new ArrayList<>();
  private TestBroker broker;
  private String exchange;
  private Path log;

  @BeforeEach
  void setUp() {
    assertThat(TaskflowProcesses.jar()).as("the packaged jar, which failsafe runs after package").exists();
    processes = new TaskflowProcesses(dir);
    broker = TestBrokers.any();
    exchange = "tf4j-kill-" + UUID.randomUUID().toString().substring(0, 8);
    log = dir.resolve("work.log");
  }

  @AfterEach
  void killLeftovers() {
    processes.killLeftovers();
  }

  @Test
  void everyRunSucceedsWithEveryResultWhenOneOfTwoWorkersIsKilledMidRun() throws Exception {
    List<TaskflowProcesses.Launched> runs = startTwoWorkersAndTheRuns(-1);

    Kill kill = killOneMidRun();
    Duration lastEnd = Duration.ZERO;

    for (TaskflowProcesses.Launched run : runs) {
      assertThat(run.process().waitFor(AFTER_KILL.toSeconds() + 5, TimeUnit.SECONDS))
          .as(run.name() + " ends after the kill").isTrue();
      Instant ended = Instant.now();
      assertThat(run.process().exitValue()).as(run.name() + ": " + TaskflowProcesses.text(run.err())).isZero();
      Duration afterKill = Duration.between(kill.at, ended);
      assertThat(afterKill).as(run.name() + " ended within 30 s of the kill")
          .isLessThanOrEqualTo(AFTER_KILL);
      lastEnd = afterKill.compareTo(lastEnd) > 0 ? afterKill : lastEnd;
      @SuppressWarnings("unchecked")
      Map<String, Object> results = JSON.readValue(run.out().toFile(), Map.class);
      assertThat(results).hasSize(TASKS);
      for (int n = 0; n < TASKS; n++) {
        assertThat(((Number) results.get("r" + n)).longValue()).as("r" + n).isEqualTo((long) n * n);
      }
    }
    assertThat(kill.heldBeforeKill).as("the killed worker had run tasks").isPositive();
    List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
    long executes = lines.stream().filter(line -> line.startsWith("execute ")).count();
    long distinct = lines.stream().filter(line -> line.startsWith("execute "))
        .map(line -> line.split(" ")[1]).distinct().count();
    LOG.info("{} broker: the killed worker had run {} tasks; every run ended within {} of the kill;"
            + " {} executes for {} tasks ({} run again after the kill)", broker.kind(),
        kill.heldBeforeKill, lastEnd, executes, distinct, executes - distinct);
  }

  @Test
  void withAFailingTaskEveryRunRevertsAndReportsExactlyTheRevertsTheWorkersDid() throws Exception {
    List<TaskflowProcesses.Launched> runs = startTwoWorkersAndTheRuns(2500);

    killOneMidRun();
    Process survivor = workers.stream().filter(Process::isAlive).findFirst().orElseThrow();

    for (TaskflowProcesses.Launched run : runs) {
      assertThat(run.process().waitFor(AFTER_KILL.toSeconds() + 5, TimeUnit.SECONDS))
          .as(run.name() + " ends after the kill").isTrue();
      String err = TaskflowProcesses.text(run.err());
      assertThat(run.process().exitValue()).as(run.name() + ": " + err).isEqualTo(ExitCodes.FLOW_REVERTED);
      assertThat(err).contains("everything it did was reverted").contains("failed: s2500");
      Matcher matcher = REVERTED.matcher(err);
      assertThat(matcher.find()).as("a line of reverted tasks in:\n" + err).isTrue();
      Set<String> reported = new HashSet<>(List.of(matcher.group(1).split(", ")));
      Set<String> reverted = new HashSet<>();
      Set<String> executed = new HashSet<>();
      for (String line : Files.readAllLines(log, StandardCharsets.UTF_8)) {
        String[] parts = line.split(" ");
        String[] runAndTask = parts[1].split("/");
        if (runAndTask[0].equals(run.name())) {
          (parts[0].equals("revert") ? reverted : executed).add(runAndTask[1]);
        }
      }
      assertThat(reported).as(run.name() + ": the reverts reported are the reverts done").isEqualTo(reverted);
      assertThat(reverted).as(run.name() + ": every task that ran was reverted").containsAll(executed);
      assertThat(executed).as(run.name() + ": tasks never sent were not run").hasSizeLessThan(TASKS);
      LOG.info("{}: {} of {} tasks ran and all {} were reverted; the rest were never sent",
          run.name(), executed.size(), TASKS, reverted.size());
    }
    // The survivor did every revert of the three runs within its small heap.
    assertThat(survivor.isAlive()).as("the survivor still serves").isTrue();
    assertThat(TaskflowProcesses.text(dir.resolve(survivorName(survivor) + ".err")))
        .doesNotContain("OutOfMemoryError");
    LOG.info("the survivor ({} heap) peaked at {} MiB resident", WORKER_HEAP,
        TaskflowProcesses.peakResidentKib(survivor) / 1024);
  }

  private String survivorName(Process survivor) {
    return "w" + (workers.indexOf(survivor) + 1);
  }

  /** Starts the two workers, then the runs, which fail at task {@code failAt} (-1 for none). */
  private List<TaskflowProcesses.Launched> startTwoWorkersAndTheRuns(int failAt) throws IOException {
    String flow = flowFile();
    workers.add(startWorker("w1"));
    workers.add(startWorker("w2"));
    List<TaskflowProcesses.Launched> runs = new ArrayList<>();
    for (int i = 0; i < RUNS; i++) {
      runs.add(startRun(flow, "run" + i, failAt));
    }
    return runs;
  }

  private String flowFile() {
    StringBuilder yaml = new StringBuilder("flow:\n  name: squares\n  pattern: unordered\n  elements:\n");
    for (int n = 0; n < TASKS; n++) {
      yaml.append("    - {task: io.taskflow4j.cli.testtasks.Square, name: s").append(n)
          .append(", inject: {n: ").append(n).append("}, provides: r").append(n).append("}\n");
    }
    return Cli.write(dir, "squares.yaml", yaml.toString());
  }

  private Process startWorker(String name) throws IOException {
    return processes.launch(name, List.of(WORKER_HEAP), List.of(
        "worker", "--url", broker.url(), "--exchange", exchange, "--topic", TOPIC,
        "--tasks", "io.taskflow4j.cli.testtasks.Square", "--threads", "4", "--prefetch", "16",
        "--heartbeat", "1s",
        "--classpath", TaskflowProcesses.testClasses())).process();
  }

  private TaskflowProcesses.Launched startRun(String flow, String name, int failAt) throws IOException {
    return processes.launch(name, List.of(
        "run", flow, "--url", broker.url(), "--exchange", exchange, "--topic", TOPIC,
        "--wait", "60s", "--in-flight", "64",
        "--set", "log=" + log, "--set", "run=" + name, "--set", "fail_at=" + failAt,
        "--classpath", TaskflowProcesses.testClasses()));
  }

  /** How one SIGKILL went. */
  private record Kill(Instant at, long heldBeforeKill) {}

  /** Kills whichever worker has run tasks once a tenth of all the work is done. */
  private Kill killOneMidRun() throws Exception {
    Process first = workers.get(0);
    Process second = workers.get(1);
    Awaitility.await("a tenth of the work done")
        .atMost(Duration.ofMinutes(2))
        .pollInterval(Duration.ofMillis(50))
        .until(() -> executes(-1) >= RUNS * TASKS / 10);
    Process victim = executes(first.pid()) > 0 ? first : second;
    long ran = executes(victim.pid());
    Instant at = Instant.now();
    victim.destroyForcibly(); // SIGKILL
    assertThat(victim.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(victim.exitValue()).as("killed by SIGKILL").isEqualTo(137);
    return new Kill(at, ran);
  }

  /** Execute lines in the log, of one process or (pid -1) of all. */
  private long executes(long pid) throws IOException {
    if (!Files.exists(log)) {
      return 0;
    }
    String suffix = " " + pid;
    return Files.readAllLines(log, StandardCharsets.UTF_8).stream()
        .filter(line -> line.startsWith("execute ") && (pid < 0 || line.endsWith(suffix)))
        .count();
  }
}
