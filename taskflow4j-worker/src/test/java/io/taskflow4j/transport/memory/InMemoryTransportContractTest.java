package io.taskflow4j.transport.memory;

import io.taskflow4j.transport.Transport;
import io.taskflow4j.transport.TransportContractTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** The in-memory transport passes the transport contract. */
class InMemoryTransportContractTest extends TransportContractTest {

  private InMemoryBroker broker;

  @BeforeEach
  void startBroker() {
    broker = InMemoryBroker.builder().name("contract").build();
  }

  @AfterEach
  void stopBroker() {
    broker.close();
  }

  @Override
  protected Transport newTransport(int prefetch) {
    return broker.transport(prefetch);
  }
}
