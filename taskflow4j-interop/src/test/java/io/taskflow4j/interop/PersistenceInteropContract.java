package io.taskflow4j.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.taskflow4j.engine.Engine;
import io.taskflow4j.engine.FlowFailedException;
import io.taskflow4j.failure.Failure;
import io.taskflow4j.flow.Flow;
import io.taskflow4j.persistence.AtomDetail;
import io.taskflow4j.persistence.AtomType;
import io.taskflow4j.persistence.FlowDetail;
import io.taskflow4j.persistence.FlowQuery;
import io.taskflow4j.persistence.FlowStore;
import io.taskflow4j.persistence.FlowSummary;
import io.taskflow4j.persistence.Intention;
import io.taskflow4j.persistence.LogBook;
import io.taskflow4j.retry.Retry;
import io.taskflow4j.state.AtomState;
import io.taskflow4j.state.FlowState;
import io.taskflow4j.store.jdbc.FlowStores;
import io.taskflow4j.task.Task;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Persistence interop with the reference (Python TaskFlow 5.0.0's SQL backend), both directions,
 * on one kind of database: the reference lists and loads the logbooks taskflow4j wrote and sees
 * every field as taskflow4j recorded it; taskflow4j reads the logbooks the reference's engine
 * wrote, field by field as the reference itself reads them back.
 *
 * <p>Each test class gets two fresh databases: one taskflow4j creates and writes first, one the
 * reference creates (from its own table definitions) and writes first.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class PersistenceInteropContract {

  static final ObjectMapper JSON = new ObjectMapper();

  @TempDir static Path directory;

  private InteropDatabase javaWritten;
  private InteropDatabase referenceWritten;
  private final Map<String, String> javaFlowIds = new LinkedHashMap<>();
  /** What the reference read from {@link #javaWritten} while a Java task was running. */
  private JsonNode referenceViewMidRun;
  private JsonNode referenceViewOfJava;
  private JsonNode referenceRuns;
  private JsonNode referenceViewOfReference;

  /** The database's name for messages, such as {@code SQLite}. */
  abstract String what();

  /** The Python modules the reference's backend needs for this database (its driver). */
  abstract String[] pythonModules();

  /** Skips or fails the tests when the database server is not there. */
  void requireServer() {}

  /** A fresh, empty database. */
  abstract InteropDatabase newDatabase(String purpose);

  /** Drops a database {@link #newDatabase} made. */
  abstract void dropDatabase(InteropDatabase database);

  /**
   * Skips (or, when CI requires them, fails) each test whose reference or server is missing, so
   * that every test says what did not run; the first test to get through writes the Java runs.
   */
  @BeforeEach
  void requireReferenceAndServer() throws Exception {
    ReferencePersistence.requireReference(what(), pythonModules());
    requireServer();
    writeJavaRunsOnce();
  }

  private synchronized void writeJavaRunsOnce() throws Exception {
    if (javaWritten != null) {
      return;
    }
    ReferencePersistence.scripts(directory);
    javaWritten = newDatabase("java");
    try (FlowStore store = FlowStores.open(javaWritten.storeUrl())) {
      runJavaFlows(store);
    }
  }

  @AfterAll
  void dropDatabases() {
    dropDatabase(javaWritten);
    dropDatabase(referenceWritten);
  }

  // ---------------------------------------------------------------- taskflow4j writes, Python reads

  private void runJavaFlows(FlowStore store) throws Exception {
    Flow ok = Flow.linear("java-ok").add(
        Task.builder("pick").requires("order").provides("picked").execute(ctx -> {
          Map<String, Object> picked = new LinkedHashMap<>();
          picked.put("order", ctx.argument("order", String.class));
          picked.put("lines", Arrays.asList(1, 2.5, "x", null, true));
          picked.put("note", "grüße ✓ \"quoted\"\n");
          picked.put("nested", Map.of("empty", List.of(), "none", Map.of()));
          return picked;
        }).build(),
        Task.builder("weigh").requires("picked").provides("weight").execute(ctx -> {
          ctx.reportProgress(0.25);
          ctx.reportProgress(0.5);
          return 12.25;
        }).build(),
        Task.builder("count").provides("count").execute(ctx -> 3).build(),
        Task.builder("approve").provides("approved").execute(ctx -> true).build(),
        Task.builder("tags").provides("tags").execute(ctx -> List.of("fragile", "gift")).build(),
        Task.builder("serial").provides("serial").execute(ctx -> 9_007_199_254_740_993L).build(),
        Task.builder("label").requires("weight").execute(ctx -> null).build());
    try (Engine engine = Engine.builder(ok).input("order", "42").input("amount", 100).store(store).build()) {
      javaFlowIds.put("ok", engine.flowId());
      assertThat(engine.run()).isEqualTo(FlowState.SUCCESS);
    }

    Flow fail = Flow.linear("java-fail").add(
        Task.builder("reserve").provides("reservation").execute(ctx -> "R-42").revert(ctx -> {}).build(),
        Task.builder("charge").requires("reservation", "amount").execute(ctx -> {
          throw new IllegalStateException("card declined", new IOException("gateway timeout"));
        }).build()).retry(Retry.times(2));
    try (Engine engine = Engine.builder(fail).input("amount", 100).store(store).build()) {
      javaFlowIds.put("fail", engine.flowId());
      assertThatThrownBy(engine::run).isInstanceOf(FlowFailedException.class);
    }

    Flow revertFails = Flow.linear("java-revert-fails").add(
        Task.builder("undoable").provides("u").execute(ctx -> "u").revert(ctx -> {
          throw new UnsupportedOperationException("cannot undo");
        }).build(),
        Task.builder("boom").requires("u").execute(ctx -> {
          throw new IllegalArgumentException("boom");
        }).build());
    try (Engine engine = Engine.builder(revertFails).store(store).build()) {
      javaFlowIds.put("revertFails", engine.flowId());
      assertThatThrownBy(engine::run).isInstanceOf(FlowFailedException.class);
    }

    CountDownLatch entered = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    Flow suspended = Flow.linear("java-suspended").add(
        Task.builder("first").provides("one").execute(ctx -> "one").build(),
        Task.builder("hold").requires("one").provides("held").execute(ctx -> {
          ctx.reportProgress(0.5);
          entered.countDown();
          if (!release.await(120, TimeUnit.SECONDS)) {
            throw new IllegalStateException("not released");
          }
          return "held";
        }).build(),
        Task.builder("after").requires("held").execute(ctx -> "never").build());
    try (Engine engine = Engine.builder(suspended).input("order", "9").store(store).build()) {
      javaFlowIds.put("suspended", engine.flowId());
      CompletableFuture<FlowState> run = engine.runAsync();
      try {
        assertThat(entered.await(30, TimeUnit.SECONDS)).as("hold started").isTrue();
        awaitRecordedProgress(store, engine.flowId(), "hold", 0.5);
        referenceViewMidRun = ReferencePersistence.run(directory, ReferencePersistence.READ_SCRIPT,
            javaWritten.sqlalchemyUrl());
        engine.suspend();
      } finally {
        release.countDown();
      }
      assertThat(run.get(60, TimeUnit.SECONDS)).isEqualTo(FlowState.SUSPENDED);
    }
  }

  /** Waits until the store shows a running atom's progress (the engine records it as it comes). */
  private static void awaitRecordedProgress(FlowStore store, String flowId, String atom, double progress)
      throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (System.nanoTime() < deadline) {
      Optional<AtomDetail> detail = store.atoms(flowId).stream().filter(a -> a.name().equals(atom)).findFirst();
      if (detail.isPresent() && detail.get().progress() == progress) {
        return;
      }
      Thread.sleep(20);
    }
  }

  private synchronized JsonNode referenceViewOfJava() throws Exception {
    if (referenceViewOfJava == null) {
      referenceViewOfJava = ReferencePersistence.run(directory, ReferencePersistence.READ_SCRIPT,
          javaWritten.sqlalchemyUrl());
    }
    return referenceViewOfJava;
  }

  /** Checks the reference loaded a Java-written flow exactly as the store holds it; returns its atoms by name. */
  private Map<String, JsonNode> referenceSeesAsRecorded(JsonNode view, String key) {
    try (FlowStore store = FlowStores.open(javaWritten.storeUrl())) {
      return assertSameFlow(store, view, javaFlowIds.get(key));
    }
  }

  @Test
  void referenceListsEveryLogbookTaskflow4jWroteAndLoadsEachWithoutError() throws Exception {
    JsonNode view = referenceViewOfJava();
    assertThat(view.get("list_error").isNull()).as("get_logbooks() error: %s", view.get("list_error")).isTrue();
    try (FlowStore store = FlowStores.open(javaWritten.storeUrl())) {
      List<String> books = store.logBooks().stream().map(LogBook::uuid).toList();
      assertThat(books).hasSize(4);
      assertThat(strings(view.get("listed"))).containsExactlyInAnyOrderElementsOf(books);
      for (LogBook book : store.logBooks()) {
        JsonNode seen = view.get("logbooks").get(book.uuid());
        assertThat(seen.has("error")).as("get_logbook(%s) raised %s", book.uuid(), seen.get("error")).isFalse();
        assertSameLogBook(book, seen, view);
      }
    }
  }

  @Test
  void referenceLoadsASucceededJavaRunWithResultsOfEveryJsonTypeAndProgress() throws Exception {
    Map<String, JsonNode> atoms = referenceSeesAsRecorded(referenceViewOfJava(), "ok");
    assertThat(atoms).containsOnlyKeys("pick", "weigh", "count", "approve", "tags", "serial", "label",
        AtomDetail.INJECTOR_NAME);
    assertThat(atoms.get("pick").get("results")).isEqualTo(json(
        "{\"order\":\"42\",\"lines\":[1,2.5,\"x\",null,true],\"note\":\"grüße ✓ \\\"quoted\\\"\\n\","
            + "\"nested\":{\"empty\":[],\"none\":{}}}"));
    assertThat(atoms.get("weigh").get("results")).isEqualTo(json("12.25"));
    assertThat(atoms.get("count").get("results")).isEqualTo(json("3"));
    assertThat(atoms.get("approve").get("results")).isEqualTo(json("true"));
    assertThat(atoms.get("tags").get("results")).isEqualTo(json("[\"fragile\",\"gift\"]"));
    assertThat(atoms.get("serial").get("results").asText()).isEqualTo("9007199254740993");
    assertThat(atoms.get("label").get("results").isNull()).isTrue();
    assertThat(atoms.get(AtomDetail.INJECTOR_NAME).get("results")).isEqualTo(json("{\"order\":\"42\",\"amount\":100}"));
    for (String name : List.of("pick", "weigh", "count", "approve", "tags", "serial", "label")) {
      JsonNode atom = atoms.get(name);
      assertThat(atom.get("class").asText()).as(name).isEqualTo("TaskDetail");
      assertThat(atom.get("state").asText()).as(name).isEqualTo("SUCCESS");
      assertThat(atom.get("intention").asText()).as(name).isEqualTo("EXECUTE");
      assertThat(atom.get("version").asText()).as(name).isEqualTo("1.0");
      assertThat(atom.get("failure").isNull()).as(name).isTrue();
      assertThat(atom.get("meta").get("progress").asDouble()).as(name).isEqualTo(1.0);
    }
    assertThat(flowOf(referenceViewOfJava(), javaFlowIds.get("ok")).get("state").asText()).isEqualTo("SUCCESS");
  }

  @Test
  void referenceLoadsAFailedJavaRunWithItsFailureItsCauseTheRevertsAndTheRetry() throws Exception {
    Map<String, JsonNode> atoms = referenceSeesAsRecorded(referenceViewOfJava(), "fail");
    assertThat(flowOf(referenceViewOfJava(), javaFlowIds.get("fail")).get("state").asText()).isEqualTo("REVERTED");
    JsonNode charge = atoms.get("charge");
    assertThat(charge.get("state").asText()).isEqualTo("REVERTED");
    assertThat(charge.get("intention").asText()).isEqualTo("REVERT");
    JsonNode failure = charge.get("failure");
    assertThat(strings(failure.get("exc_type_names"))).containsExactly("java.lang.IllegalStateException",
        "java.lang.RuntimeException", "java.lang.Exception", "Exception");
    assertThat(failure.get("exception_str").asText()).isEqualTo("card declined");
    assertThat(failure.get("exc_args")).isEqualTo(json("[\"card declined\"]"));
    assertThat(failure.get("causes").asInt()).isEqualTo(1);
    assertThat(failure.get("traceback_str").asText()).contains("java.lang.IllegalStateException: card declined");
    assertThat(failure.get("matches_exception").asBoolean()).isTrue();
    JsonNode reserve = atoms.get("reserve");
    assertThat(reserve.get("state").asText()).isEqualTo("REVERTED");
    assertThat(reserve.get("intention").asText()).isEqualTo("REVERT");
    assertThat(reserve.get("results")).isEqualTo(json("\"R-42\""));
    assertThat(reserve.get("revert_results").isNull()).isTrue();
    JsonNode retry = atoms.get("java-fail-retry");
    assertThat(retry).as("the retry's atom; atoms: %s", atoms.keySet()).isNotNull();
    assertThat(retry.get("class").asText()).isEqualTo("RetryDetail");
    assertThat(retry.get("state").asText()).isEqualTo("REVERTED");
    assertThat(retry.get("intention").asText()).isEqualTo("REVERT");
  }

  @Test
  void referenceLoadsAJavaRunWhoseRevertFailedWithTheRevertFailure() throws Exception {
    Map<String, JsonNode> atoms = referenceSeesAsRecorded(referenceViewOfJava(), "revertFails");
    assertThat(flowOf(referenceViewOfJava(), javaFlowIds.get("revertFails")).get("state").asText()).isEqualTo("FAILURE");
    JsonNode undoable = atoms.get("undoable");
    assertThat(undoable.get("state").asText()).isEqualTo("REVERT_FAILURE");
    assertThat(undoable.get("revert_failure").get("exception_str").asText()).isEqualTo("cannot undo");
    assertThat(strings(undoable.get("revert_failure").get("exc_type_names")))
        .startsWith("java.lang.UnsupportedOperationException").endsWith("Exception");
    assertThat(atoms.get("boom").get("failure").get("exception_str").asText()).isEqualTo("boom");
  }

  @Test
  void referenceLoadsASuspendedJavaRunAsItWasLeft() throws Exception {
    Map<String, JsonNode> atoms = referenceSeesAsRecorded(referenceViewOfJava(), "suspended");
    assertThat(flowOf(referenceViewOfJava(), javaFlowIds.get("suspended")).get("state").asText()).isEqualTo("SUSPENDED");
    assertThat(atoms.get("first").get("state").asText()).isEqualTo("SUCCESS");
    assertThat(atoms.get("hold").get("state").asText()).isEqualTo("SUCCESS");
    assertThat(atoms.get("hold").get("results")).isEqualTo(json("\"held\""));
    assertThat(atoms).containsKey("after");
    assertThat(atoms.get("after").get("state").asText()).isEqualTo("PENDING");
    assertThat(atoms.get("after").get("intention").asText()).isEqualTo("EXECUTE");
    assertThat(atoms.get("after").get("results").isNull()).isTrue();
  }

  @Test
  void referenceSeesARunningJavaTaskWithTheProgressItReported() {
    JsonNode flow = flowOf(referenceViewMidRun, javaFlowIds.get("suspended"));
    assertThat(flow.get("state").asText()).isEqualTo("RUNNING");
    Map<String, JsonNode> atoms = atomsByName(flow);
    assertThat(atoms.get("first").get("state").asText()).isEqualTo("SUCCESS");
    assertThat(atoms.get("hold").get("state").asText()).isEqualTo("RUNNING");
    assertThat(atoms.get("hold").get("intention").asText()).isEqualTo("EXECUTE");
    assertThat(atoms.get("hold").get("meta").get("progress").asDouble()).isEqualTo(0.5);
  }

  // ---------------------------------------------------------------- Python writes, taskflow4j reads

  private synchronized JsonNode referenceRuns() throws Exception {
    if (referenceRuns == null) {
      referenceWritten = newDatabase("reference");
      referenceRuns = ReferencePersistence.run(directory, ReferencePersistence.WRITE_SCRIPT,
          referenceWritten.sqlalchemyUrl());
      referenceViewOfReference = ReferencePersistence.run(directory, ReferencePersistence.READ_SCRIPT,
          referenceWritten.sqlalchemyUrl());
    }
    return referenceRuns;
  }

  private Map<String, AtomDetail> javaReads(FlowStore store, String run) throws Exception {
    String flowId = referenceRuns().get(run).get("flow").asText();
    return store.atoms(flowId).stream().collect(Collectors.toMap(AtomDetail::name, Function.identity()));
  }

  @Test
  void taskflow4jReadsTheReferencesSucceededRun() throws Exception {
    JsonNode run = referenceRuns().get("ok");
    try (FlowStore store = FlowStores.open(referenceWritten.storeUrl())) {
      FlowDetail flow = store.flow(run.get("flow").asText()).orElseThrow();
      assertThat(flow.name()).isEqualTo("ref-ok");
      assertThat(flow.state()).isEqualTo(FlowState.SUCCESS);
      assertThat(store.logBook(flow.logBookUuid()).orElseThrow().name()).isEqualTo("ref-book-ok");
      Map<String, AtomDetail> atoms = javaReads(store, "ok");
      assertThat(atoms).containsOnlyKeys("pick", "weigh", "label", AtomDetail.INJECTOR_NAME);
      assertThat(atoms.get("pick").results()).contains(Map.of("order", "7", "lines", Arrays.asList(3, 1.5, "box", null, false)));
      assertThat(atoms.get("weigh").results()).contains(12.25);
      assertThat(atoms.get("label").results()).isEmpty();
      assertThat(atoms.get(AtomDetail.INJECTOR_NAME).results()).contains(Map.of("order", "7"));
      for (String name : List.of("pick", "weigh", "label")) {
        AtomDetail atom = atoms.get(name);
        assertThat(atom.type()).as(name).isEqualTo(AtomType.TASK_DETAIL);
        assertThat(atom.state()).as(name).isEqualTo(AtomState.SUCCESS);
        assertThat(atom.intention()).as(name).isEqualTo(Intention.EXECUTE);
        assertThat(atom.version()).as(name).contains("1.0");
        assertThat(atom.progress()).as(name).isEqualTo(1.0);
        assertThat(atom.failure()).as(name).isEmpty();
      }
    }
  }

  @Test
  void taskflow4jReadsTheReferencesRevertedRunWithItsValueError() throws Exception {
    JsonNode run = referenceRuns().get("fail");
    try (FlowStore store = FlowStores.open(referenceWritten.storeUrl())) {
      FlowDetail flow = store.flow(run.get("flow").asText()).orElseThrow();
      assertThat(flow.name()).isEqualTo("ref-fail");
      assertThat(flow.state()).isEqualTo(FlowState.REVERTED);
      Map<String, AtomDetail> atoms = javaReads(store, "fail");
      AtomDetail charge = atoms.get("charge");
      assertThat(charge.state()).isEqualTo(AtomState.REVERTED);
      assertThat(charge.intention()).isEqualTo(Intention.REVERT);
      Failure failure = charge.failure().orElseThrow();
      assertThat(failure.typeNames()).containsExactly("ValueError", "Exception");
      assertThat(failure.message()).isEqualTo("('card declined', 250)");
      assertThat(failure.arguments()).containsExactly("card declined", 250);
      assertThat(failure.traceback()).contains("raise ValueError('card declined', amount)");
      assertThat(failure.matches("ValueError")).isTrue();
      AtomDetail hold = atoms.get("hold");
      assertThat(hold.state()).isEqualTo(AtomState.REVERTED);
      assertThat(hold.intention()).isEqualTo(Intention.REVERT);
      assertThat(hold.results()).contains("H-8");
      assertThat(hold.revertResults()).contains("unheld");
      AtomDetail retry = atoms.get("ref-fail-retry");
      assertThat(retry.type()).isEqualTo(AtomType.RETRY_DETAIL);
      assertThat(retry.state()).isEqualTo(AtomState.REVERTED);
      assertThat(retry.intention()).isEqualTo(Intention.REVERT);
      assertThat(atoms.get(AtomDetail.INJECTOR_NAME).results()).contains(Map.of("order", "8", "amount", 250));
    }
  }

  @Test
  void taskflow4jReadsEveryFieldOfTheReferencesRunsAsTheReferenceReadsThem() throws Exception {
    referenceRuns();
    try (FlowStore store = FlowStores.open(referenceWritten.storeUrl())) {
      for (String run : List.of("ok", "fail")) {
        assertSameFlow(store, referenceViewOfReference, referenceRuns().get(run).get("flow").asText());
      }
    }
  }

  @Test
  void taskflow4jListsTheReferencesLogbooksAndFlows() throws Exception {
    referenceRuns();
    try (FlowStore store = FlowStores.open(referenceWritten.storeUrl())) {
      assertThat(store.logBooks()).extracting(LogBook::name).contains("ref-book-ok", "ref-book-fail");
      Map<String, FlowSummary> flows = store.flows(FlowQuery.all()).stream()
          .collect(Collectors.toMap(s -> s.flow().name(), Function.identity()));
      assertThat(flows.get("ref-ok").flow().state()).isEqualTo(FlowState.SUCCESS);
      assertThat(flows.get("ref-ok").logBookName()).isEqualTo("ref-book-ok");
      assertThat(flows.get("ref-ok").atoms()).isEqualTo(3);
      assertThat(flows.get("ref-ok").succeeded()).isEqualTo(3);
      assertThat(flows.get("ref-fail").flow().state()).isEqualTo(FlowState.REVERTED);
      assertThat(flows.get("ref-fail").logBookName()).isEqualTo("ref-book-fail");
      assertThat(store.flows(FlowQuery.all().withStates(java.util.Set.of(FlowState.REVERTED))))
          .extracting(s -> s.flow().name()).contains("ref-fail").doesNotContain("ref-ok");
    }
  }

  @Test
  void referenceStillLoadsItsTablesAfterTaskflow4jAdoptedThemAndWroteARun() throws Exception {
    referenceRuns();
    String flowId;
    try (FlowStore store = FlowStores.open(referenceWritten.storeUrl());
        Engine engine = Engine.builder(Flow.linear("java-in-reference-tables").add(
            Task.builder("hello").provides("greeting").execute(ctx -> Map.of("hello", List.of(1, 2))).build()))
            .store(store).build()) {
      flowId = engine.flowId();
      assertThat(engine.run()).isEqualTo(FlowState.SUCCESS);
    }
    JsonNode view = ReferencePersistence.run(directory, ReferencePersistence.READ_SCRIPT, referenceWritten.sqlalchemyUrl());
    assertThat(view.get("list_error").isNull()).as("get_logbooks() error: %s", view.get("list_error")).isTrue();
    try (FlowStore store = FlowStores.open(referenceWritten.storeUrl())) {
      Map<String, JsonNode> atoms = assertSameFlow(store, view, flowId);
      assertThat(atoms.get("hello").get("results")).isEqualTo(json("{\"hello\":[1,2]}"));
      for (String run : List.of("ok", "fail")) {
        assertSameFlow(store, view, referenceRuns().get(run).get("flow").asText());
      }
    }
  }

  // ---------------------------------------------------------------- comparisons

  /** The flow detail with this id in a reader report, failing when the reference could not load its book. */
  static JsonNode flowOf(JsonNode view, String flowId) {
    assertThat(view.get("list_error").isNull()).as("get_logbooks() error: %s", view.get("list_error")).isTrue();
    List<String> errors = new ArrayList<>();
    for (JsonNode book : view.get("logbooks")) {
      if (book.has("error")) {
        errors.add(book.get("error").asText());
        continue;
      }
      for (JsonNode flow : book.get("flows")) {
        if (flow.get("uuid").asText().equals(flowId)) {
          return flow;
        }
      }
    }
    throw new AssertionError("the reference did not load flow detail " + flowId + "; errors of get_logbook: " + errors);
  }

  static Map<String, JsonNode> atomsByName(JsonNode flow) {
    Map<String, JsonNode> atoms = new LinkedHashMap<>();
    flow.get("atoms").forEach(atom -> atoms.put(atom.get("name").asText(), atom));
    return atoms;
  }

  /** Asserts that the reference's view of a flow has every field the store holds; returns its atoms by name. */
  static Map<String, JsonNode> assertSameFlow(FlowStore store, JsonNode view, String flowId) {
    FlowDetail flow = store.flow(flowId).orElseThrow();
    JsonNode book = view.get("logbooks").get(flow.logBookUuid());
    assertThat(book).as("logbook %s of flow %s in the reference's listing", flow.logBookUuid(), flowId).isNotNull();
    assertThat(book.has("error")).as("get_logbook(%s) raised %s", flow.logBookUuid(), book.get("error")).isFalse();
    assertSameLogBook(store.logBook(flow.logBookUuid()).orElseThrow(), book, view);
    JsonNode seen = flowOf(view, flowId);
    String what = "flow " + flow.name();
    assertThat(seen.get("name").asText()).as(what).isEqualTo(flow.name());
    assertThat(seen.get("state").asText()).as(what).isEqualTo(flow.state().name());
    assertThat(seen.get("meta")).as(what + " meta").isEqualTo(tree(flow.meta()));
    Map<String, JsonNode> byName = atomsByName(seen);
    List<AtomDetail> atoms = store.atoms(flowId);
    assertThat(byName.keySet()).as(what + " atoms").containsExactlyInAnyOrderElementsOf(
        atoms.stream().map(AtomDetail::name).toList());
    for (AtomDetail atom : atoms) {
      assertSameAtom(atom, byName.get(atom.name()), what + ", atom " + atom.name());
    }
    return byName;
  }

  /**
   * Compares a logbook with the reference's view of it. The reference's loaded object has the
   * row's created_at but the time of loading as updated_at (it touches the book as it adds the
   * flow details), so updated_at is compared with the row as the reference's tables parse it.
   */
  static void assertSameLogBook(LogBook book, JsonNode seen, JsonNode view) {
    String what = "logbook " + book.name();
    assertThat(seen.get("uuid").asText()).as(what).isEqualTo(book.uuid());
    assertThat(seen.get("name").asText()).as(what).isEqualTo(book.name());
    assertThat(seen.get("meta")).as(what + " meta").isEqualTo(tree(book.meta()));
    assertThat(time(seen.get("created_at"))).as(what + " created_at").isEqualTo(book.createdAt());
    JsonNode row = view.get("logbook_rows").get(book.uuid());
    assertThat(time(row.get("created_at"))).as(what + " created_at column").isEqualTo(book.createdAt());
    assertThat(time(row.get("updated_at"))).as(what + " updated_at column").isEqualTo(book.updatedAt());
  }

  static void assertSameAtom(AtomDetail atom, JsonNode seen, String what) {
    assertThat(seen.get("uuid").asText()).as(what + " uuid").isEqualTo(atom.uuid());
    assertThat(seen.get("class").asText()).as(what + " class")
        .isEqualTo(atom.type() == AtomType.TASK_DETAIL ? "TaskDetail" : "RetryDetail");
    assertThat(seen.get("state").asText()).as(what + " state").isEqualTo(atom.state().name());
    assertThat(seen.get("intention").asText()).as(what + " intention").isEqualTo(atom.intention().name());
    assertThat(seen.get("version").isNull() ? Optional.empty() : Optional.of(seen.get("version").asText()))
        .as(what + " version").isEqualTo(atom.version());
    if (atom.type() == AtomType.RETRY_DETAIL) {
      assertSameRetryHistory(atom.results().orElse(List.of()), seen.get("results"), what);
    } else {
      assertThat(seen.get("results")).as(what + " results").isEqualTo(tree(atom.results().orElse(null)));
    }
    assertSameFailure(atom.failure(), seen.get("failure"), what + " failure");
    assertThat(seen.get("revert_results")).as(what + " revert_results").isEqualTo(tree(atom.revertResults().orElse(null)));
    assertSameFailure(atom.revertFailure(), seen.get("revert_failure"), what + " revert_failure");
    assertThat(seen.get("meta")).as(what + " meta").isEqualTo(tree(atom.meta()));
  }

  @SuppressWarnings("unchecked")
  private static void assertSameRetryHistory(Object recorded, JsonNode seen, String what) {
    List<?> history = (List<?>) recorded;
    assertThat(seen.isArray()).as(what + " retry history %s", seen).isTrue();
    assertThat(seen.size()).as(what + " retry history %s", seen).isEqualTo(history.size());
    for (int i = 0; i < history.size(); i++) {
      List<?> entry = (List<?>) history.get(i);
      JsonNode pair = seen.get(i);
      Map<String, Object> failures = (Map<String, Object>) entry.get(1);
      // The reference's RetryDetail.from_dict reuses one loop variable for an entry's value and
      // for each failure dictionary of the entry, so the value it loads is the last failure's
      // dictionary whenever the entry has failures (its own rows show it too). What it loads is
      // still determined by what we wrote, so that is what is compared.
      JsonNode loadedValue = failures.isEmpty() ? tree(entry.get(0))
          : tree(new ArrayList<>(failures.values()).get(failures.size() - 1));
      assertThat(pair.get(0)).as(what + " retry value " + i + " as the reference loads it").isEqualTo(loadedValue);
      assertThat(names(pair.get(1))).as(what + " retry failures " + i).containsExactlyInAnyOrderElementsOf(failures.keySet());
      String where = what + " retry failure " + i;
      failures.forEach((atom, failure) -> assertSameFailure(
          Optional.of(Failure.fromDict((Map<String, ?>) failure)), pair.get(1).get(atom), where));
    }
  }

  static void assertSameFailure(Optional<Failure> recorded, JsonNode seen, String what) {
    if (recorded.isEmpty()) {
      assertThat(seen.isNull()).as(what + ": the reference sees %s", seen).isTrue();
      return;
    }
    Failure failure = recorded.get();
    assertThat(seen.isNull()).as(what + ": the reference sees none").isFalse();
    assertThat(seen.get("schema_problem").isNull()).as(what + ": the reference's schema rejects it: %s",
        seen.get("schema_problem")).isTrue();
    assertThat(seen.get("exception_str").asText()).as(what + " exception_str").isEqualTo(failure.message());
    assertThat(strings(seen.get("exc_type_names"))).as(what + " exc_type_names").isEqualTo(failure.typeNames());
    assertThat(seen.get("exc_args")).as(what + " exc_args").isEqualTo(tree(failure.arguments()));
    assertThat(seen.get("traceback_str").asText()).as(what + " traceback_str").isEqualTo(failure.traceback());
    assertThat(seen.get("causes").asInt()).as(what + " causes").isEqualTo(failure.causes().size());
  }

  static Instant time(JsonNode text) {
    return LocalDateTime.parse(text.asText().replace(' ', 'T')).toInstant(ZoneOffset.UTC);
  }

  /** A value as JSON, through text so that numbers compare by what they are, not by their Java type. */
  static JsonNode tree(Object value) {
    try {
      return JSON.readTree(JSON.writeValueAsString(value));
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(e);
    }
  }

  static JsonNode json(String text) {
    try {
      return JSON.readTree(text);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(e);
    }
  }

  static List<String> strings(JsonNode array) {
    List<String> values = new ArrayList<>();
    array.forEach(node -> values.add(node.asText()));
    return values;
  }

  private static List<String> names(JsonNode object) {
    List<String> names = new ArrayList<>();
    object.fieldNames().forEachRemaining(names::add);
    return names;
  }
}
