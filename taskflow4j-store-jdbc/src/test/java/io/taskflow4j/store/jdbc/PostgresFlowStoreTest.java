package io.taskflow4j.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.taskflow4j.persistence.AtomDetail;
import io.taskflow4j.persistence.Changes;
import io.taskflow4j.persistence.FlowStore;
import io.taskflow4j.persistence.FlowStoreContractTest;
import io.taskflow4j.persistence.StoreException;
import io.taskflow4j.state.AtomState;
import io.taskflow4j.state.FlowState;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The store contract against PostgreSQL, in a database of its own ({@code TASKFLOW4J_POSTGRES_URL},
 * skipped when unreachable unless {@code TASKFLOW4J_REQUIRE_POSTGRES=true}).
 */
class PostgresFlowStoreTest extends FlowStoreContractTest {

  private static TestServers.Scratch scratch;

  @BeforeAll
  static void createDatabase() {
    scratch = TestServers.Scratch.create(TestServers.postgresUrl(), "TASKFLOW4J_REQUIRE_POSTGRES", "PostgreSQL");
  }

  @AfterAll
  static void dropDatabase() {
    if (scratch != null) {
      scratch.drop();
    }
  }

  @Override
  protected FlowStore createStore() {
    scratch.clear();
    return FlowStores.open(scratch.storeUrl());
  }

  @Test
  void createsTheReferenceColumnTypes() throws Exception {
    try (Connection connection = TestServers.connect(io.taskflow4j.store.jdbc.internal.StoreUrl.parse(scratch.storeUrl()));
        Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery("SELECT column_name, data_type, udt_name FROM information_schema.columns"
            + " WHERE table_name = 'atomdetails' ORDER BY column_name")) {
      java.util.Map<String, String> types = new java.util.HashMap<>();
      while (rows.next()) {
        types.put(rows.getString(1), rows.getString(2) + "/" + rows.getString(3));
      }
      assertThat(types).containsEntry("results", "json/json").containsEntry("failure", "json/json")
          .containsEntry("meta", "json/json").containsEntry("atom_type", "USER-DEFINED/atom_types")
          .containsEntry("intention", "USER-DEFINED/intentions")
          .containsEntry("created_at", "timestamp without time zone/timestamp");
    }
  }

  @Test
  void timestampsAreReadAsPgjdbcReadsThemInTextAndInBinaryTransfer() throws Exception {
    List<Instant> times = List.of(Instant.parse("2026-12-01T21:08:42Z"), Instant.parse("2026-12-01T21:08:42.100Z"),
        Instant.parse("2026-12-01T21:08:42.120300Z"), Instant.parse("2026-12-01T21:08:42.000001Z"),
        Instant.parse("0001-01-01T00:00:00Z"), Instant.parse("+10000-01-01T00:00:00.5Z"),
        Instant.parse("-0001-06-01T12:00:00Z"));
    String bookUuid = id();
    String flowUuid = id();
    List<AtomDetail> atoms = new ArrayList<>();
    for (int i = 0; i < times.size(); i++) {
      atoms.add(task(id(), flowUuid, "t" + i, AtomState.PENDING, Optional.empty(), times.get(i)));
    }
    store.save(new Changes(List.of(book(bookUuid, "b", T0)), List.of(flow(flowUuid, bookUuid, "f", FlowState.PENDING, T0)),
        atoms));
    Map<String, Instant> expected = new HashMap<>();
    try (Connection connection = TestServers.connect(io.taskflow4j.store.jdbc.internal.StoreUrl.parse(scratch.storeUrl()));
        Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery("SELECT uuid, created_at FROM atomdetails")) {
      while (rows.next()) {
        expected.put(rows.getString(1), rows.getObject(2, LocalDateTime.class).toInstant(ZoneOffset.UTC));
      }
    }
    assertThat(expected).hasSize(times.size());
    // pgjdbc turns to binary transfer once a statement has run five times.
    for (int round = 0; round < 8; round++) {
      for (AtomDetail atom : store.atoms(flowUuid)) {
        assertThat(atom.createdAt()).as(atom.name()).isEqualTo(expected.get(atom.uuid()));
        assertThat(atom.updatedAt()).as(atom.name()).isEqualTo(expected.get(atom.uuid()));
      }
    }
    assertThat(expected.get(atoms.get(2).uuid())).isEqualTo(times.get(2));
  }

  @Test
  void anUnknownDatabaseIsNamed() {
    String base = scratch.storeUrl().substring(0, scratch.storeUrl().lastIndexOf('/') + 1);
    assertThatThrownBy(() -> FlowStores.open(base + "tf4j_no_such_database"))
        .isInstanceOf(StoreException.class)
        .hasMessageContaining("database 'tf4j_no_such_database' does not exist");
  }

  @Test
  void aUserWithoutWritePermissionIsToldSo() throws Exception {
    String role = "tf4j_reader_" + scratch.name().substring(5);
    scratch.execute("CREATE ROLE " + role + " LOGIN");
    try {
      // A fresh database, so that its public schema has no tables for the role to find.
      TestServers.Scratch other = TestServers.Scratch.create(scratch.adminUrl(), "TASKFLOW4J_REQUIRE_POSTGRES", "PostgreSQL");
      try {
        other.execute("REVOKE CREATE ON SCHEMA public FROM PUBLIC");
        String url = other.storeUrl().replaceFirst("://[^@]*@", "://" + role + "@");
        assertThatThrownBy(() -> FlowStores.open(url))
            .isInstanceOf(StoreException.class)
            .hasMessageContaining("no permission");
      } finally {
        other.drop();
      }
    } finally {
      scratch.execute("DROP ROLE " + role);
    }
  }
}
