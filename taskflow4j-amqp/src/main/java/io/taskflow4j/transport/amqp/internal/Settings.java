package io.taskflow4j.transport.amqp.internal;

import io.taskflow4j.transport.amqp.AmqpUrl;
import io.taskflow4j.transport.amqp.PublishRetry;
import io.taskflow4j.transport.amqp.Sleeper;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import javax.net.ssl.SSLContext;

/**
 * The validated settings of one AMQP transport. Immutable.
 *
 * @param url where to connect
 * @param prefetch the most unsettled deliveries per consumer
 * @param publisherConfirms whether a publish waits for the broker's confirmation
 * @param confirmTimeout how long a publish waits for its confirmation
 * @param publishRetry how failed publishes are tried again
 * @param sleeper waits between publish retries
 * @param recoveryInterval the wait between attempts to recover the consuming connection
 * @param connectionTimeout how long opening a connection may take
 * @param shutdownTimeout how long closing waits for running handlers
 * @param connectionName the client-provided connection name prefix, shown by the broker
 * @param sslContext the TLS context for amqps, empty for the JVM's default
 * @param executor the caller's executor for handlers, never shut down; empty for a pool of the
 *     transport's own
 * @param durable whether the exchange and queues are durable (quorum queues) and survive a broker
 *     restart
 */
public record Settings(
    AmqpUrl url,
    int prefetch,
    boolean publisherConfirms,
    Duration confirmTimeout,
    PublishRetry publishRetry,
    Sleeper sleeper,
    Duration recoveryInterval,
    Duration connectionTimeout,
    Duration shutdownTimeout,
    String connectionName,
    Optional<SSLContext> sslContext,
    Optional<ExecutorService> executor,
    boolean durable) {

  /**
   * Checks that nothing is missing; the builder validates the values.
   *
   * @param url where to connect
   * @param prefetch the most unsettled deliveries per consumer
   * @param publisherConfirms whether a publish waits for the broker's confirmation
   * @param confirmTimeout how long a publish waits for its confirmation
   * @param publishRetry how failed publishes are tried again
   * @param sleeper waits between publish retries
   * @param recoveryInterval the wait between attempts to recover the consuming connection
   * @param connectionTimeout how long opening a connection may take
   * @param shutdownTimeout how long closing waits for running handlers
   * @param connectionName the client-provided connection name prefix, shown by the broker
   * @param sslContext the TLS context for amqps, empty for the JVM's default
   * @param executor the caller's executor for handlers, never shut down; empty for a pool of the transport's own
   * @param durable whether the exchange and queues are durable (quorum queues) and survive a broker restart
   */
  public Settings {
    Objects.requireNonNull(url, "url");
    Objects.requireNonNull(confirmTimeout, "confirmTimeout");
    Objects.requireNonNull(publishRetry, "publishRetry");
    Objects.requireNonNull(sleeper, "sleeper");
    Objects.requireNonNull(recoveryInterval, "recoveryInterval");
    Objects.requireNonNull(connectionTimeout, "connectionTimeout");
    Objects.requireNonNull(shutdownTimeout, "shutdownTimeout");
    Objects.requireNonNull(connectionName, "connectionName");
    Objects.requireNonNull(sslContext, "sslContext");
    Objects.requireNonNull(executor, "executor");
  }
}
