package io.taskflow4j.transport.amqp.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A TCP relay on a loopback port to a broker, that a test can cut to simulate a network failure:
 * {@link #cut()} drops every relayed connection and refuses new ones (accepting and closing them at
 * once, as a dead broker would) until {@link #restore()}. Thread-safe.
 */
public final class TcpProxy implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(TcpProxy.class);

  private final String targetHost;
  private final int targetPort;
  private final ServerSocket server;
  private final ExecutorService threads;
  private final List<Socket> sockets = new CopyOnWriteArrayList<>();
  private final AtomicInteger accepted = new AtomicInteger();
  private volatile boolean refusing;

  private TcpProxy(String targetHost, int targetPort) throws IOException {
    this.targetHost = targetHost;
    this.targetPort = targetPort;
    this.server = new ServerSocket();
    this.server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    AtomicInteger count = new AtomicInteger();
    this.threads = Executors.newCachedThreadPool(runnable -> {
      Thread thread = new Thread(runnable, "tcp-proxy-" + count.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    });
    threads.execute(this::acceptLoop);
  }

  /**
   * Starts relaying a free loopback port to a target.
   *
   * @param targetHost the broker's host
   * @param targetPort the broker's port
   * @return the running proxy
   * @throws IOException when no port could be bound
   */
  public static TcpProxy start(String targetHost, int targetPort) throws IOException {
    return new TcpProxy(targetHost, targetPort);
  }

  /**
   * The loopback port that clients connect to.
   *
   * @return the port
   */
  public int port() {
    return server.getLocalPort();
  }

  /**
   * How many client connections were accepted so far (refused ones included).
   *
   * @return the count
   */
  public int accepted() {
    return accepted.get();
  }

  /** Drops every relayed connection and refuses new ones until {@link #restore()}. */
  public void cut() {
    refusing = true;
    for (Socket socket : sockets) {
      closeQuietly(socket);
    }
    sockets.clear();
  }

  /** Relays new connections again. */
  public void restore() {
    refusing = false;
  }

  @Override
  public void close() {
    closeQuietly(server);
    cut();
    threads.shutdownNow();
  }

  private void acceptLoop() {
    while (!server.isClosed()) {
      Socket client;
      try {
        client = server.accept();
      } catch (IOException e) {
        return; // closed
      }
      accepted.incrementAndGet();
      if (refusing) {
        closeQuietly(client);
        continue;
      }
      try {
        Socket target = new Socket(targetHost, targetPort);
        sockets.add(client);
        sockets.add(target);
        threads.execute(() -> pump(client, target));
        threads.execute(() -> pump(target, client));
      } catch (IOException e) {
        LOG.debug("proxy could not reach {}:{}: {}", targetHost, targetPort, e.getMessage());
        closeQuietly(client);
      }
    }
  }

  private void pump(Socket from, Socket to) {
    byte[] buffer = new byte[16 * 1024];
    try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
      for (int read = in.read(buffer); read >= 0; read = in.read(buffer)) {
        out.write(buffer, 0, read);
        out.flush();
      }
    } catch (IOException e) {
      // one side went away
    } finally {
      closeQuietly(from);
      closeQuietly(to);
    }
  }

  private static void closeQuietly(AutoCloseable closeable) {
    try {
      closeable.close();
    } catch (Exception e) {
      // closing anyway
    }
  }
}
