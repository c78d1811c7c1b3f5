package io.taskflow4j.transport.amqp.internal;

import io.taskflow4j.internal.Futures;
import io.taskflow4j.internal.Threads;
import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.BlockedListener;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.Return;
import com.rabbitmq.client.ShutdownSignalException;
import io.taskflow4j.transport.Transport;
import io.taskflow4j.transport.TransportException;
import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes on one channel of a connection of its own, as the reference does: the destination
 * queue is declared before each publish, so a message sent before its consumer starts is kept.
 *
 * <p>Declarations are cached per channel: the first publish to a destination declares exchange,
 * queue and binding and waits for the broker; later ones only re-declare the exchange without
 * waiting (cheap) and publish with the {@code mandatory} flag. A queue is auto-delete, so it goes
 * away when its last consumer leaves; a message then finds no queue and the broker returns it: the
 * publisher forgets the cached declaration, declares again and publishes the message once more, so
 * it is kept as the reference keeps it. A new channel (after a failure) starts with an empty cache.
 *
 * <p>The connection does not recover by itself: when a publish fails for a connection or channel
 * error, it is retried after the {@link io.taskflow4j.transport.amqp.PublishRetry} wait on a new
 * channel, opening a new connection when needed (the reference's {@code ensure}). Nothing is
 * recorded for topology recovery, so destinations of departed peers are never re-declared.
 *
 * <p>Thread-safe: an AMQP channel must not be used by several threads at once, so publishes are
 * serialised by a lock (held while writing, not while awaiting a confirm). This also keeps the
 * messages of one transport in publishing order.
 */
final class Publisher implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(Publisher.class);
  private static final int CACHED_DECLARATIONS = 4096;

  private final Settings settings;
  private final ConnectionFactory factory;
  private final ReentrantLock lock = new ReentrantLock();
  private final java.util.function.Predicate<String> exchangeHeld;
  private final ExecutorService republisher;

  // Guarded by lock.
  private Connection connection;
  private Channel channel;
  private Confirms confirms;
  private Map<String, Boolean> declared;
  private boolean closed;

  Publisher(Settings settings, ConnectionFactory factory, java.util.function.Predicate<String> exchangeHeld)
      throws IOException, TimeoutException {
    this.settings = settings;
    this.exchangeHeld = exchangeHeld;
    this.factory = factory;
    this.republisher =
        Executors.newSingleThreadExecutor(Threads.daemon("taskflow4j-amqp-republish-" + settings.connectionName()));
    lock.lock();
    try {
      openChannel();
    } catch (IOException | TimeoutException | RuntimeException e) {
      republisher.shutdownNow();
      throw e;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Publishes a message, retrying connection and channel failures as the settings say.
   *
   * @throws TransportException when every attempt failed, or the failure cannot be retried
   */
  void publish(String exchange, String routingKey, AMQP.BasicProperties properties, byte[] body) {
    publishWithRetry(exchange, routingKey, properties, body, false);
  }

  /** Closes the channel and the connection, after messages being published again are out. */
  @Override
  public void close() {
    republisher.shutdown();
    try {
      if (!republisher.awaitTermination(settings.shutdownTimeout().toMillis(), TimeUnit.MILLISECONDS)) {
        LOG.warn("publisher {}: returned messages still being published again at close", settings.url());
        republisher.shutdownNow();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    lock.lock();
    try {
      closed = true;
      closeConnection();
    } finally {
      lock.unlock();
    }
  }

  // ---------------------------------------------------------------------------------------------

  private void publishWithRetry(
      String exchange, String routingKey, AMQP.BasicProperties properties, byte[] body, boolean again) {
    String queue = Transport.queueName(exchange, routingKey);
    int retries = 0;
    while (true) {
      try {
        publishOnce(exchange, routingKey, properties, body, again);
        return;
      } catch (IOException | TimeoutException | ShutdownSignalException e) {
        int maxRetries = settings.publishRetry().maxRetries();
        if (!Failures.retryable(e) || retries >= maxRetries) {
          throw new TransportException(
              "could not publish to queue " + queue + " on " + settings.url() + " after "
                  + (retries + 1) + (retries == 0 ? " attempt: " : " attempts: ") + Failures.describe(e),
              e);
        }
        retries++;
        dropBrokenConnection(e);
        Duration wait = settings.publishRetry().interval(retries);
        LOG.warn(
            "publish to queue {} on {} failed ({}); retry {} of {} in {} ms",
            queue, settings.url(), Failures.describe(e), retries, maxRetries, wait.toMillis());
        try {
          settings.sleeper().sleep(wait);
        } catch (InterruptedException interrupted) {
          Thread.currentThread().interrupt();
          throw new TransportException("interrupted while waiting to publish to queue " + queue, interrupted);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new TransportException("interrupted while awaiting the broker's confirm for queue " + queue, e);
      }
    }
  }

  private void publishOnce(
      String exchange, String routingKey, AMQP.BasicProperties properties, byte[] body, boolean again)
      throws IOException, TimeoutException, InterruptedException {
    CompletableFuture<Void> confirmation = send(exchange, routingKey, properties, body, again);
    if (confirmation != null) {
      awaitConfirm(confirmation);
    }
  }

  /**
   * Publishes a message; the future completes on the broker's confirm, or at once without
   * confirms. A message that cannot be sent now, that the broker refuses or whose channel closes
   * before its confirm is published again, with the usual retries, on the republishing thread, so
   * the caller never waits.
   */
  CompletableFuture<Void> publishAsync(
      String exchange, String routingKey, AMQP.BasicProperties properties, byte[] body) {
    CompletableFuture<Void> confirmation;
    try {
      confirmation = send(exchange, routingKey, properties, body, false);
    } catch (IOException | TimeoutException | ShutdownSignalException e) {
      return retryLater(exchange, routingKey, properties, body, e);
    }
    if (confirmation == null) {
      return CompletableFuture.completedFuture(null);
    }
    CompletableFuture<Void> confirmed = new CompletableFuture<>();
    confirmation
        .orTimeout(settings.confirmTimeout().toMillis(), TimeUnit.MILLISECONDS)
        .whenComplete((ok, failure) -> {
          if (failure == null) {
            confirmed.complete(null);
          } else {
            retryLater(exchange, routingKey, properties, body, failure).whenComplete((again, lastFailure) -> {
              if (lastFailure == null) {
                confirmed.complete(null);
              } else {
                confirmed.completeExceptionally(lastFailure);
              }
            });
          }
        });
    return confirmed;
  }

  private CompletableFuture<Void> retryLater(
      String exchange, String routingKey, AMQP.BasicProperties properties, byte[] body, Throwable failure) {
    Throwable cause = Futures.unwrap(failure);
    String queue = Transport.queueName(exchange, routingKey);
    if (!(cause instanceof TimeoutException) && !Failures.retryable(cause)) {
      return CompletableFuture.failedFuture(new TransportException(
          "could not publish to queue " + queue + " on " + settings.url() + ": " + Failures.describe(cause), cause));
    }
    LOG.debug("publish to queue {} failed ({}); publishing it again", queue, Failures.describe(cause));
    try {
      return CompletableFuture.runAsync(
          () -> publishWithRetry(exchange, routingKey, properties, body, false), republisher);
    } catch (RejectedExecutionException e) {
      return CompletableFuture.failedFuture(new TransportException(
          "could not publish to queue " + queue + ": the transport closed", cause));
    }
  }

  /** Publishes once under the lock; returns the confirm awaited, or null without confirms. */
  private CompletableFuture<Void> send(
      String exchange, String routingKey, AMQP.BasicProperties properties, byte[] body, boolean again)
      throws IOException, TimeoutException {
    lock.lock();
    try {
      Channel current = channel();
      String destination = exchange + '\u0000' + routingKey;
      if (again) {
        declared.remove(destination);
      }
      if (declared.get(destination) != null) { // get, not containsKey: keeps it recently used
        // An auto-delete exchange goes with its last binding; while one of our own queues is bound
        // to it the redeclaration (a broker operation per message) can be skipped.
        if (!exchangeHeld.test(exchange)) {
          Topology.declareExchangeNoWait(current, exchange, settings.durable());
        }
      } else {
        Topology.declare(current, exchange, routingKey, settings.durable());
        declared.put(destination, Boolean.TRUE);
      }
      long sequenceNumber = current.getNextPublishSeqNo();
      CompletableFuture<Void> confirmation =
          settings.publisherConfirms() ? confirms.expect(sequenceNumber) : null;
      try {
        // A message published again follows a fresh declaration: it needs no return.
        current.basicPublish(exchange, routingKey, !again, properties, body);
      } catch (IOException | RuntimeException e) {
        if (confirmation != null) {
          confirms.forget(sequenceNumber);
        }
        throw e;
      }
      return confirmation;
    } finally {
      lock.unlock();
    }
  }

  private void awaitConfirm(CompletableFuture<Void> confirmation)
      throws IOException, TimeoutException, InterruptedException {
    try {
      confirmation.get(settings.confirmTimeout().toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof ShutdownSignalException signal) {
        throw signal;
      }
      throw cause instanceof IOException io ? io : new IOException(Failures.describe(cause), cause);
    } catch (TimeoutException e) {
      throw new TimeoutException("no confirm from the broker within " + settings.confirmTimeout().toMillis() + " ms");
    }
  }

  /**
   * After a failure that is not the broker closing just the channel (a write to a dead socket, a
   * confirm that never came), forgets the connection: the client may not have noticed yet that it
   * is gone, and the retry must not write to it again.
   */
  private void dropBrokenConnection(Exception failure) {
    if (failure instanceof ShutdownSignalException signal && !signal.isHardError()) {
      return;
    }
    lock.lock();
    try {
      if (connection != null) {
        connection.abort();
        connection = null;
        channel = null;
      }
    } finally {
      lock.unlock();
    }
  }

  /** The current channel, opening a new one (and a new connection) when it is gone. Under lock. */
  private Channel channel() throws IOException, TimeoutException {
    if (closed) {
      throw new TransportException("transport " + settings.url() + " is closed");
    }
    if (channel == null || !channel.isOpen()) {
      openChannel();
    }
    return channel;
  }

  private void openChannel() throws IOException, TimeoutException {
    if (connection == null || !connection.isOpen()) {
      closeConnection();
      connection = factory.newConnection(settings.connectionName() + "-publish");
      Connection opened = connection;
      opened.addShutdownListener(signal -> {
        if (!signal.isInitiatedByApplication()) {
          LOG.warn("publishing connection to {} lost: {}", settings.url(), Failures.describe(signal));
        }
      });
      opened.addBlockedListener(new BlockedListener() {
        @Override
        public void handleBlocked(String reason) {
          LOG.warn("broker {} blocks publishing: {}", settings.url(), reason);
        }

        @Override
        public void handleUnblocked() {
          LOG.info("broker {} accepts publishing again", settings.url());
        }
      });
    }
    Channel opened = connection.createChannel();
    if (opened == null) {
      throw new IOException("the broker allows no more channels on this connection");
    }
    Confirms awaited = new Confirms();
    if (settings.publisherConfirms()) {
      opened.confirmSelect();
      opened.addConfirmListener(awaited);
    }
    opened.addShutdownListener(awaited::failAll);
    opened.addReturnListener(this::returned);
    channel = opened;
    confirms = awaited;
    declared = new LinkedHashMap<>(64, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
        return size() > CACHED_DECLARATIONS;
      }
    };
  }

  /** On the connection's thread: a message found no queue. Publish it again from our own thread. */
  private void returned(Return returned) {
    String queue = Transport.queueName(returned.getExchange(), returned.getRoutingKey());
    LOG.debug("queue {} was gone ({}); declaring it again", queue, returned.getReplyText());
    try {
      republisher.execute(() -> {
        try {
          publishWithRetry(
              returned.getExchange(), returned.getRoutingKey(), returned.getProperties(), returned.getBody(), true);
        } catch (TransportException e) {
          LOG.error("a message for queue {} is lost: {}", queue, e.getMessage());
        }
      });
    } catch (RejectedExecutionException e) {
      LOG.error("a message for queue {} is lost: it found no queue while the transport closed", queue);
    }
  }

  private void closeConnection() {
    if (connection != null) {
      try {
        connection.close((int) settings.shutdownTimeout().toMillis());
      } catch (IOException | ShutdownSignalException e) {
        LOG.debug("closing the publishing connection to {}: {}", settings.url(), Failures.describe(e));
        connection.abort();
      }
    }
    connection = null;
    channel = null;
  }
}
