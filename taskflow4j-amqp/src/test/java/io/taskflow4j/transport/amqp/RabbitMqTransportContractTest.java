package io.taskflow4j.transport.amqp;

import io.taskflow4j.transport.Transport;
import io.taskflow4j.transport.TransportContractTest;
import io.taskflow4j.transport.amqp.testing.TestBroker;
import io.taskflow4j.transport.amqp.testing.TestBrokers;
import org.junit.jupiter.api.BeforeEach;

/**
 * The AMQP transport passes the transport contract on the live RabbitMQ. Skipped when RabbitMQ does
 * not answer, unless {@code TASKFLOW4J_REQUIRE_RABBITMQ=true}, when it fails.
 */
class RabbitMqTransportContractTest extends TransportContractTest {

  private TestBroker broker;

  @BeforeEach
  void findRabbitMq() {
    broker = TestBrokers.rabbitMqOrSkip();
  }

  @Override
  protected Transport newTransport(int prefetch) {
    return AmqpTransport.builder(broker.url()).prefetch(prefetch).connectionName("tf4j-contract").build();
  }
}
