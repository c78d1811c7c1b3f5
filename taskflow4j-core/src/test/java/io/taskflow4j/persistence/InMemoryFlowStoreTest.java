package io.taskflow4j.persistence;

/** The store contract, run against the in-memory store. */
class InMemoryFlowStoreTest extends FlowStoreContractTest {

  @Override
  protected FlowStore createStore() {
    return FlowStore.inMemory();
  }
}
