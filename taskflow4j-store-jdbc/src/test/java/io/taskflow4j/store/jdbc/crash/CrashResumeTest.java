package io.taskflow4j.store.jdbc.crash;

import static org.assertj.core.api.Assertions.assertThat;

import io.taskflow4j.failure.Failure;
import io.taskflow4j.persistence.AtomDetail;
import io.taskflow4j.persistence.AtomType;
import io.taskflow4j.persistence.FlowDetail;
import io.taskflow4j.persistence.FlowStore;
import io.taskflow4j.state.AtomState;
import io.taskflow4j.state.FlowState;
import io.taskflow4j.store.jdbc.FlowStores;
import io.taskflow4j.store.jdbc.TestServers;
import io.taskflow4j.store.jdbc.crash.KillPoint.Event;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills a {@link CrashChild} JVM with SIGKILL at many points of a persisted run (before and after
 * task executes, task reverts and store commits), resumes the flow in a new JVM, and checks that
 * the crash did no harm: the flow ends as it would have; no atom the store showed SUCCESS at the
 * kill executes again (unless a retry reverts it first); no execute happens without its start
 * recorded first, so an atom runs at most once more than a run without a crash; the recorded
 * results equal those of a run without a crash. On SQLite and on PostgreSQL.
 */
class CrashResumeTest {

  private static final Duration CHILD_TIMEOUT = Duration.ofSeconds(60);

  @TempDir
  static Path work;

  private static final List<TestServers.Scratch> DATABASES = new ArrayList<>();

  /** The test's own view of each store, opened once (opening runs the migrations check, which is slow). */
  private static final Map<String, FlowStore> STORES = new ConcurrentHashMap<>();

  @AfterAll
  static void closeStoresAndDropDatabases() {
    STORES.values().forEach(FlowStore::close);
    STORES.clear();
    DATABASES.forEach(TestServers.Scratch::drop);
  }

  private static FlowStore store(String url) {
    return STORES.computeIfAbsent(url, FlowStores::open);
  }

  @Test
  void everyStoreIsKilledAtLeastFiftyTimesOverExecutesCommitsAndReverts() {
    Map<Event, Integer> byEvent = new EnumMap<>(Event.class);
    int befores = 0;
    int afters = 0;
    for (CrashShape shape : CrashShape.values()) {
      for (KillPoint point : killPoints(shape)) {
        byEvent.merge(point.event(), 1, Integer::sum);
        if (point.after()) {
          afters++;
        } else {
          befores++;
        }
      }
    }
    assertThat(byEvent.values().stream().mapToInt(Integer::intValue).sum()).isGreaterThanOrEqualTo(50);
    assertThat(byEvent).containsKeys(Event.EXECUTE, Event.COMMIT, Event.REVERT).doesNotContainKey(Event.NONE);
    assertThat(byEvent.values()).allSatisfy(count -> assertThat(count).isGreaterThanOrEqualTo(10));
    assertThat(befores).isPositive();
    assertThat(afters).isPositive();
  }

  @TestFactory
  Stream<DynamicNode> onSqliteAFlowKilledAnywhereResumesInANewJvmToTheResultOfARunWithoutACrash() {
    return scenarios(new Target("sqlite", "sqlite:" + work.resolve("crash.db")));
  }

  @TestFactory
  Stream<DynamicNode> onPostgresqlAFlowKilledAnywhereResumesInANewJvmToTheResultOfARunWithoutACrash() {
    TestServers.Scratch database = TestServers.Scratch.create(TestServers.postgresUrl(), "TASKFLOW4J_REQUIRE_POSTGRES", "PostgreSQL");
    DATABASES.add(database);
    return scenarios(new Target("postgresql", database.storeUrl()));
  }

  // ---- the kill points

  /**
   * Where each shape is killed: before and after task executes, task reverts (the shapes that
   * revert) and store commits. Not before the first commit: nothing of the run is recorded then, so
   * there is nothing to resume.
   */
  static List<KillPoint> killPoints(CrashShape shape) {
    List<KillPoint> points = new ArrayList<>();
    switch (shape) {
      case LINEAR -> {
        for (int k = 1; k <= 5; k++) {
          points.add(KillPoint.before(Event.EXECUTE, k));
          points.add(KillPoint.after(Event.EXECUTE, k));
        }
        commits(points, 1, 3, 5);
      }
      case UNORDERED -> {
        for (int k : new int[] {1, 5, 6}) {
          points.add(KillPoint.before(Event.EXECUTE, k));
          points.add(KillPoint.after(Event.EXECUTE, k));
        }
        for (int k = 1; k <= 6; k++) {
          points.add(KillPoint.before(Event.REVERT, k));
          points.add(KillPoint.after(Event.REVERT, k));
        }
        commits(points, 3, 6, 8);
      }
      case NESTED_WITH_RETRY -> {
        for (int k = 2; k <= 5; k++) {
          points.add(KillPoint.before(Event.EXECUTE, k));
          points.add(KillPoint.after(Event.EXECUTE, k));
        }
        for (int k = 1; k <= 2; k++) {
          points.add(KillPoint.before(Event.REVERT, k));
          points.add(KillPoint.after(Event.REVERT, k));
        }
        commits(points, 3, 9);
      }
      default -> throw new IllegalArgumentException("no kill points for " + shape);
    }
    return points;
  }

  private static void commits(List<KillPoint> points, int... ordinals) {
    for (int k : ordinals) {
      if (k > 1) {
        points.add(KillPoint.before(Event.COMMIT, k));
      }
      points.add(KillPoint.after(Event.COMMIT, k));
    }
  }

  // ---- scenarios

  /** One store the children share, each run under its own flow id. */
  record Target(String name, String url) {}

  /** What a run without a crash records, and how many executes and reverts of each task it makes. */
  record Reference(Snapshot end, Map<String, Integer> executes, Map<String, Integer> reverts, int commits) {}

  private final Map<String, Reference> references = new ConcurrentHashMap<>();

  private Stream<DynamicNode> scenarios(Target target) {
    return Stream.of(CrashShape.values()).map(shape -> DynamicContainer.dynamicContainer(target.name() + " " + shape,
        Stream.concat(
            Stream.of(DynamicTest.dynamicTest("runs without a crash to " + shape.end(), () -> reference(target, shape))),
            killPoints(shape).stream().map(point -> DynamicTest.dynamicTest("killed at " + point,
                () -> killAndResume(target, shape, point))))));
  }

  private Reference reference(Target target, CrashShape shape) throws Exception {
    Reference known = references.get(target.name() + shape);
    if (known != null) {
      return known;
    }
    Path side = work.resolve(target.name() + "-" + shape + "-reference.side");
    Path stderr = work.resolve(target.name() + "-" + shape + "-reference.stderr");
    String flowId;
    String done;
    try (ChildJvm child = ChildJvm.start(stderr, List.of(target.url(), shape.toString(), "run", side.toString(), "none"))) {
      flowId = child.await("flow ", CHILD_TIMEOUT);
      done = child.await("done ", CHILD_TIMEOUT);
      assertThat(child.exit(CHILD_TIMEOUT)).as("exit code of the run without a crash").isZero();
    }
    SideFile lines = SideFile.read(side);
    Snapshot end = Snapshot.read(target.url(), flowId);
    assertThat(done).startsWith(shape.end() + " ");
    assertThat(end.state()).isEqualTo(shape.end());
    assertThat(lines.processes()).isEqualTo(1);
    assertThat(lines.executes(0, lines.size()).values().stream().mapToInt(Integer::intValue).sum())
        .as("executes of a run without a crash").isEqualTo(shape.executes());
    assertThat(lines.reverts(0, lines.size()).values().stream().mapToInt(Integer::intValue).sum())
        .as("reverts of a run without a crash").isEqualTo(shape.reverts());
    int commits = Integer.parseInt(done.replaceAll(".*commits=(\\d+).*", "$1"));
    int lastCommitPoint = killPoints(shape).stream().filter(p -> p.event() == Event.COMMIT).mapToInt(KillPoint::ordinal).max().orElse(0);
    assertThat(commits).as("commits of a run without a crash, which the commit kill points need").isGreaterThanOrEqualTo(lastCommitPoint);
    Reference reference = new Reference(end, lines.executes(0, lines.size()), lines.reverts(0, lines.size()), commits);
    references.put(target.name() + shape, reference);
    return reference;
  }

  private void killAndResume(Target target, CrashShape shape, KillPoint point) throws Exception {
    Reference reference = reference(target, shape);
    String label = target.name() + "-" + shape + "-" + point.toString().replace(':', '-');
    Path side = work.resolve(label + ".side");
    Path stderr = work.resolve(label + ".stderr");

    // A child runs the flow and is killed at the point.
    String flowId;
    try (ChildJvm child = ChildJvm.start(stderr, List.of(target.url(), shape.toString(), "run", side.toString(), point.toString()))) {
      flowId = child.await("flow ", CHILD_TIMEOUT);
      assertThat(child.await("killpoint ", CHILD_TIMEOUT)).isEqualTo(point.toString());
      assertThat(child.killHard()).as("exit code of the child killed with SIGKILL").isEqualTo(137);
    }
    SideFile atKill = SideFile.read(side);
    Snapshot killed = Snapshot.read(target.url(), flowId);
    assertThat(killed.state()).as("state recorded at the kill").isNotIn(FlowState.SUCCESS, FlowState.REVERTED, FlowState.FAILURE);

    // A new child resumes it, with no kill point.
    String done;
    try (ChildJvm child = ChildJvm.start(stderr,
        List.of(target.url(), shape.toString(), "resume", flowId, side.toString(), "none"))) {
      assertThat(child.await("flow ", CHILD_TIMEOUT)).isEqualTo(flowId);
      done = child.await("done ", CHILD_TIMEOUT);
      assertThat(child.exit(CHILD_TIMEOUT)).as("exit code of the resuming child").isZero();
    }
    SideFile all = SideFile.read(side);
    Snapshot end = Snapshot.read(target.url(), flowId);
    int cut = atKill.size();

    SoftAssertions softly = new SoftAssertions();
    softly.assertThat(done).as("what the resuming child reports").startsWith(shape.end() + " ");
    softly.assertThat(end.state()).as("final flow state in the store").isEqualTo(shape.end());
    softly.assertThat(all.processes()).as("processes in the side file").isEqualTo(2);
    softly.assertThat(end.results()).as("final results against a run without a crash").isEqualTo(reference.end().results());

    Map<String, Integer> executedBefore = atKill.executes(0, cut);
    Map<String, Integer> executedAfter = all.executes(cut, all.size());
    Map<String, Integer> executedAll = all.executes(0, all.size());
    Map<String, Integer> revertedAll = all.reverts(0, all.size());
    for (String task : reference.end().attempts().keySet()) {
      int recordedAtKill = killed.attempts().getOrDefault(task, 0);
      int recordedAtEnd = end.attempts().getOrDefault(task, 0);
      int before = executedBefore.getOrDefault(task, 0);
      int after = executedAfter.getOrDefault(task, 0);
      softly.assertThat(before).as("executes of %s before the kill, against the starts recorded then (%s)", task, recordedAtKill)
          .isLessThanOrEqualTo(recordedAtKill);
      softly.assertThat(after).as("executes of %s after the resume, against the starts it recorded (%s)", task, recordedAtEnd - recordedAtKill)
          .isLessThanOrEqualTo(recordedAtEnd - recordedAtKill);
      int normal = reference.executes().getOrDefault(task, 0);
      softly.assertThat(before + after).as("executes of %s in all, against a run without a crash (%s)", task, normal)
          .isLessThanOrEqualTo(normal + 1);
      softly.assertThat(revertedAll.getOrDefault(task, 0)).as("reverts of %s in all, against a run without a crash", task)
          .isLessThanOrEqualTo(reference.reverts().getOrDefault(task, 0) + 1);
      if (killed.states().get(task) == AtomState.SUCCESS) {
        softly.assertThat(all.firstCallOf(task, cut)).as("first call of %s after the resume, which had SUCCESS at the kill", task)
            .isNotEqualTo("execute " + task);
      }
    }
    softly.assertThat(all.revertsWithoutExecute()).as("reverts of tasks that had not executed").isEmpty();
    softly.assertThat(executedAll.keySet()).as("tasks executed").isSubsetOf(reference.end().attempts().keySet());
    try {
      softly.assertAll();
    } catch (AssertionError e) {
      throw new AssertionError(e.getMessage() + "\nat the kill: flow " + killed.state() + ", atoms " + killed.states()
          + "\nside file: " + all.lines() + "\nat the end: " + end.results(), e);
    }
  }

  // ---- reading what the children left

  /**
   * A flow as the store holds it.
   *
   * @param state the flow's state
   * @param states each atom's state
   * @param attempts each task's recorded execute starts
   * @param results each atom's state, results, failure and revert failure, retry histories as
   *     their values and the names that failed in each attempt; the inputs under the injector
   */
  record Snapshot(FlowState state, Map<String, AtomState> states, Map<String, Integer> attempts, Map<String, String> results) {

    static Snapshot read(String url, String flowId) {
      FlowStore store = store(url);
      FlowDetail flow = store.flow(flowId).orElseThrow(() -> new AssertionError("the store holds no flow " + flowId));
      Map<String, AtomState> states = new TreeMap<>();
      Map<String, Integer> attempts = new TreeMap<>();
      Map<String, String> results = new TreeMap<>();
      for (AtomDetail atom : store.atoms(flowId)) {
        results.put(atom.name(), describe(atom));
        if (atom.isInjector()) {
          continue;
        }
        states.put(atom.name(), atom.state());
        if (atom.type() == AtomType.TASK_DETAIL) {
          Object ours = atom.meta().get("taskflow4j");
          Object count = ours instanceof Map<?, ?> map ? map.get("attempts") : null;
          attempts.put(atom.name(), count instanceof Number number ? number.intValue() : 0);
        }
      }
      return new Snapshot(flow.state(), states, attempts, results);
    }

    private static String describe(AtomDetail atom) {
      StringBuilder text = new StringBuilder(atom.state().toString()).append(' ').append(atom.intention());
      if (atom.type() == AtomType.RETRY_DETAIL) {
        List<String> history = new ArrayList<>();
        if (atom.results().orElse(List.of()) instanceof List<?> pairs) {
          for (Object pair : pairs) {
            List<?> entry = (List<?>) pair;
            history.add(entry.get(0) + "->" + (entry.get(1) instanceof Map<?, ?> failed ? failed.keySet() : "?"));
          }
        }
        text.append(" history=").append(history);
      } else {
        atom.results().ifPresent(value -> text.append(" results=").append(value));
      }
      atom.failure().map(Failure::message).ifPresent(message -> text.append(" failure=").append(message));
      atom.revertFailure().map(Failure::message).ifPresent(message -> text.append(" revert-failure=").append(message));
      return text.toString();
    }
  }

  /** The lines of a side file: {@code process MODE PID}, {@code execute NAME}, {@code revert NAME}. */
  record SideFile(List<String> lines) {

    static SideFile read(Path path) throws IOException {
      return new SideFile(List.copyOf(Files.readAllLines(path, StandardCharsets.UTF_8)));
    }

    int size() {
      return lines.size();
    }

    int processes() {
      return (int) lines.stream().filter(line -> line.startsWith("process ")).count();
    }

    Map<String, Integer> executes(int from, int to) {
      return count("execute ", from, to);
    }

    Map<String, Integer> reverts(int from, int to) {
      return count("revert ", from, to);
    }

    private Map<String, Integer> count(String prefix, int from, int to) {
      Map<String, Integer> counts = new LinkedHashMap<>();
      for (String line : lines.subList(from, to)) {
        if (line.startsWith(prefix)) {
          counts.merge(line.substring(prefix.length()), 1, Integer::sum);
        }
      }
      return counts;
    }

    /** The first {@code execute} or {@code revert} line of a task from line {@code from} on, or none. */
    String firstCallOf(String task, int from) {
      for (String line : lines.subList(from, lines.size())) {
        if (line.equals("execute " + task) || line.equals("revert " + task)) {
          return line;
        }
      }
      return "none";
    }

    /** The revert lines of tasks with no execute line before them. */
    List<String> revertsWithoutExecute() {
      List<String> executed = new ArrayList<>();
      List<String> orphans = new ArrayList<>();
      for (String line : lines) {
        if (line.startsWith("execute ")) {
          executed.add(line.substring("execute ".length()));
        } else if (line.startsWith("revert ") && !executed.contains(line.substring("revert ".length()))) {
          orphans.add(line);
        }
      }
      return orphans;
    }
  }
}
