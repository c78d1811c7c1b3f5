package io.taskflow4j.jobs.postgres.internal;

import io.taskflow4j.internal.Threads;
import io.taskflow4j.jobs.JobBoard;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Listens on the board's NOTIFY channel on a connection of its own, outside the pool, and calls
 * the subscribers when a job is posted or given back. Started by the first subscription; when the
 * connection drops (or stops answering the check made every 15 s) it reconnects with a growing
 * pause (up to 5 s), logging one WARN per outage, and wakes the subscribers once it is back,
 * since a post may have been missed meanwhile.
 *
 * <p>Thread-safety: thread-safe; subscribers run on its daemon thread.
 */
final class Listener {

  private static final Logger LOG = LoggerFactory.getLogger(Listener.class);
  private static final int POLL_MILLIS = 500;
  private static final long MAX_PAUSE_MILLIS = 5_000;
  private static final long FIRST_LISTEN_SECONDS = 10;
  private static final Duration CHECK_EVERY = Duration.ofSeconds(15);
  private static final int CHECK_TIMEOUT_SECONDS = 5;

  private final PgUrl url;
  private final long checkNanos;
  private final List<Runnable> subscribers = new CopyOnWriteArrayList<>();
  private final CountDownLatch firstListen = new CountDownLatch(1);
  private Thread thread;
  private volatile boolean closed;
  /** Whether a subscriber stopped waiting for the first LISTEN, so it must be woken once it happens. */
  private volatile boolean late;

  Listener(PgUrl url) {
    this(url, CHECK_EVERY);
  }

  /** A listener that checks its connection every {@code checkEvery} while it hears nothing. */
  Listener(PgUrl url, Duration checkEvery) {
    this.url = url;
    this.checkNanos = checkEvery.toNanos();
  }

  synchronized JobBoard.Subscription add(Runnable subscriber) {
    if (closed) {
      throw new IllegalStateException("the job board " + url.description() + " is closed");
    }
    subscribers.add(subscriber);
    if (thread == null) {
      thread = Threads.daemon("taskflow4j-board-listener", this::listen);
      thread.start();
    }
    awaitListening();
    return () -> subscribers.remove(subscriber);
  }

  /**
   * Waits a little for the first LISTEN, so that a job posted right after {@code subscribe}
   * returns is announced; when the server cannot be reached the thread goes on trying.
   */
  private void awaitListening() {
    try {
      if (!firstListen.await(FIRST_LISTEN_SECONDS, TimeUnit.SECONDS)) {
        late = true;
        LOG.warn("not listening for jobs on {} yet; subscribers are woken once it is", url.description());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void listen() {
    long pause = 100;
    boolean down = false;
    while (!closed) {
      try (Connection listening = connect()) {
        try (Statement statement = listening.createStatement()) {
          statement.execute("LISTEN " + PostgresJobBoard.CHANNEL);
        }
        if (down) {
          LOG.info("listening for jobs on {} again", url.description());
        }
        if (down || late) {
          wake(); // something may have been posted while nobody listened
        }
        firstListen.countDown();
        down = false;
        pause = 100;
        PGConnection pg = listening.unwrap(PGConnection.class);
        long lastCheck = System.nanoTime();
        while (!closed) {
          PGNotification[] notifications = pg.getNotifications(POLL_MILLIS);
          if (notifications != null && notifications.length > 0) {
            wake();
          }
          // Waiting for notifications sends nothing, so a connection that died silently (a
          // network partition, no reset) would never fail: ask the server now and then.
          if (System.nanoTime() - lastCheck > checkNanos) {
            if (!listening.isValid(CHECK_TIMEOUT_SECONDS)) {
              throw new SQLException("the server did not answer within " + CHECK_TIMEOUT_SECONDS + " s");
            }
            lastCheck = System.nanoTime();
          }
        }
      } catch (SQLException | RuntimeException e) {
        if (closed) {
          return;
        }
        if (!down) {
          LOG.warn("stopped listening for jobs on {}: {}; reconnecting", url.description(),
              PgUrl.redact(String.valueOf(e.getMessage())));
          down = true;
        }
        try {
          Thread.sleep(pause);
        } catch (InterruptedException interrupted) {
          return;
        }
        pause = Math.min(MAX_PAUSE_MILLIS, pause * 2);
      }
    }
  }

  private Connection connect() throws SQLException {
    Properties properties = new Properties();
    url.user().ifPresent(user -> properties.setProperty("user", user));
    url.password().ifPresent(password -> properties.setProperty("password", password));
    properties.setProperty("ApplicationName", "taskflow4j-board-listener");
    properties.setProperty("connectTimeout", "10");
    properties.setProperty("tcpKeepAlive", "true");
    return DriverManager.getConnection(url.jdbcUrl(), properties);
  }

  private void wake() {
    for (Runnable subscriber : subscribers) {
      try {
        subscriber.run();
      } catch (RuntimeException e) {
        LOG.warn("a job board subscriber failed", e);
      }
    }
  }

  void close() {
    Thread running;
    synchronized (this) {
      closed = true;
      running = thread;
    }
    subscribers.clear();
    if (running != null) {
      running.interrupt();
      try {
        running.join(2_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
