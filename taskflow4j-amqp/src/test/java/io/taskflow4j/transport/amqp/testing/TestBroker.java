package io.taskflow4j.transport.amqp.testing;

import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import io.taskflow4j.transport.amqp.AmqpUrl;
import java.io.IOException;
import java.util.Objects;
import java.util.concurrent.TimeoutException;

/**
 * An AMQP 0-9-1 broker that tests can use: the live RabbitMQ or the embedded Qpid. Obtain one from
 * {@link TestBrokers} or as a parameter with {@link TestBrokerExtension}. Thread-safe.
 */
public final class TestBroker {

  /** Which broker it is. */
  public enum Kind {
    /** The RabbitMQ at {@code TASKFLOW4J_AMQP_URL}. */
    RABBITMQ,
    /** Apache Qpid Broker-J inside the test JVM. */
    EMBEDDED_QPID
  }

  /** Closes connections from the broker's side. */
  interface ConnectionCloser {
    int close(String namePrefix);
  }

  private final Kind kind;
  private final String url;
  private final ConnectionCloser closer;

  TestBroker(Kind kind, String url, ConnectionCloser closer) {
    this.kind = Objects.requireNonNull(kind, "kind");
    this.url = Objects.requireNonNull(url, "url");
    this.closer = Objects.requireNonNull(closer, "closer");
  }

  /**
   * Which broker this is.
   *
   * @return the kind
   */
  public Kind kind() {
    return kind;
  }

  /**
   * The URL to connect to, with credentials.
   *
   * @return such as {@code amqp://guest:guest@127.0.0.1:5672/}
   */
  public String url() {
    return url;
  }

  /**
   * Closes, from the broker's side (as an operator would, with {@code rabbitmqctl
   * close_connection}), every connection whose client-provided name starts with a prefix. The AMQP transport names its connections {@code <connectionName>-consume}
   * and {@code <connectionName>-publish}.
   *
   * @param connectionNamePrefix the prefix, not blank
   * @return how many connections were closed
   * @throws IllegalStateException when the broker could not be asked ({@code rabbitmqctl} failed)
   * @throws UnsupportedOperationException on the embedded Qpid, which does not show client
   *     connection names (use {@link TcpProxy} to cut connections there)
   */
  public int closeConnections(String connectionNamePrefix) {
    if (connectionNamePrefix.isBlank()) {
      throw new IllegalArgumentException("connectionNamePrefix must not be blank");
    }
    return closer.close(connectionNamePrefix);
  }

  /**
   * Opens a plain amqp-client connection to the broker (no recovery), to look at the broker the
   * way a peer does: raw properties, passive declarations, deleting queues.
   *
   * @param connectionName the name the broker shows
   * @return an open connection; the caller closes it
   * @throws IOException when the broker cannot be reached
   * @throws TimeoutException when connecting takes too long
   */
  public Connection openConnection(String connectionName) throws IOException, TimeoutException {
    AmqpUrl parsed = AmqpUrl.parse(url);
    ConnectionFactory factory = new ConnectionFactory();
    factory.setHost(parsed.host());
    factory.setPort(parsed.port());
    factory.setUsername(parsed.username());
    factory.setPassword(parsed.password());
    factory.setVirtualHost(parsed.virtualHost());
    factory.setAutomaticRecoveryEnabled(false);
    return factory.newConnection(connectionName);
  }

  @Override
  public String toString() {
    return kind + " at " + url.replaceFirst("://([^:@/]+):[^@/]*@", "://$1@");
  }
}
