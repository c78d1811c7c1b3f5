package io.taskflow4j.transport.memory;

import io.taskflow4j.internal.Threads;
import io.taskflow4j.transport.Message;
import io.taskflow4j.transport.MessageProperties;
import io.taskflow4j.transport.MessageHandler;
import io.taskflow4j.transport.Transport;
import io.taskflow4j.transport.TransportException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A message broker inside one JVM that behaves like RabbitMQ for the worker protocol: the stand-in
 * that every participant of a process shares, each through its own {@link #transport()}.
 *
 * <p>Behaviour, as on the broker: direct exchanges; one queue {@code <exchange>_<topic>} per topic,
 * bound with the topic as routing key and declared by publishers and consumers alike, so a message
 * published before its consumer starts is kept; consumers of one queue compete for its messages in
 * turn (round-robin); a consumer has at most {@code prefetch} unsettled deliveries and receives them
 * one at a time on a broker thread, never the publisher's; a requeued message goes back to the head
 * of its queue flagged as redelivered; the unsettled deliveries of a closed consumer are requeued;
 * queues and exchanges are auto-delete: a queue that had consumers is deleted, with its messages,
 * when its last consumer goes, and an exchange when its last binding goes. Bodies and properties are
 * copied on publish and on every delivery, so no participant shares an object with another.
 *
 * <p>Thread-safe: all state is guarded by one lock, held only briefly; handlers run without it.
 */
public final class InMemoryBroker implements AutoCloseable {

  /** The prefetch limit of a consumer unless set otherwise. */
  public static final int DEFAULT_PREFETCH = 10;

  /** How long closing waits for running handlers unless set otherwise. */
  public static final Duration DEFAULT_SHUTDOWN_TIMEOUT = Duration.ofSeconds(10);

  private static final Logger LOG = LoggerFactory.getLogger(InMemoryBroker.class);
  private static final AtomicInteger BROKERS = new AtomicInteger();
  private static final int MAX_NAME_BYTES = 255;

  private final String name;
  private final int prefetch;
  private final Duration shutdownTimeout;
  private final ExecutorService threads;
  private final boolean ownsThreads;
  private final Clock clock;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition handlerReturned = lock.newCondition();
  /** Exchange name to routing key to the names of the queues bound with it. */
  private final Map<String, Map<String, Set<String>>> exchanges = new HashMap<>();
  private final Map<String, MemoryQueue> queues = new HashMap<>();
  private final Set<InMemoryTransport> transports = new LinkedHashSet<>();
  private boolean closed;

  private InMemoryBroker(Builder builder) {
    this.name = builder.name;
    this.prefetch = builder.prefetch;
    this.shutdownTimeout = builder.shutdownTimeout;
    this.clock = builder.clock;
    this.ownsThreads = builder.executor == null;
    this.threads =
        ownsThreads
            ? Executors.newCachedThreadPool(Threads.daemon("taskflow4j-memory-" + name))
            : builder.executor;
  }

  /**
   * Creates a broker with the default settings.
   *
   * @return a running broker
   */
  public static InMemoryBroker create() {
    return builder().build();
  }

  /**
   * Starts building a broker.
   *
   * @return a builder with the default settings
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Opens a transport on this broker for one participant (a worker, an engine). Its consumers use
   * the broker's prefetch limit.
   *
   * @return a new transport
   * @throws TransportException when the broker is closed
   */
  public InMemoryTransport transport() {
    return transport(prefetch);
  }

  /**
   * Opens a transport on this broker whose consumers have their own prefetch limit.
   *
   * @param prefetch the most unsettled deliveries a consumer of this transport holds, at least 1
   * @return a new transport
   * @throws IllegalArgumentException when prefetch is below 1
   * @throws TransportException when the broker is closed
   */
  public InMemoryTransport transport(int prefetch) {
    if (prefetch < 1) {
      throw new IllegalArgumentException("prefetch must be at least 1, got " + prefetch);
    }
    lock.lock();
    try {
      ensureOpen();
      InMemoryTransport transport = new InMemoryTransport(this, prefetch);
      transports.add(transport);
      return transport;
    } finally {
      lock.unlock();
    }
  }

  /**
   * The broker's name, used in thread names and {@link Transport#describe()}.
   *
   * @return the name
   */
  public String name() {
    return name;
  }

  /**
   * The number of messages waiting in a queue (not counting unsettled deliveries), for tests and
   * diagnostics.
   *
   * @param exchange the exchange
   * @param topic the topic
   * @return the ready messages, 0 when the queue does not exist
   */
  public int readyCount(String exchange, String topic) {
    lock.lock();
    try {
      MemoryQueue queue = queues.get(Transport.queueName(exchange, topic));
      return queue == null ? 0 : queue.ready.size();
    } finally {
      lock.unlock();
    }
  }

  /**
   * Closes every transport of this broker (waiting for running handlers up to the shutdown timeout,
   * requeueing what is unsettled), drops every queue and stops the broker's threads. Idempotent.
   */
  @Override
  public void close() {
    List<InMemoryTransport> open;
    lock.lock();
    try {
      if (closed) {
        return;
      }
      open = new ArrayList<>(transports);
    } finally {
      lock.unlock();
    }
    for (InMemoryTransport transport : open) {
      transport.close();
    }
    lock.lock();
    try {
      closed = true;
      queues.clear();
      exchanges.clear();
    } finally {
      lock.unlock();
    }
    if (!ownsThreads) {
      // The caller's executor is the caller's to shut down; the consumers were closed above.
      return;
    }
    threads.shutdown();
    try {
      if (!threads.awaitTermination(shutdownTimeout.toMillis(), TimeUnit.MILLISECONDS)) {
        LOG.warn("in-memory broker {}: handlers still running after {}", name, shutdownTimeout);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public String toString() {
    return "InMemoryBroker[" + name + "]";
  }

  // ---------------------------------------------------------------------------------------------
  // Called by InMemoryTransport and the delivery objects.

  Duration shutdownTimeout() {
    return shutdownTimeout;
  }

  void forget(InMemoryTransport transport) {
    lock.lock();
    try {
      transports.remove(transport);
    } finally {
      lock.unlock();
    }
  }

  void publish(String exchange, String routingKey, Message message) {
    StoredMessage stored = StoredMessage.copyOf(message, clock);
    lock.lock();
    try {
      ensureOpen();
      // As the reference does: declare the destination queue, then publish to the exchange.
      declare(exchange, routingKey);
      Set<String> bound = exchanges.getOrDefault(exchange, Map.of()).getOrDefault(routingKey, Set.of());
      for (String queueName : bound) {
        MemoryQueue queue = queues.get(queueName);
        queue.ready.addLast(stored);
        dispatch(queue);
      }
    } finally {
      lock.unlock();
    }
  }

  MemoryConsumer consume(String exchange, String topic, MessageHandler handler, int prefetch) {
    lock.lock();
    try {
      ensureOpen();
      MemoryQueue queue = declare(exchange, topic);
      MemoryConsumer consumer = new MemoryConsumer(queue, handler, prefetch, new SerialExecutor(threads));
      queue.consumers.add(consumer);
      queue.hadConsumer = true;
      dispatch(queue);
      return consumer;
    } finally {
      lock.unlock();
    }
  }

  /** Dispatches nothing more to a consumer; what it holds can still be handled and settled. */
  void pause(MemoryConsumer consumer) {
    lock.lock();
    try {
      if (consumer.paused || consumer.cancelled) {
        return;
      }
      consumer.paused = true;
      MemoryQueue queue = consumer.queue;
      removeFrom(queue, consumer);
      // As RabbitMQ does, an auto-delete queue goes when its last consumer is cancelled.
      if (queue.consumers.isEmpty() && queue.hadConsumer) {
        delete(queue);
      }
    } finally {
      lock.unlock();
    }
  }

  // Under the lock.
  private static void removeFrom(MemoryQueue queue, MemoryConsumer consumer) {
    int index = queue.consumers.indexOf(consumer);
    if (index < 0) {
      return;
    }
    queue.consumers.remove(index);
    if (queue.nextConsumer > index) {
      queue.nextConsumer--;
    }
  }

  /**
   * Stops a consumer: no more deliveries, waits for its running handler (unless called from it),
   * requeues its unsettled deliveries and deletes its queue if it was the last consumer.
   */
  void cancel(MemoryConsumer consumer) {
    lock.lock();
    try {
      if (consumer.cancelled) {
        return;
      }
      consumer.cancelled = true;
      MemoryQueue queue = consumer.queue;
      removeFrom(queue, consumer);
      if (consumer.handlerThread != Thread.currentThread()) {
        long nanos = shutdownTimeout.toNanos();
        while (consumer.handlerThread != null && nanos > 0) {
          nanos = handlerReturned.awaitNanos(nanos);
        }
        if (consumer.handlerThread != null) {
          LOG.warn(
              "in-memory broker {}: a handler of {} still runs after {}; closing anyway",
              name, queue.name, shutdownTimeout);
        }
      }
      List<MemoryDelivery> unsettled = new ArrayList<>(consumer.unsettled);
      consumer.unsettled.clear();
      for (int i = unsettled.size() - 1; i >= 0; i--) {
        queue.ready.addFirst(unsettled.get(i).stored().redelivered());
      }
      if (queue.consumers.isEmpty() && queue.hadConsumer) {
        delete(queue);
      } else {
        dispatch(queue);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      lock.unlock();
    }
  }

  void settle(MemoryDelivery delivery, boolean requeue) {
    lock.lock();
    try {
      MemoryConsumer consumer = delivery.consumer();
      if (!consumer.unsettled.remove(delivery)) {
        return; // requeued when its consumer was closed
      }
      MemoryQueue queue = consumer.queue;
      if (requeue && queues.get(queue.name) == queue) {
        queue.ready.addFirst(delivery.stored().redelivered());
      }
      dispatch(queue);
    } finally {
      lock.unlock();
    }
  }

  /** Runs on the consumer's serial executor: hands one delivery to the handler. */
  void deliver(MemoryDelivery delivery) {
    MemoryConsumer consumer = delivery.consumer();
    lock.lock();
    try {
      if (consumer.cancelled || !consumer.unsettled.contains(delivery)) {
        return;
      }
      consumer.handlerThread = Thread.currentThread();
    } finally {
      lock.unlock();
    }
    try {
      consumer.handler.handle(delivery);
    } catch (VirtualMachineError e) {
      throw e;
    } catch (RuntimeException | Error e) {
      LOG.warn(
          "in-memory broker {}: the handler of {} failed; rejecting the message",
          name, consumer.queue.name, e);
      delivery.reject();
    } finally {
      lock.lock();
      try {
        consumer.handlerThread = null;
        handlerReturned.signalAll();
      } finally {
        lock.unlock();
      }
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Under the lock.

  private void ensureOpen() {
    if (closed) {
      throw new TransportException("in-memory broker " + name + " is closed");
    }
  }

  private MemoryQueue declare(String exchange, String topic) {
    checkNames(exchange, topic);
    String queueName = Transport.queueName(exchange, topic);
    MemoryQueue queue = queues.computeIfAbsent(queueName, MemoryQueue::new);
    exchanges
        .computeIfAbsent(exchange, e -> new HashMap<>())
        .computeIfAbsent(topic, t -> new LinkedHashSet<>())
        .add(queueName);
    queue.bindings.add(new Binding(exchange, topic));
    return queue;
  }

  private void delete(MemoryQueue queue) {
    if (!queues.remove(queue.name, queue)) {
      return; // deleted before, and perhaps declared anew since
    }
    if (!queue.ready.isEmpty()) {
      LOG.debug(
          "in-memory broker {}: auto-delete queue {} lost its last consumer; dropping {} messages",
          name, queue.name, queue.ready.size());
    }
    queue.ready.clear();
    for (Binding binding : queue.bindings) {
      Map<String, Set<String>> keys = exchanges.get(binding.exchange());
      if (keys == null) {
        continue;
      }
      Set<String> bound = keys.get(binding.routingKey());
      if (bound != null) {
        bound.remove(queue.name);
        if (bound.isEmpty()) {
          keys.remove(binding.routingKey());
        }
      }
      if (keys.isEmpty()) {
        exchanges.remove(binding.exchange());
      }
    }
  }

  /** Hands ready messages to consumers with room, in turn. */
  private void dispatch(MemoryQueue queue) {
    while (!queue.ready.isEmpty()) {
      MemoryConsumer consumer = queue.nextWithRoom();
      if (consumer == null) {
        return;
      }
      if (queue.ready.peekFirst().expiredAt(clock)) {
        StoredMessage expired = queue.ready.removeFirst();
        LOG.debug("in-memory broker {}: dropped an expired message ({})", name, expired.properties());
        continue;
      }
      MemoryDelivery delivery = new MemoryDelivery(this, consumer, queue.ready.removeFirst());
      consumer.unsettled.add(delivery);
      try {
        consumer.executor.execute(() -> deliver(delivery));
      } catch (RejectedExecutionException e) {
        consumer.unsettled.remove(delivery);
        queue.ready.addFirst(delivery.stored());
        return;
      }
    }
  }

  private static void checkNames(String exchange, String topic) {
    if (exchange.isEmpty()) {
      throw new IllegalArgumentException("exchange must not be empty (the default exchange)");
    }
    if (exchange.startsWith("amq.")) {
      throw new IllegalArgumentException(
          "exchange '" + exchange + "' uses the prefix 'amq.' that brokers reserve");
    }
    if (exchange.getBytes(StandardCharsets.UTF_8).length > MAX_NAME_BYTES) {
      throw new IllegalArgumentException("exchange name is longer than 255 bytes");
    }
    if (Transport.queueName(exchange, topic).getBytes(StandardCharsets.UTF_8).length
        > MAX_NAME_BYTES) {
      throw new IllegalArgumentException(
          "queue name " + exchange + "_" + topic + " is longer than 255 bytes");
    }
  }

  // ---------------------------------------------------------------------------------------------

  /** A binding of a queue: the exchange and the routing key. */
  private record Binding(String exchange, String routingKey) {}

  /** A queue; guarded by the broker's lock. */
  static final class MemoryQueue {
    final String name;
    final ArrayDeque<StoredMessage> ready = new ArrayDeque<>();
    final List<MemoryConsumer> consumers = new ArrayList<>();
    final Set<Binding> bindings = new LinkedHashSet<>();
    int nextConsumer;
    boolean hadConsumer;

    MemoryQueue(String name) {
      this.name = name;
    }

    MemoryConsumer nextWithRoom() {
      int size = consumers.size();
      for (int i = 0; i < size; i++) {
        int index = (nextConsumer + i) % size;
        MemoryConsumer consumer = consumers.get(index);
        if (consumer.unsettled.size() < consumer.prefetch) {
          nextConsumer = (index + 1) % size;
          return consumer;
        }
      }
      return null;
    }
  }

  /** A consumer of a queue; its mutable fields are guarded by the broker's lock. */
  static final class MemoryConsumer {
    final MemoryQueue queue;
    final MessageHandler handler;
    final int prefetch;
    final SerialExecutor executor;
    final Set<MemoryDelivery> unsettled = new LinkedHashSet<>();
    boolean cancelled;
    boolean paused;
    Thread handlerThread;

    MemoryConsumer(MemoryQueue queue, MessageHandler handler, int prefetch, SerialExecutor executor) {
      this.queue = queue;
      this.handler = handler;
      this.prefetch = prefetch;
      this.executor = executor;
    }
  }

  /**
   * Builds an {@link InMemoryBroker}. Not thread-safe; settings are validated by {@link #build()}.
   */
  public static final class Builder {
    private String name = "broker-" + BROKERS.incrementAndGet();
    private int prefetch = DEFAULT_PREFETCH;
    private Duration shutdownTimeout = DEFAULT_SHUTDOWN_TIMEOUT;
    private ExecutorService executor;
    private Clock clock = Clock.systemUTC();

    private Builder() {}

    /**
     * Sets the clock message expirations are measured with (default: the system clock), so tests
     * can run on fake time. A message whose {@link MessageProperties#expiration()} has passed when a
     * consumer would get it is dropped, as RabbitMQ drops it at the head of a queue.
     *
     * @param clock the clock
     * @return this builder
     */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * Runs the consumers' handlers on the caller's executor instead of a cached pool of the
     * broker's own. Each consumer still gets one delivery at a time. The broker never shuts the
     * executor down.
     *
     * @param executor the executor
     * @return this builder
     */
    public Builder executor(ExecutorService executor) {
      this.executor = Objects.requireNonNull(executor, "executor");
      return this;
    }

    /**
     * Names the broker, for thread names and descriptions.
     *
     * @param name a non-blank name
     * @return this builder
     */
    public Builder name(String name) {
      this.name = Objects.requireNonNull(name, "name");
      return this;
    }

    /**
     * Sets the default prefetch limit: the most unsettled deliveries one consumer holds.
     *
     * @param prefetch at least 1 (default {@value #DEFAULT_PREFETCH})
     * @return this builder
     */
    public Builder prefetch(int prefetch) {
      this.prefetch = prefetch;
      return this;
    }

    /**
     * Sets how long closing a subscription, transport or the broker waits for running handlers.
     *
     * @param shutdownTimeout a positive duration (default 10 s)
     * @return this builder
     */
    public Builder shutdownTimeout(Duration shutdownTimeout) {
      this.shutdownTimeout = Objects.requireNonNull(shutdownTimeout, "shutdownTimeout");
      return this;
    }

    /**
     * Validates the settings and starts the broker.
     *
     * @return a running broker
     * @throws IllegalArgumentException naming the setting that is wrong
     */
    public InMemoryBroker build() {
      if (name.isBlank()) {
        throw new IllegalArgumentException("name must not be blank");
      }
      if (prefetch < 1) {
        throw new IllegalArgumentException("prefetch must be at least 1, got " + prefetch);
      }
      if (shutdownTimeout.isNegative() || shutdownTimeout.isZero()) {
        throw new IllegalArgumentException(
            "shutdownTimeout must be positive, got " + shutdownTimeout);
      }
      return new InMemoryBroker(this);
    }
  }
}
