package io.taskflow4j.jobs.postgres.internal;

import static org.awaitility.Awaitility.await;

import io.taskflow4j.jobs.JobBoard;
import io.taskflow4j.store.jdbc.TestServers;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The listener notices a connection that went silent (no reset, as in a network partition) and
 * listens again on a new one. The silence is made by a TCP relay in front of the test server that
 * stops passing bytes on the connections it holds.
 */
class ListenerTest {

  private TestServers.Scratch database;
  private Relay relay;
  private Listener listener;

  @BeforeEach
  void start() throws IOException {
    database = TestServers.Scratch.create(TestServers.postgresUrl(), "TASKFLOW4J_REQUIRE_POSTGRES", "PostgreSQL");
    URI server = URI.create(PgUrl.parse(database.storeUrl()).jdbcUrl().substring("jdbc:".length()));
    relay = new Relay(server.getHost(), server.getPort());
  }

  @AfterEach
  void stop() throws IOException {
    if (listener != null) {
      listener.close();
    }
    if (relay != null) {
      relay.close();
    }
    if (database != null) {
      database.drop();
    }
  }

  @Test
  void aSilentConnectionIsNoticedAndTheListenerHearsPostsOnANewOne() throws SQLException {
    String viaRelay = database.storeUrl().replaceFirst("@[^/]+/", "@127.0.0.1:" + relay.port() + "/");
    listener = new Listener(PgUrl.parse(viaRelay), Duration.ofSeconds(1));
    AtomicInteger wakes = new AtomicInteger();
    JobBoard.Subscription subscription = listener.add(wakes::incrementAndGet);

    relay.silenceEveryConnection();

    // Back on a new connection, the listener wakes its subscribers once, for posts it may have missed.
    await().atMost(Duration.ofSeconds(15)).until(() -> relay.connections() >= 2 && wakes.get() >= 1);
    int before = wakes.get();
    notifyBoard();
    await().atMost(Duration.ofSeconds(5)).until(() -> wakes.get() > before);
    subscription.close();
  }

  private void notifyBoard() throws SQLException {
    PgUrl url = PgUrl.parse(database.storeUrl());
    try (Connection connection =
            DriverManager.getConnection(url.jdbcUrl(), url.user().orElse(null), url.password().orElse(null));
        Statement statement = connection.createStatement()) {
      statement.execute("SELECT pg_notify('" + PostgresJobBoard.CHANNEL + "', 'a job')");
    }
  }

  /** Passes TCP connections on to a server until told to fall silent on the ones it holds. */
  private static final class Relay {
    private final ServerSocket server;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private final List<Pipe> pipes = new CopyOnWriteArrayList<>();
    private final AtomicInteger accepted = new AtomicInteger();

    Relay(String host, int port) throws IOException {
      server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
      Thread acceptor = new Thread(() -> {
        while (!server.isClosed()) {
          try {
            Socket client = server.accept();
            Socket upstream = new Socket(host, port);
            sockets.add(client);
            sockets.add(upstream);
            accepted.incrementAndGet();
            pipes.add(new Pipe(client.getInputStream(), upstream.getOutputStream()));
            pipes.add(new Pipe(upstream.getInputStream(), client.getOutputStream()));
          } catch (IOException e) {
            return; // closed
          }
        }
      }, "relay");
      acceptor.setDaemon(true);
      acceptor.start();
    }

    int port() {
      return server.getLocalPort();
    }

    int connections() {
      return accepted.get();
    }

    void silenceEveryConnection() {
      pipes.forEach(pipe -> pipe.silent = true);
    }

    void close() throws IOException {
      server.close();
      for (Socket socket : sockets) {
        socket.close();
      }
    }
  }

  /** Copies bytes one way, dropping them once silent (the sockets stay open, as in a partition). */
  private static final class Pipe {
    volatile boolean silent;

    Pipe(InputStream in, OutputStream out) {
      Thread thread = new Thread(() -> {
        byte[] buffer = new byte[8192];
        try {
          for (int n; (n = in.read(buffer)) >= 0; ) {
            if (!silent) {
              out.write(buffer, 0, n);
              out.flush();
            }
          }
        } catch (IOException e) {
          // the relay closed the sockets
        }
      }, "relay-pipe");
      thread.setDaemon(true);
      thread.start();
    }
  }
}
