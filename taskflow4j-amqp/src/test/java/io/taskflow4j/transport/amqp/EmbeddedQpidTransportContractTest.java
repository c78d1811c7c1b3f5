package io.taskflow4j.transport.amqp;

import io.taskflow4j.transport.Transport;
import io.taskflow4j.transport.TransportContractTest;
import io.taskflow4j.transport.amqp.testing.TestBroker;
import io.taskflow4j.transport.amqp.testing.TestBrokers;
import org.junit.jupiter.api.BeforeAll;

/** The AMQP transport passes the transport contract on the embedded Qpid broker (always runs). */
class EmbeddedQpidTransportContractTest extends TransportContractTest {

  private static TestBroker broker;

  @BeforeAll
  static void startQpid() {
    broker = TestBrokers.embeddedQpid();
  }

  @Override
  protected Transport newTransport(int prefetch) {
    return AmqpTransport.builder(broker.url()).prefetch(prefetch).connectionName("tf4j-contract").build();
  }

  /**
   * Qpid Broker-J reads AMQP 0-9-1's {@code expiration} as an absolute time in milliseconds since
   * 1970, where RabbitMQ (and the reference's peers) read it as a time to live, so on Qpid every
   * expiring message is already past its time. The case runs on RabbitMQ and in memory; this
   * embedded broker only stands in for RabbitMQ on machines without one. Overridden without
   * {@code @Test}, so it is not a case here.
   */
  @Override
  protected void aMessageThatExpiredWhileWaitingIsDroppedAndTheRestArrive() {}
}
