package io.taskflow4j.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.taskflow4j.persistence.FlowStore;
import io.taskflow4j.persistence.FlowStoreContractTest;
import io.taskflow4j.persistence.StoreException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
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
