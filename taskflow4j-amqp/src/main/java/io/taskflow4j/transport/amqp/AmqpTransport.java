package io.taskflow4j.transport.amqp;

import io.taskflow4j.transport.Message;
import io.taskflow4j.transport.MessageHandler;
import io.taskflow4j.transport.Subscription;
import io.taskflow4j.transport.Transport;
import io.taskflow4j.transport.TransportException;
import io.taskflow4j.transport.amqp.internal.AmqpClient;
import io.taskflow4j.transport.amqp.internal.Settings;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import javax.net.ssl.SSLContext;

/**
 * The worker protocol over RabbitMQ (AMQP 0-9-1), wire-compatible with the reference's kombu
 * transport: a direct exchange and queues {@code <exchange>_<topic>}, all {@code durable=false,
 * auto_delete=true}, the destination queue declared before each publish, and the envelope exactly as
 * given in {@link io.taskflow4j.transport.MessageProperties} (an empty header table when there are
 * no headers).
 *
 * <pre>{@code
 * try (AmqpTransport transport = AmqpTransport.builder("amqp://guest:guest@127.0.0.1:5672/").build()) {
 *   transport.consume("default", "my-topic", delivery -> { ...; delivery.ack(); });
 *   transport.publish("default", "other-topic", message);
 * }
 * }</pre>
 *
 * <p><b>Connections.</b> Consumers share one connection that recovers by itself when lost: the
 * connection, each subscription's channel and prefetch, the declarations and the consumers come
 * back (amqp-client's automatic and topology recovery). Publishing has a connection of its own that
 * is opened again when a publish fails; failed publishes are retried as {@link PublishRetry} says.
 * While the consuming connection is down its auto-delete queues are gone on the broker; peers that
 * publish to them meanwhile declare them again, so those messages wait for the consumer's return.
 *
 * <p><b>Delivery guarantees.</b> At least once: a message can be delivered twice when a connection
 * fails between handling and acknowledging it, or when a publish is retried after the broker got
 * it. Without publisher confirms a publish returns once the message is written to the socket (as
 * in the reference), so a message written just as the connection dies can be lost; with them, a
 * publish returns once the broker has taken responsibility for it. While the broker blocks
 * publishers (a resource alarm), publishing waits, as in the reference.
 *
 * <p><b>Threads.</b> Thread-safe. Handlers run on the transport's consumer threads, one delivery at
 * a time per subscription; deliveries may be settled from any thread. An AMQP channel must not be
 * used by several threads at once: publishing goes through one channel guarded by a lock (also
 * keeping the transport's messages in publishing order), and each subscription has a channel of its
 * own. {@link #close()} stops the consumers, waits up to the shutdown timeout for running
 * handlers, closes the consuming connection and then the publishing one, so answers published by
 * running handlers still go out and nothing acknowledged is lost.
 */
public final class AmqpTransport implements Transport {

  /** The prefetch limit unless set otherwise. */
  public static final int DEFAULT_PREFETCH = 10;

  private final AmqpUrl url;
  private final AmqpClient client;

  private AmqpTransport(AmqpUrl url, AmqpClient client) {
    this.url = url;
    this.client = client;
  }

  /**
   * Connects with the default settings.
   *
   * @param url such as {@code amqp://guest:guest@127.0.0.1:5672/}
   * @return the connected transport
   * @throws IllegalArgumentException naming what is wrong with the URL
   * @throws TransportException when the broker cannot be reached or refuses the login
   */
  public static AmqpTransport connect(String url) {
    return builder(url).build();
  }

  /**
   * Starts building a transport.
   *
   * @param url such as {@code amqp://guest:guest@127.0.0.1:5672/} or {@code amqps://...} for TLS;
   *     validated by {@link Builder#build()}
   * @return a builder with the default settings
   */
  public static Builder builder(String url) {
    return new Builder(Objects.requireNonNull(url, "url"));
  }

  @Override
  public void publish(String exchange, String routingKey, Message message) {
    Objects.requireNonNull(exchange, "exchange");
    Objects.requireNonNull(routingKey, "routingKey");
    Objects.requireNonNull(message, "message");
    client.publish(exchange, routingKey, message);
  }

  /**
   * {@inheritDoc}
   *
   * <p>With publisher confirms (always in durable mode) the future completes on the broker's
   * confirm, so many messages can await theirs at once; a message the broker refuses, or whose
   * channel closes before its confirm, is published again on a thread of the transport.
   */
  @Override
  public CompletableFuture<Void> publishAsync(String exchange, String routingKey, Message message) {
    Objects.requireNonNull(exchange, "exchange");
    Objects.requireNonNull(routingKey, "routingKey");
    Objects.requireNonNull(message, "message");
    return client.publishAsync(exchange, routingKey, message);
  }

  @Override
  public Subscription consume(String exchange, String topic, MessageHandler handler) {
    Objects.requireNonNull(exchange, "exchange");
    Objects.requireNonNull(topic, "topic");
    Objects.requireNonNull(handler, "handler");
    return client.consume(exchange, topic, handler);
  }

  /**
   * The broker's URL without the password.
   *
   * @return such as {@code amqp://guest@127.0.0.1:5672/}
   */
  @Override
  public String describe() {
    return url.redacted();
  }

  /**
   * Where this transport connects.
   *
   * @return the parsed URL (its {@code toString} hides the password)
   */
  public AmqpUrl url() {
    return url;
  }

  /**
   * Whether the consuming connection is open right now; false while it recovers.
   *
   * @return true when connected
   */
  public boolean isConnected() {
    return client.isConnected();
  }

  /**
   * How many times the consuming connection was recovered since the transport started.
   *
   * @return the count
   */
  public long recoveries() {
    return client.recoveries();
  }

  /** Stops consumers, lets running handlers finish, then closes both connections. Idempotent. */
  @Override
  public void close() {
    client.close();
  }

  @Override
  public String toString() {
    return "AmqpTransport[" + describe() + "]";
  }

  /**
   * Builds an {@link AmqpTransport}. Not thread-safe. Every setting is checked by {@link #build()},
   * whose errors name the setting.
   */
  public static final class Builder {
    private final String url;
    private int prefetch = DEFAULT_PREFETCH;
    private Optional<Boolean> publisherConfirms = Optional.empty();
    private boolean durable;
    private Duration confirmTimeout = Duration.ofSeconds(10);
    private PublishRetry publishRetry = PublishRetry.DEFAULT;
    private Sleeper sleeper = Sleeper.system();
    private Duration recoveryInterval = Duration.ofSeconds(1);
    private Duration connectionTimeout = Duration.ofSeconds(10);
    private Duration shutdownTimeout = Duration.ofSeconds(10);
    private String connectionName = "taskflow4j";
    private Optional<SSLContext> sslContext = Optional.empty();
    private Optional<ExecutorService> executor = Optional.empty();

    private Builder(String url) {
      this.url = url;
    }

    /**
     * Runs message handlers on the caller's executor instead of a pool of the transport's own.
     * Each subscription still gets one delivery at a time. The transport never shuts it down.
     *
     * @param executor the executor
     * @return this builder
     */
    public Builder executor(ExecutorService executor) {
      this.executor = Optional.of(Objects.requireNonNull(executor, "executor"));
      return this;
    }

    /**
     * Sets the prefetch limit: the most unsettled deliveries one subscription holds.
     *
     * @param prefetch from 1 to 65535 (default {@value AmqpTransport#DEFAULT_PREFETCH})
     * @return this builder
     */
    public Builder prefetch(int prefetch) {
      this.prefetch = prefetch;
      return this;
    }

    /**
     * Makes each publish wait until the broker confirms it (publisher confirms); a refused or
     * unconfirmed message is retried like a failed publish. Off by default, as in the reference.
     *
     * @param publisherConfirms whether to wait for confirms
     * @return this builder
     */
    public Builder publisherConfirms(boolean publisherConfirms) {
      this.publisherConfirms = Optional.of(publisherConfirms);
      return this;
    }

    /**
     * Chooses durable mode, for messages that must survive a broker restart: a durable exchange,
     * durable quorum queues (deleted after a day without consumers), persistent messages and
     * publisher confirms on every publish. Every peer on the exchange must use it: a queue or
     * exchange declared one way cannot be declared the other, so a Python TaskFlow peer, which
     * declares non-durable auto-delete queues, cannot share a durable exchange. Off by default.
     *
     * @param durable whether to use durable mode
     * @return this builder
     */
    public Builder durable(boolean durable) {
      this.durable = durable;
      return this;
    }

    /**
     * Sets how long a publish waits for its confirm before it counts as failed.
     *
     * @param confirmTimeout positive (default 10 s)
     * @return this builder
     */
    public Builder confirmTimeout(Duration confirmTimeout) {
      this.confirmTimeout = Objects.requireNonNull(confirmTimeout, "confirmTimeout");
      return this;
    }

    /**
     * Sets how failed publishes are retried.
     *
     * @param publishRetry the policy (default {@link PublishRetry#DEFAULT}: 1 s, 1 s, 1 s, 3)
     * @return this builder
     */
    public Builder publishRetry(PublishRetry publishRetry) {
      this.publishRetry = Objects.requireNonNull(publishRetry, "publishRetry");
      return this;
    }

    /**
     * Sets what waits between publish retries; tests pass one that records instead of waiting.
     *
     * @param sleeper the sleeper (default {@link Sleeper#system()})
     * @return this builder
     */
    public Builder sleeper(Sleeper sleeper) {
      this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
      return this;
    }

    /**
     * Sets the wait between attempts to recover the consuming connection.
     *
     * @param recoveryInterval positive (default 1 s)
     * @return this builder
     */
    public Builder recoveryInterval(Duration recoveryInterval) {
      this.recoveryInterval = Objects.requireNonNull(recoveryInterval, "recoveryInterval");
      return this;
    }

    /**
     * Sets how long opening a connection (TCP and AMQP handshake) may take.
     *
     * @param connectionTimeout positive (default 10 s)
     * @return this builder
     */
    public Builder connectionTimeout(Duration connectionTimeout) {
      this.connectionTimeout = Objects.requireNonNull(connectionTimeout, "connectionTimeout");
      return this;
    }

    /**
     * Sets how long closing a subscription or the transport waits for running handlers.
     *
     * @param shutdownTimeout positive (default 10 s)
     * @return this builder
     */
    public Builder shutdownTimeout(Duration shutdownTimeout) {
      this.shutdownTimeout = Objects.requireNonNull(shutdownTimeout, "shutdownTimeout");
      return this;
    }

    /**
     * Names the connections, as the broker shows them: {@code <name>-consume} and {@code
     * <name>-publish}.
     *
     * @param connectionName not blank (default {@code taskflow4j})
     * @return this builder
     */
    public Builder connectionName(String connectionName) {
      this.connectionName = Objects.requireNonNull(connectionName, "connectionName");
      return this;
    }

    /**
     * Sets the TLS context for {@code amqps://} URLs (default: the JVM's default context). The
     * broker's host name is always verified.
     *
     * @param sslContext the context
     * @return this builder
     */
    public Builder sslContext(SSLContext sslContext) {
      this.sslContext = Optional.of(Objects.requireNonNull(sslContext, "sslContext"));
      return this;
    }

    /**
     * Validates the settings and connects.
     *
     * @return the connected transport
     * @throws IllegalArgumentException naming the setting that is wrong
     * @throws TransportException when the broker cannot be reached or refuses the login
     */
    public AmqpTransport build() {
      AmqpUrl parsed = AmqpUrl.parse(url);
      if (prefetch < 1 || prefetch > 65535) {
        throw new IllegalArgumentException("prefetch must be between 1 and 65535, got " + prefetch);
      }
      requirePositive("confirmTimeout", confirmTimeout);
      requirePositive("recoveryInterval", recoveryInterval);
      requirePositive("connectionTimeout", connectionTimeout);
      requirePositive("shutdownTimeout", shutdownTimeout);
      requireMillisInt("confirmTimeout", confirmTimeout);
      requireMillisInt("connectionTimeout", connectionTimeout);
      requireMillisInt("shutdownTimeout", shutdownTimeout);
      if (connectionName.isBlank()) {
        throw new IllegalArgumentException("connectionName must not be blank");
      }
      if (sslContext.isPresent() && !parsed.tls()) {
        throw new IllegalArgumentException("sslContext is set but the url " + parsed + " is not amqps://");
      }
      if (durable && publisherConfirms.equals(Optional.of(false))) {
        throw new IllegalArgumentException(
            "durable(true) publishes with confirms: it conflicts with publisherConfirms(false)");
      }
      Settings settings = new Settings(
          parsed, prefetch, durable || publisherConfirms.orElse(false), confirmTimeout, publishRetry,
          sleeper, recoveryInterval, connectionTimeout, shutdownTimeout, connectionName, sslContext,
          executor, durable);
      return new AmqpTransport(parsed, AmqpClient.connect(settings));
    }

    private static void requirePositive(String name, Duration value) {
      if (value.isNegative() || value.isZero()) {
        throw new IllegalArgumentException(name + " must be positive, got " + value);
      }
    }

    private static void requireMillisInt(String name, Duration value) {
      if (value.toMillis() > Integer.MAX_VALUE) {
        throw new IllegalArgumentException(name + " must be at most " + Integer.MAX_VALUE + " ms, got " + value);
      }
    }
  }
}
