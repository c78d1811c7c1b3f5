package io.taskflow4j.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.taskflow4j.persistence.AtomDetail;
import io.taskflow4j.persistence.AtomType;
import io.taskflow4j.persistence.Changes;
import io.taskflow4j.persistence.FlowDetail;
import io.taskflow4j.persistence.FlowQuery;
import io.taskflow4j.persistence.FlowStore;
import io.taskflow4j.persistence.Intention;
import io.taskflow4j.persistence.LogBook;
import io.taskflow4j.persistence.StoreException;
import io.taskflow4j.state.AtomState;
import io.taskflow4j.state.FlowState;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a store says when the database is unreachable, newer, or holds rows it cannot read. */
class BadInputTest {

  private static final Instant NOW = Instant.parse("2026-12-01T21:08:42.128893Z");
  private static final String FLOW = "flow-1";
  private static final String ATOM = "atom-1";

  @TempDir Path dir;
  private Path file;

  @BeforeEach
  void writeOneFlow() {
    file = dir.resolve("flows.db");
    try (FlowStore store = FlowStores.open("sqlite:" + file)) {
      store.save(new Changes(List.of(LogBook.of("book-1", "book", NOW)),
          List.of(new FlowDetail(FLOW, "book-1", "flow", FlowState.RUNNING, Map.of(), NOW, NOW)),
          List.of(new AtomDetail(ATOM, FLOW, "task", AtomType.TASK_DETAIL, Optional.of("1.0"), AtomState.RUNNING,
              Intention.EXECUTE, Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
              Map.of("progress", 0.0), NOW, NOW))));
    }
  }

  private void sql(String statement) throws Exception {
    try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file);
        Statement s = connection.createStatement()) {
      s.execute(statement);
    }
  }

  private void assertAtomsFail(String column, String problem) {
    try (FlowStore store = FlowStores.open("sqlite:" + file)) {
      assertThatThrownBy(() -> store.atoms(FLOW))
          .isInstanceOf(StoreException.class)
          .hasMessageContaining("table atomdetails")
          .hasMessageContaining("row uuid " + ATOM)
          .hasMessageContaining("column " + column)
          .hasMessageContaining(problem);
    }
  }

  @Test
  void anUnknownAtomStateIsNamed() throws Exception {
    sql("UPDATE atomdetails SET state = 'EXPLODED'");
    assertAtomsFail("state", "unknown value 'EXPLODED'");
  }

  @Test
  void anUnknownIntentionOrAtomTypeIsNamed() throws Exception {
    sql("UPDATE atomdetails SET intention = 'MAYBE'");
    assertAtomsFail("intention", "unknown value 'MAYBE'");
    sql("UPDATE atomdetails SET intention = 'EXECUTE', atom_type = 'JOB_DETAIL'");
    assertAtomsFail("atom_type", "unknown value 'JOB_DETAIL'");
  }

  @Test
  void malformedJsonIsNamed() throws Exception {
    sql("UPDATE atomdetails SET results = '{\"a\": [1, 2'");
    assertAtomsFail("results", "malformed JSON");
    sql("UPDATE atomdetails SET results = NULL, meta = '[1]'");
    assertAtomsFail("meta", "a JSON object was expected");
    sql("UPDATE atomdetails SET meta = '{} {}'");
    assertAtomsFail("meta", "malformed JSON");
  }

  @Test
  void jsonBeyondTheParserLimitsIsRefused() throws Exception {
    sql("UPDATE atomdetails SET results = '" + "[".repeat(2000) + "]".repeat(2000) + "'");
    assertAtomsFail("results", "malformed JSON");
    sql("UPDATE atomdetails SET results = '" + "9".repeat(5000) + "'");
    assertAtomsFail("results", "malformed JSON");
  }

  @Test
  void aMalformedFailureDictionaryIsNamed() throws Exception {
    sql("UPDATE atomdetails SET failure = '{\"exc_type_names\": \"ValueError\", \"version\": 1}'");
    assertAtomsFail("failure", "not a valid failure dictionary");
    sql("UPDATE atomdetails SET failure = NULL, revert_failure = '\"boom\"'");
    assertAtomsFail("revert_failure", "a failure dictionary (JSON object) was expected");
  }

  @Test
  void aMalformedTimestampOrFlowStateIsNamed() throws Exception {
    sql("UPDATE atomdetails SET created_at = 'yesterday'");
    assertAtomsFail("created_at", "not a timestamp");
    sql("UPDATE flowdetails SET state = 'WEIRD'");
    try (FlowStore store = FlowStores.open("sqlite:" + file)) {
      assertThatThrownBy(() -> store.flow(FLOW)).isInstanceOf(StoreException.class)
          .hasMessageContaining("table flowdetails").hasMessageContaining("row uuid " + FLOW)
          .hasMessageContaining("column state");
      assertThatThrownBy(() -> store.flows(FlowQuery.all())).isInstanceOf(StoreException.class)
          .hasMessageContaining("column state");
    }
  }

  @Test
  void aFlowDetailWithoutStateAsTheReferenceSavesOneNotYetRunReadsAsPending() throws Exception {
    sql("UPDATE flowdetails SET state = NULL");
    try (FlowStore store = FlowStores.open("sqlite:" + file)) {
      assertThat(store.flow(FLOW).orElseThrow().state()).isEqualTo(FlowState.PENDING);
      assertThat(store.flows(FlowQuery.all().withStates(Set.of(FlowState.PENDING)))).hasSize(1);
      assertThat(store.flows(FlowQuery.all().withStates(Set.of(FlowState.RUNNING)))).isEmpty();
    }
  }

  @Test
  void jsonNullAndSqlNullResultsBothReadAsEmpty() throws Exception {
    sql("UPDATE atomdetails SET results = 'null', revert_results = NULL");
    try (FlowStore store = FlowStores.open("sqlite:" + file)) {
      AtomDetail atom = store.atoms(FLOW).get(0);
      assertThat(atom.results()).isEmpty();
      assertThat(atom.revertResults()).isEmpty();
    }
  }

  @Test
  void aSchemaFromANewerVersionIsRefused() throws Exception {
    sql("INSERT INTO taskflow4j_schema_history (installed_rank, version, description, type, script, checksum,"
        + " installed_by, installed_on, execution_time, success) VALUES (99, '7', 'from the future', 'SQL',"
        + " 'V7__future.sql', 0, 'someone', '2030-01-01 00:00:00', 1, 1)");
    assertThatThrownBy(() -> FlowStores.open("sqlite:" + file))
        .isInstanceOf(StoreException.class)
        .hasMessageContaining("schema version 7 is newer than this taskflow4j understands (2)");
  }

  @Test
  void aSqliteFileInAMissingDirectoryIsNamed() {
    Path missing = dir.resolve("no/such/dir/flows.db");
    assertThatThrownBy(() -> FlowStores.open("sqlite:" + missing))
        .isInstanceOf(StoreException.class)
        .hasMessageContaining(missing.toString());
    assertThat(Files.exists(missing)).isFalse();
  }

  @Test
  void aNonDatabaseFileIsRefused() throws Exception {
    Path text = dir.resolve("notes.txt");
    Files.writeString(text, "this is not a database, it is a text file that is long enough ".repeat(20));
    assertThatThrownBy(() -> FlowStores.open("sqlite:" + text)).isInstanceOf(StoreException.class)
        .hasMessageContaining("sqlite:" + text);
  }

  @Test
  void anUnreachablePostgresServerIsNamedByHostAndPort() {
    long started = System.nanoTime();
    assertThatThrownBy(() -> FlowStores.open("postgresql://postgres:hidden@127.0.0.1:1/test",
            JdbcStoreOptions.defaults().withConnectTimeout(Duration.ofSeconds(2))))
        .isInstanceOf(StoreException.class)
        .hasMessageContaining("cannot reach the database server at 127.0.0.1:1")
        .hasMessageNotContaining("hidden");
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(30));
  }

  @Test
  void anUnreachableMariaDbServerIsNamedByHostAndPort() {
    assertThatThrownBy(() -> FlowStores.open("mariadb://root:hidden@127.0.0.1:1/test",
            JdbcStoreOptions.defaults().withConnectTimeout(Duration.ofSeconds(2))))
        .isInstanceOf(StoreException.class)
        .hasMessageContaining("cannot reach the database server at 127.0.0.1:1")
        .hasMessageNotContaining("hidden");
  }

  @Test
  void unknownIdsGiveEmptyResults() {
    try (FlowStore store = FlowStores.open("sqlite:" + file)) {
      assertThat(store.flow("no-such-flow")).isEmpty();
      assertThat(store.atoms("no-such-flow")).isEmpty();
      assertThat(store.logBook("no-such-book")).isEmpty();
    }
  }

  @Test
  void optionsRefuseNonsense() {
    assertThatThrownBy(() -> JdbcStoreOptions.defaults().withPoolSize(0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> JdbcStoreOptions.defaults().withConnectTimeout(Duration.ofMillis(10)))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
