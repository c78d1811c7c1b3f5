package io.taskflow4j.transport.amqp.internal;

import io.taskflow4j.internal.Threads;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.Recoverable;
import com.rabbitmq.client.RecoveryListener;
import com.rabbitmq.client.ShutdownSignalException;
import io.taskflow4j.transport.Message;
import io.taskflow4j.transport.MessageProperties;
import io.taskflow4j.transport.MessageHandler;
import io.taskflow4j.transport.Subscription;
import io.taskflow4j.transport.Transport;
import io.taskflow4j.transport.TransportException;
import java.io.IOException;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.SSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The machinery behind {@code AmqpTransport}: a consuming connection that recovers by itself
 * (connection, channels, declarations, consumers, prefetch), and a {@link Publisher} with a
 * connection of its own that it re-opens when a publish fails. Two connections, as RabbitMQ
 * advises, so that a broker blocking publishers never holds up acknowledgements.
 *
 * <p>Thread-safe.
 */
public final class AmqpClient implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(AmqpClient.class);
  private static final int CHANNEL_RPC_TIMEOUT_MILLIS = 30_000;

  private final Settings settings;
  private final ExecutorService consumerThreads;
  private final boolean ownsConsumerThreads;
  private final Connection consuming;
  private final Publisher publisher;
  private final Set<AmqpSubscription> subscriptions = new LinkedHashSet<>();
  /** Exchanges our own consumed queues are bound to, with how many subscriptions hold each. */
  private final java.util.concurrent.ConcurrentHashMap<String, Integer> heldExchanges =
      new java.util.concurrent.ConcurrentHashMap<>();
  private final AtomicLong recoveries = new AtomicLong();
  private boolean closing;
  private volatile boolean closed;

  private final boolean expirationsAreTimesToLive;

  private AmqpClient(Settings settings) {
    this.settings = settings;
    this.ownsConsumerThreads = settings.executor().isEmpty();
    this.consumerThreads =
        settings.executor().orElseGet(() -> Executors.newCachedThreadPool(
            Threads.daemon("taskflow4j-amqp-consumer-" + settings.connectionName())));
    Connection opened = null;
    try {
      opened = factory(true).newConnection(settings.connectionName() + "-consume");
      this.publisher = new Publisher(settings, factory(false), this::holdsExchange);
    } catch (IOException | TimeoutException | RuntimeException e) {
      if (opened != null) {
        opened.abort();
      }
      if (ownsConsumerThreads) {
        consumerThreads.shutdownNow();
      }
      throw new TransportException("could not connect to " + settings.url() + ": " + Failures.describe(e), e);
    }
    this.consuming = opened;
    this.expirationsAreTimesToLive = isRabbitMq(opened);
    if (!expirationsAreTimesToLive) {
      LOG.info("the broker at {} is not RabbitMQ and may read a message's expiration as an absolute "
          + "time; messages go without one", settings.url());
    }
    consuming.addShutdownListener(signal -> {
      if (!signal.isInitiatedByApplication()) {
        LOG.warn("consuming connection to {} lost ({}); recovering", settings.url(), Failures.describe(signal));
      }
    });
    if (consuming instanceof Recoverable recoverable) {
      recoverable.addRecoveryListener(new RecoveryListener() {
        @Override
        public void handleRecovery(Recoverable recovered) {
          recoveries.incrementAndGet();
          LOG.info("consuming connection to {} recovered", settings.url());
        }

        @Override
        public void handleRecoveryStarted(Recoverable recovering) {
          LOG.debug("recovering the consuming connection to {}", settings.url());
        }
      });
    }
  }

  /**
   * Connects to the broker.
   *
   * @param settings validated settings
   * @return the connected client
   * @throws TransportException when the broker cannot be reached or refuses the login
   */
  public static AmqpClient connect(Settings settings) {
    return new AmqpClient(settings);
  }

  /**
   * Publishes a message (contract sections 1 and 2).
   *
   * @param exchange the exchange
   * @param routingKey the destination topic
   * @param message the message
   */
  public void publish(String exchange, String routingKey, Message message) {
    Topology.checkNames(exchange, routingKey);
    if (closed) {
      throw new TransportException("transport " + settings.url() + " is closed");
    }
    publisher.publish(exchange, routingKey, Envelopes.toAmqp(sendable(message.properties())), message.body());
  }

  /**
   * Publishes a message; the future completes on the broker's confirm, or at once without
   * confirms.
   *
   * @param exchange the exchange
   * @param routingKey the destination topic
   * @param message the message
   * @return completes when the broker has the message, exceptionally with a TransportException
   */
  public CompletableFuture<Void> publishAsync(String exchange, String routingKey, Message message) {
    Topology.checkNames(exchange, routingKey);
    if (closed) {
      return CompletableFuture.failedFuture(new TransportException("transport " + settings.url() + " is closed"));
    }
    return publisher.publishAsync(
        exchange, routingKey, Envelopes.toAmqp(sendable(message.properties())), message.body());
  }

  private MessageProperties sendable(MessageProperties properties) {
    return !expirationsAreTimesToLive && properties.expiration().isPresent()
        ? properties.withoutExpiration()
        : properties;
  }

  // AMQP 0-9-1 leaves the meaning of 'expiration' to the broker: RabbitMQ (and the reference's
  // peers) read it as a time to live, while Qpid Broker-J reads it as an absolute time.
  private static boolean isRabbitMq(Connection connection) {
    Object product = connection.getServerProperties().get("product");
    return product != null && product.toString().contains("RabbitMQ");
  }

  /**
   * Starts consuming a topic's queue.
   *
   * @param exchange the exchange
   * @param topic the topic
   * @param handler the handler
   * @return the running subscription
   */
  public Subscription consume(String exchange, String topic, MessageHandler handler) {
    Topology.checkNames(exchange, topic);
    AmqpSubscription subscription;
    synchronized (this) {
      if (closing) {
        throw new TransportException("transport " + settings.url() + " is closed");
      }
      subscription = new AmqpSubscription(this, consuming, settings, exchange, topic, handler);
      subscriptions.add(subscription);
    }
    try {
      subscription.start();
      heldExchanges.merge(exchange, 1, Integer::sum);
    } catch (IOException | ShutdownSignalException e) {
      synchronized (this) {
        subscriptions.remove(subscription);
      }
      throw new TransportException(
          "could not consume queue " + Transport.queueName(exchange, topic) + " on " + settings.url() + ": "
              + Failures.describe(e),
          e);
    }
    return subscription;
  }

  /**
   * How many times the consuming connection recovered, for diagnostics and tests.
   *
   * @return the count
   */
  public long recoveries() {
    return recoveries.get();
  }

  /**
   * Whether the consuming connection is open right now (it is not while it recovers).
   *
   * @return true when connected
   */
  public boolean isConnected() {
    return consuming.isOpen();
  }

  /**
   * Stops consumers, waits for their running handlers, closes the consuming connection, then the
   * publishing one: until then running handlers can still publish their answers. Idempotent.
   */
  @Override
  public void close() {
    List<AmqpSubscription> open;
    synchronized (this) {
      if (closing) {
        return;
      }
      closing = true;
      open = new ArrayList<>(subscriptions);
    }
    for (AmqpSubscription subscription : open) {
      subscription.close();
    }
    try {
      consuming.close((int) settings.shutdownTimeout().toMillis());
    } catch (IOException | ShutdownSignalException e) {
      LOG.debug("closing the consuming connection to {}: {}", settings.url(), Failures.describe(e));
      consuming.abort();
    }
    closed = true;
    publisher.close();
    if (!ownsConsumerThreads) {
      // The caller's executor is the caller's to shut down.
      return;
    }
    consumerThreads.shutdown();
    try {
      if (!consumerThreads.awaitTermination(settings.shutdownTimeout().toMillis(), TimeUnit.MILLISECONDS)) {
        consumerThreads.shutdownNow();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  void forget(AmqpSubscription subscription) {
    boolean removed;
    synchronized (this) {
      removed = subscriptions.remove(subscription);
    }
    if (removed) {
      heldExchanges.computeIfPresent(subscription.exchange(), (name, count) -> count == 1 ? null : count - 1);
    }
  }

  /**
   * Whether an exchange cannot have been auto-deleted: one of our own queues is bound to it and
   * the connection that keeps that queue alive is open. Publishing then needs no redeclaration.
   */
  private boolean holdsExchange(String exchange) {
    return heldExchanges.containsKey(exchange) && consuming != null && consuming.isOpen();
  }

  private ConnectionFactory factory(boolean recovering) {
    ConnectionFactory factory = new ConnectionFactory();
    factory.setHost(settings.url().host());
    factory.setPort(settings.url().port());
    factory.setUsername(settings.url().username());
    factory.setPassword(settings.url().password());
    factory.setVirtualHost(settings.url().virtualHost());
    factory.setConnectionTimeout((int) settings.connectionTimeout().toMillis());
    factory.setHandshakeTimeout((int) settings.connectionTimeout().toMillis());
    factory.setChannelRpcTimeout(CHANNEL_RPC_TIMEOUT_MILLIS);
    factory.setThreadFactory(Threads.daemon("taskflow4j-amqp-" + settings.connectionName()));
    factory.setSharedExecutor(consumerThreads);
    factory.setAutomaticRecoveryEnabled(recovering);
    factory.setTopologyRecoveryEnabled(recovering);
    factory.setNetworkRecoveryInterval(settings.recoveryInterval().toMillis());
    if (settings.url().tls()) {
      try {
        factory.useSslProtocol(settings.sslContext().isPresent() ? settings.sslContext().get() : SSLContext.getDefault());
      } catch (NoSuchAlgorithmException e) {
        throw new TransportException("no TLS support in this JVM for " + settings.url(), e);
      }
      factory.enableHostnameVerification();
    }
    return factory;
  }
}
