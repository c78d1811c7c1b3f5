package io.taskflow4j.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.taskflow4j.failure.Failure;
import io.taskflow4j.persistence.AtomDetail;
import io.taskflow4j.persistence.AtomType;
import io.taskflow4j.persistence.Changes;
import io.taskflow4j.persistence.FlowDetail;
import io.taskflow4j.persistence.FlowQuery;
import io.taskflow4j.persistence.FlowStore;
import io.taskflow4j.persistence.FlowSummary;
import io.taskflow4j.persistence.Intention;
import io.taskflow4j.persistence.LogBook;
import io.taskflow4j.state.AtomState;
import io.taskflow4j.state.FlowState;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reads the database the reference wrote, after our migrations adopted it, exactly as its dump says. */
class ReferenceVectorsTest {

  private static final String OK = "00000000-0000-0000-0000-0000000000f1";
  private static final String FAIL = "00000000-0000-0000-0000-0000000000f2";
  private static final String CRASH = "00000000-0000-0000-0000-0000000000f3";

  @TempDir Path dir;
  private Path file;
  private Map<String, List<Map<String, Object>>> dump;

  @BeforeEach
  @SuppressWarnings("unchecked")
  void copyTheVectors() throws Exception {
    file = dir.resolve("reference-logbooks.sqlite");
    try (InputStream in = getClass().getResourceAsStream("/reference/reference-logbooks.sqlite")) {
      Files.copy(in, file);
    }
    try (InputStream in = getClass().getResourceAsStream("/reference/reference-logbooks.json")) {
      dump = new ObjectMapper().readValue(in, Map.class);
    }
  }

  private FlowStore open() {
    return FlowStores.open("sqlite:" + file);
  }

  private static Instant time(Object text) {
    return LocalDateTime.parse(((String) text).replace(' ', 'T')).toInstant(ZoneOffset.UTC);
  }

  @Test
  void everyLogBookAndFlowDetailIsReadAsDumped() {
    try (FlowStore store = open()) {
      assertThat(store.logBooks()).extracting(LogBook::name).containsExactly("book-ok", "book-fail", "book-crash");
      for (Map<String, Object> row : dump.get("logbooks")) {
        LogBook book = store.logBook((String) row.get("uuid")).orElseThrow();
        assertThat(book.name()).isEqualTo(row.get("name"));
        assertThat(book.meta()).isEqualTo(row.get("meta_json"));
        assertThat(book.createdAt()).isEqualTo(time(row.get("created_at")));
        assertThat(book.updatedAt()).isEqualTo(time(row.get("updated_at")));
      }
      for (Map<String, Object> row : dump.get("flowdetails")) {
        FlowDetail flow = store.flow((String) row.get("uuid")).orElseThrow();
        assertThat(flow.logBookUuid()).isEqualTo(row.get("parent_uuid"));
        assertThat(flow.name()).isEqualTo(row.get("name"));
        assertThat(flow.state().name()).isEqualTo(row.get("state"));
        assertThat(flow.meta()).isEqualTo(row.get("meta_json"));
        assertThat(flow.createdAt()).isEqualTo(time(row.get("created_at")));
        assertThat(flow.updatedAt()).isEqualTo(time(row.get("updated_at")));
        assertThat(store.flowsOf(flow.logBookUuid())).containsExactly(flow);
      }
      assertThat(store.flow(OK).orElseThrow().state()).isEqualTo(FlowState.SUCCESS);
      assertThat(store.flow(FAIL).orElseThrow().state()).isEqualTo(FlowState.REVERTED);
      assertThat(store.flow(CRASH).orElseThrow().state()).isEqualTo(FlowState.RUNNING);
    }
  }

  @Test
  @SuppressWarnings("unchecked")
  void everyAtomDetailIsReadAsDumped() {
    try (FlowStore store = open()) {
      List<Map<String, Object>> rows = dump.get("atomdetails");
      int seen = 0;
      for (String flow : List.of(OK, FAIL, CRASH)) {
        List<AtomDetail> atoms = store.atoms(flow);
        List<Map<String, Object>> expected = rows.stream().filter(r -> flow.equals(r.get("parent_uuid"))).toList();
        assertThat(atoms).extracting(AtomDetail::uuid)
            .containsExactlyInAnyOrderElementsOf(expected.stream().map(r -> (String) r.get("uuid")).toList());
        for (Map<String, Object> row : expected) {
          AtomDetail atom = atoms.stream().filter(a -> a.uuid().equals(row.get("uuid"))).findFirst().orElseThrow();
          String what = "atom " + row.get("name") + " of " + flow;
          assertThat(atom.name()).as(what).isEqualTo(row.get("name"));
          assertThat(atom.type().name()).as(what).isEqualTo(row.get("atom_type"));
          assertThat(atom.state().name()).as(what).isEqualTo(row.get("state"));
          assertThat(atom.intention().name()).as(what).isEqualTo(row.get("intention"));
          assertThat(atom.version()).as(what).isEqualTo(Optional.ofNullable(row.get("version")));
          assertThat(atom.results()).as(what).isEqualTo(Optional.ofNullable(row.get("results_json")));
          assertThat(atom.revertResults()).as(what).isEqualTo(Optional.ofNullable(row.get("revert_results_json")));
          assertThat(atom.meta()).as(what).isEqualTo(row.get("meta_json"));
          assertThat(atom.failure().map(Failure::toDict)).as(what)
              .isEqualTo(Optional.ofNullable((Map<String, Object>) row.get("failure_json")));
          assertThat(atom.revertFailure().isPresent()).as(what).isEqualTo(row.get("revert_failure") != null);
          assertThat(atom.createdAt()).as(what).isEqualTo(time(row.get("created_at")));
          assertThat(atom.updatedAt()).as(what).isEqualTo(time(row.get("updated_at")));
          seen++;
        }
      }
      assertThat(seen).isEqualTo(rows.size());
    }
  }

  @Test
  void theOutcomesOfEachRunAreThere() {
    try (FlowStore store = open()) {
      Map<String, AtomDetail> ok = byName(store.atoms(OK));
      assertThat(ok.get("reserve").results())
          .contains(Map.of("reservation", "R-42", "items", Arrays.asList(1, 2.5, "x", null, true)));
      assertThat(ok.get("charge").results()).contains("receipt-42-100");
      assertThat(ok.get("notify").results()).isEmpty();
      assertThat(ok.values()).allMatch(a -> a.state() == AtomState.SUCCESS && a.intention() == Intention.EXECUTE);
      AtomDetail injector = ok.get(AtomDetail.INJECTOR_NAME);
      assertThat(injector.isInjector()).isTrue();
      assertThat(injector.results()).contains(Map.of("order", "42", "amount", 100));
      assertThat(injector.version()).isEmpty();
      assertThat(ok.get("reserve").progress()).isEqualTo(1.0);
      assertThat(ok.get("reserve").meta()).containsKey("progress_details");

      Map<String, AtomDetail> fail = byName(store.atoms(FAIL));
      Failure failure = fail.get("charge").failure().orElseThrow();
      assertThat(failure.typeNames()).containsExactly("ValueError", "Exception");
      assertThat(failure.message()).isEqualTo("('card declined', 100)");
      assertThat(failure.arguments()).containsExactly("card declined", 100);
      assertThat(failure.traceback()).contains("result = task.execute(**arguments)");
      assertThat(failure.causes()).isEmpty();
      assertThat(fail.get("charge").state()).isEqualTo(AtomState.REVERTED);
      assertThat(fail.get("charge").intention()).isEqualTo(Intention.REVERT);
      assertThat(fail.get("reserve").revertResults()).contains("released");
      AtomDetail retry = fail.get("checkout-retry");
      assertThat(retry.type()).isEqualTo(AtomType.RETRY_DETAIL);
      assertThat(retry.results()).contains(List.of());

      Map<String, AtomDetail> crash = byName(store.atoms(CRASH));
      assertThat(crash.get("reserve").state()).isEqualTo(AtomState.SUCCESS);
      assertThat(crash.get("charge").state()).isEqualTo(AtomState.RUNNING);
      assertThat(crash.get("charge").progress()).isEqualTo(0.0);
      assertThat(crash.get("notify").state()).isEqualTo(AtomState.PENDING);

      List<FlowSummary> listed = store.flows(FlowQuery.all());
      assertThat(listed).extracting(s -> s.flow().name()).containsExactly("checkout-crash", "checkout-fail", "checkout-ok");
      assertThat(listed).extracting(FlowSummary::logBookName).containsExactly("book-crash", "book-fail", "book-ok");
      assertThat(listed).extracting(FlowSummary::atoms).containsExactly(3, 4, 3);
      assertThat(listed).extracting(FlowSummary::succeeded).containsExactly(1, 0, 3);
    }
  }

  @Test
  void adoptingTheDatabaseLeavesTheReferenceRowsAsTheyWere() throws Exception {
    List<String> before = rawRows();
    try (FlowStore store = open()) {
      store.logBooks();
    }
    try (FlowStore again = open()) {
      assertThat(again.logBooks()).hasSize(3);
    }
    assertThat(rawRows()).isEqualTo(before);
    try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file);
        Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery("SELECT version, type FROM taskflow4j_schema_history ORDER BY installed_rank")) {
      List<String> history = new ArrayList<>();
      while (rows.next()) {
        history.add(rows.getString(1) + "/" + rows.getString(2));
      }
      assertThat(history).containsExactly("0/BASELINE", "1/SQL", "2/SQL");
    }
  }

  @Test
  void rowsWeWriteLookLikeTheReferenceRows() throws Exception {
    Instant now = Instant.parse("2026-12-02T08:00:00.000001Z");
    try (FlowStore store = open()) {
      AtomDetail charge = byName(store.atoms(CRASH)).get("charge");
      store.save(new Changes(List.of(), List.of(), List.of(new AtomDetail(charge.uuid(), CRASH, "charge",
          AtomType.TASK_DETAIL, charge.version(), AtomState.SUCCESS, Intention.EXECUTE, Optional.of("receipt-42-100"),
          Optional.empty(), Optional.empty(), Optional.empty(), Map.of("progress", 1.0), now, now))));
    }
    try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file);
        Statement statement = connection.createStatement();
        ResultSet row = statement.executeQuery("SELECT created_at, updated_at, results, meta, state, failure"
            + " FROM atomdetails WHERE parent_uuid = '" + CRASH + "' AND name = 'charge'")) {
      assertThat(row.next()).isTrue();
      assertThat(row.getString("created_at")).isEqualTo("2026-12-01 22:23:47.060173");
      assertThat(row.getString("updated_at")).isEqualTo("2026-12-02 08:00:00.000001");
      assertThat(row.getString("results")).isEqualTo("\"receipt-42-100\"");
      assertThat(row.getString("meta")).isEqualTo("{\"progress\":1.0}");
      assertThat(row.getString("state")).isEqualTo("SUCCESS");
      assertThat(row.getString("failure")).isNull();
    }
  }

  private List<String> rawRows() throws Exception {
    List<String> rows = new ArrayList<>();
    try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file);
        Statement statement = connection.createStatement()) {
      for (String table : List.of("logbooks", "flowdetails", "atomdetails")) {
        try (ResultSet row = statement.executeQuery("SELECT * FROM " + table + " ORDER BY uuid")) {
          int columns = row.getMetaData().getColumnCount();
          while (row.next()) {
            StringBuilder text = new StringBuilder(table);
            for (int i = 1; i <= columns; i++) {
              text.append('|').append(row.getString(i));
            }
            rows.add(text.toString());
          }
        }
      }
    }
    return rows;
  }

  private static Map<String, AtomDetail> byName(List<AtomDetail> atoms) {
    Map<String, AtomDetail> named = new java.util.LinkedHashMap<>();
    atoms.forEach(a -> named.put(a.name(), a));
    return named;
  }
}
