package io.taskflow4j.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.taskflow4j.persistence.FlowStore;
import io.taskflow4j.persistence.FlowStoreContractTest;
import io.taskflow4j.persistence.StoreException;
import io.taskflow4j.store.jdbc.internal.StoreUrl;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The store contract against MariaDB, in a database of its own ({@code TASKFLOW4J_MARIADB_URL},
 * skipped when unreachable unless {@code TASKFLOW4J_REQUIRE_MARIADB=true}).
 */
class MariaDbFlowStoreTest extends FlowStoreContractTest {

  private static TestServers.Scratch scratch;

  @BeforeAll
  static void createDatabase() {
    scratch = TestServers.Scratch.create(TestServers.mariaDbUrl(), "TASKFLOW4J_REQUIRE_MARIADB", "MariaDB");
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
  void aWrongPasswordIsToldSoWithoutShowingIt() {
    StoreUrl admin = StoreUrl.parse(scratch.storeUrl());
    String url = "mysql://" + admin.user().orElse("root") + ":Wr0ngSecret@" + admin.server().orElseThrow() + "/"
        + scratch.name();
    assertThatThrownBy(() -> FlowStores.open(url))
        .isInstanceOf(StoreException.class)
        .hasMessageContaining("refused the user name or password")
        .hasMessageNotContaining("Wr0ngSecret");
  }

  @Test
  void anUnknownDatabaseIsNamed() {
    String base = scratch.storeUrl().substring(0, scratch.storeUrl().lastIndexOf('/') + 1);
    assertThatThrownBy(() -> FlowStores.open(base + "tf4j_no_such_database"))
        .isInstanceOf(StoreException.class)
        .hasMessageContaining("database 'tf4j_no_such_database' does not exist");
  }

  @Test
  void describeShowsNoPassword() {
    StoreUrl admin = StoreUrl.parse(scratch.storeUrl());
    assertThat(StoreUrl.parse("mariadb://root:s3cret@" + admin.server().orElseThrow() + "/x").description())
        .isEqualTo("mariadb://root@" + admin.server().orElseThrow() + "/x");
  }
}
