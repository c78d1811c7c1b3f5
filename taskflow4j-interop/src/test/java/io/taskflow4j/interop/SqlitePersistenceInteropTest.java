package io.taskflow4j.interop;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.taskflow4j.persistence.FlowQuery;
import io.taskflow4j.persistence.FlowStore;
import io.taskflow4j.persistence.LogBook;
import io.taskflow4j.state.FlowState;
import io.taskflow4j.store.jdbc.FlowStores;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Persistence interop with the reference on SQLite files, and the reference's vector logbooks
 * (a SQLite database its SQL backend wrote).
 */
class SqlitePersistenceInteropTest extends PersistenceInteropContract {

  private static final String OK = "00000000-0000-0000-0000-0000000000f1";
  private static final String FAIL = "00000000-0000-0000-0000-0000000000f2";
  private static final String CRASH = "00000000-0000-0000-0000-0000000000f3";

  @Override
  String what() {
    return "SQLite";
  }

  @Override
  String[] pythonModules() {
    return new String[] {"sqlite3"};
  }

  @Override
  InteropDatabase newDatabase(String purpose) {
    return InteropDatabase.sqlite(directory.resolve(purpose + ".db"));
  }

  @Override
  void dropDatabase(InteropDatabase database) {
    // The files go with the temporary directory.
  }

  @Test
  void taskflow4jListsTheReferencesVectorLogbooksAndReadsThemAsTheReferenceDoes() throws Exception {
    Path copy = directory.resolve("reference-logbooks.sqlite");
    try (InputStream in = getClass().getResourceAsStream("/persistence/reference-logbooks.sqlite")) {
      assertThat(in).as("resource /persistence/reference-logbooks.sqlite").isNotNull();
      Files.copy(in, copy);
    }
    InteropDatabase vectors = InteropDatabase.sqlite(copy);
    JsonNode before = ReferencePersistence.run(directory, ReferencePersistence.READ_SCRIPT, vectors.sqlalchemyUrl());
    try (FlowStore store = FlowStores.open(vectors.storeUrl())) {
      assertThat(store.logBooks()).extracting(LogBook::name).containsExactly("book-ok", "book-fail", "book-crash");
      Map<String, FlowState> states = store.flows(FlowQuery.all()).stream()
          .collect(Collectors.toMap(s -> s.flow().name(), s -> s.flow().state()));
      assertThat(states).containsExactlyInAnyOrderEntriesOf(Map.of(
          "checkout-ok", FlowState.SUCCESS, "checkout-fail", FlowState.REVERTED, "checkout-crash", FlowState.RUNNING));
      for (String flow : List.of(OK, FAIL, CRASH)) {
        assertSameFlow(store, before, flow);
      }
    }
    // Opening the copy adopted it (taskflow4j's schema history); the reference still reads it unchanged.
    JsonNode after = ReferencePersistence.run(directory, ReferencePersistence.READ_SCRIPT, vectors.sqlalchemyUrl());
    assertThat(after).isEqualTo(before);
  }
}
