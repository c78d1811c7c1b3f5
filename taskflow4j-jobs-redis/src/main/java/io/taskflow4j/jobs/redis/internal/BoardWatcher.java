package io.taskflow4j.jobs.redis.internal;

import io.taskflow4j.internal.Threads;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisClientConfig;
import redis.clients.jedis.JedisPubSub;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisException;

/**
 * Notices that jobs may have become claimable and calls one callback, from two threads of its
 * own:
 *
 * <ul>
 *   <li>a subscriber on the board's channel {@code NS:taskflow4j.events}, where taskflow4j
 *       publishes its posts and abandons, on a connection of its own that it reopens with backoff
 *       (100 ms doubling to 5 s) when Redis goes away; and
 *   <li>a poller, because the reference publishes nothing: every {@link #POLL_INTERVAL} it reads
 *       {@code NS:sequence}, whose change (a post) wakes; every {@link #COUNT_INTERVAL} it also
 *       counts the listed jobs that have no owner, whose rise (an abandon by the reference, or a
 *       lease that lapsed) wakes too. Counting looks at every listing, so it is the rare part.
 * </ul>
 *
 * <p>Each logs one WARN per outage and one INFO when Redis is back (and then wakes, since events
 * may have been missed). Thread-safe: start and close are called once each, by the board.
 */
final class BoardWatcher implements AutoCloseable {

  /** How often the poller looks at the board. */
  static final Duration POLL_INTERVAL = Duration.ofMillis(150);
  /** How often the poller also counts the unowned jobs. */
  static final Duration COUNT_INTERVAL = Duration.ofSeconds(2);
  /** Above this many listings the poller only watches the sequence. */
  private static final int MAX_COUNTED_LISTINGS = 20_000;
  private static final Logger LOG = LoggerFactory.getLogger(BoardWatcher.class);

  private final String description;
  private final HostAndPort server;
  private final JedisClientConfig config;
  private final UnifiedJedis commands;
  private final String channel;
  private final byte[] listingsKey;
  private final byte[] sequenceKey;
  private final byte[] prefix;
  private final Runnable wake;
  private final CountDownLatch subscribed = new CountDownLatch(1);
  private final Thread subscriber;
  private final Thread poller;
  private volatile boolean running = true;
  private volatile Jedis connection;
  private volatile JedisPubSub pubSub;
  // Touched by the poller thread only, after start.
  private String lastSequence;
  private long lastUnowned = -1;
  private long lastCounted;
  // Touched by the subscriber thread only (the pub/sub callbacks run on it).
  private boolean subscriberDown;
  private long backoff = 100;

  BoardWatcher(String description, HostAndPort server, JedisClientConfig config, UnifiedJedis commands,
      String namespace, Runnable wake) {
    this.description = description;
    this.server = server;
    this.config = config;
    this.commands = commands;
    this.channel = namespace + ":taskflow4j.events";
    this.listingsKey = (namespace + ":listings").getBytes(StandardCharsets.UTF_8);
    this.sequenceKey = (namespace + ":sequence").getBytes(StandardCharsets.UTF_8);
    this.prefix = (namespace + ":").getBytes(StandardCharsets.UTF_8);
    this.wake = Objects.requireNonNull(wake, "wake");
    this.subscriber = Threads.daemon("taskflow4j-redis-board-events-" + namespace, this::subscribeLoop);
    this.poller = Threads.daemon("taskflow4j-redis-board-poll-" + namespace, this::pollLoop);
  }

  /**
   * Takes the first snapshot, so that a post right after this returns is noticed, starts both
   * threads, and waits a little for the subscription to be in place.
   */
  void start() {
    try {
      Snapshot first = poll(true);
      lastSequence = first.sequence();
      lastUnowned = first.unowned();
      lastCounted = System.nanoTime();
    } catch (JedisException e) {
      // The poller keeps trying and reports the outage.
      lastCounted = System.nanoTime() - COUNT_INTERVAL.toNanos();
    }
    subscriber.start();
    poller.start();
    try {
      subscribed.await(2, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private record Snapshot(String sequence, long unowned) {}

  /** The sequence, and the unowned count when {@code counting} (else -1). */
  private Snapshot poll(boolean counting) {
    Object reply = Scripts.POLL.run(commands, List.of(listingsKey, sequenceKey),
        List.of(prefix, Integer.toString(counting ? MAX_COUNTED_LISTINGS : 0).getBytes(StandardCharsets.US_ASCII)));
    List<?> values = (List<?>) reply;
    String sequence = values.get(0) instanceof byte[] bytes ? new String(bytes, StandardCharsets.UTF_8) : "";
    return new Snapshot(sequence, (Long) values.get(1));
  }

  private void pollLoop() {
    boolean down = false;
    while (running) {
      try {
        long started = System.nanoTime();
        boolean counting = started - lastCounted >= COUNT_INTERVAL.toNanos();
        Snapshot now = poll(counting);
        if (down) {
          down = false;
          LOG.info("job board {}: polling works again", description);
        }
        boolean wakes = !now.sequence().equals(lastSequence);
        lastSequence = now.sequence();
        if (counting) {
          lastCounted = started;
          wakes |= lastUnowned >= 0 && now.unowned() > lastUnowned;
          lastUnowned = now.unowned();
        }
        if (wakes) {
          wake.run();
        }
      } catch (JedisException | ClassCastException | IndexOutOfBoundsException e) {
        if (running && !down) {
          down = true;
          LOG.warn("job board {}: cannot poll Redis at {} for new jobs ({}); retrying every {} ms", description,
              server, e.getMessage(), POLL_INTERVAL.toMillis());
        }
      }
      sleep(POLL_INTERVAL.toMillis());
    }
  }

  private void subscribeLoop() {
    while (running) {
      try (Jedis jedis = new Jedis(server, config)) {
        connection = jedis;
        JedisPubSub listener = new JedisPubSub() {
          @Override
          public void onSubscribe(String subscribedChannel, int count) {
            subscribed.countDown();
            backoff = 100;
            if (subscriberDown) {
              subscriberDown = false;
              LOG.info("job board {}: subscribed to {} again", description, channel);
              // Posts may have happened while we were away.
              wake.run();
            }
          }

          @Override
          public void onMessage(String fromChannel, String message) {
            wake.run();
          }
        };
        pubSub = listener;
        if (!running) {
          return;
        }
        jedis.subscribe(listener, channel);
      } catch (JedisException e) {
        if (running && !subscriberDown) {
          subscriberDown = true;
          LOG.warn("job board {}: lost the subscription to {} at {} ({}); reconnecting with backoff up to 5 s",
              description, channel, server, e.getMessage());
        }
      } finally {
        connection = null;
        pubSub = null;
      }
      if (running) {
        sleep(backoff);
        backoff = Math.min(backoff * 2, 5_000);
      }
    }
  }

  private void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      // close() interrupts to stop us; the loop checks running.
      Thread.currentThread().interrupt();
      running = false;
    }
  }

  /** Stops both threads and waits for them. */
  @Override
  public void close() {
    running = false;
    JedisPubSub listener = pubSub;
    if (listener != null && listener.isSubscribed()) {
      try {
        listener.unsubscribe();
      } catch (JedisException e) {
        LOG.debug("job board {}: unsubscribing failed; closing the connection instead", description, e);
      }
    }
    Jedis jedis = connection;
    if (jedis != null) {
      jedis.close();
    }
    poller.interrupt();
    subscriber.interrupt();
    join(poller);
    join(subscriber);
  }

  private static void join(Thread thread) {
    try {
      thread.join(5_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
