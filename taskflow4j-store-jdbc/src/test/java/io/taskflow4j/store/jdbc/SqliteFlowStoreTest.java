package io.taskflow4j.store.jdbc;

import io.taskflow4j.persistence.FlowStore;
import io.taskflow4j.persistence.FlowStoreContractTest;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The store contract, run against a fresh SQLite file per test. */
class SqliteFlowStoreTest extends FlowStoreContractTest {

  @TempDir Path dir;

  @Override
  protected FlowStore createStore() {
    return FlowStores.open("sqlite:" + dir.resolve("flows.db"));
  }
}
