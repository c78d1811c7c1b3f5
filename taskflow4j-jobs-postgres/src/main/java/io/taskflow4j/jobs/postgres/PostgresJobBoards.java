package io.taskflow4j.jobs.postgres;

import io.taskflow4j.jobs.JobBoard;
import io.taskflow4j.jobs.postgres.internal.PgUrl;
import io.taskflow4j.jobs.postgres.internal.PostgresJobBoard;

/**
 * Opens job boards in PostgreSQL.
 *
 * <p>URL: {@code postgresql://user[:password]@host[:port]/database[?param=value&...]} (also {@code
 * postgres://} and {@code jdbc:postgresql://host[:port]/database?user=...}). The board keeps its
 * jobs in the table {@code taskflow4j_jobs} and the trash in {@code taskflow4j_jobs_trash},
 * created on first use by Flyway migrations recorded in {@code taskflow4j_jobs_schema_history}, so
 * it can share a database with a flow store (whose tables and history are its own). Migrations
 * never drop data.
 *
 * <p>A job's details (inputs, factory arguments) are kept as JSON of at most 8 MiB and 64 levels
 * of nesting; a larger or deeper posting is refused. A row that does not read as a job (written
 * by another program, or by hand) is moved to the trash with the row, as text, and a reason.
 *
 * <p>Leases are judged by the database's clock ({@code now()}), so conductors on machines whose
 * clocks disagree still agree on who holds a job. Posting and abandoning send a {@code NOTIFY} on
 * the channel {@code taskflow4j_jobs}; subscribers {@code LISTEN} on a connection of their own.
 *
 * <p>Stateless and thread-safe; the boards it opens are thread-safe.
 */
public final class PostgresJobBoards {

  /** The most connections a board keeps, besides its listening one. */
  public static final int POOL_SIZE = 4;

  private PostgresJobBoards() {}

  /**
   * Opens a board, creating or migrating its tables.
   *
   * @param url such as {@code postgresql://app@db.internal:5432/flows}
   * @return the board, connected
   * @throws io.taskflow4j.jobs.JobBoardException when the URL is malformed, or the server cannot be
   *     reached, refuses the user or has no such database; the message says which and never holds
   *     the password
   */
  public static JobBoard open(String url) {
    return PostgresJobBoard.open(PgUrl.parse(url), POOL_SIZE);
  }
}
