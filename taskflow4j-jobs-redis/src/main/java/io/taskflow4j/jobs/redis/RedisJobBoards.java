package io.taskflow4j.jobs.redis;

import io.taskflow4j.jobs.JobBoard;
import io.taskflow4j.jobs.JobBoardException;
import io.taskflow4j.jobs.redis.internal.RedisJobBoard;
import io.taskflow4j.jobs.redis.internal.RedisUrl;

/**
 * Opens job boards in Redis that the reference's (Python TaskFlow's) {@code RedisJobBoard} shares.
 *
 * <p>URL: {@code redis://[user[:password]@]host[:port][/NAMESPACE][?db=N]}, or {@code rediss://}
 * for TLS. The port defaults to 6379, the namespace to {@value #DEFAULT_NAMESPACE} (the
 * reference's default namespace, so both meet on the same board when neither names one), the
 * database to 0. A namespace is 1 to 100 of {@code A-Z a-z 0-9 . _ -}.
 *
 * <p>Keys, for namespace {@code NS}: the reference's {@code NS:listings} (hash of job id to the
 * job in msgpack), {@code NS:sequence}, {@code NS:trash}, {@code NS:<id>.owned} (the owner; a
 * lease is this key's expiry, which the owner extends) and {@code NS:<id>.last_modified}; and
 * taskflow4j's own {@code NS:taskflow4j.trash_reasons} (why each job was trashed, which the
 * reference does not keep) and the pub/sub channel {@code NS:taskflow4j.events}.
 *
 * <p>Wake-ups: taskflow4j publishes on {@code NS:taskflow4j.events} when it posts or abandons a
 * job; a subscribed board listens there on a connection of its own, and since the reference
 * publishes nothing, it also polls {@code NS:sequence} every 150 ms and counts the unowned jobs
 * every 2 s, so a job the reference posts wakes subscribers within about 0.2 s, and a job it
 * abandons within about 2 s.
 *
 * <p>Stateless and thread-safe; the boards it opens are thread-safe.
 */
public final class RedisJobBoards {

  /** The namespace when a URL names none: the reference's default. */
  public static final String DEFAULT_NAMESPACE = RedisUrl.DEFAULT_NAMESPACE;

  private RedisJobBoards() {}

  /**
   * Opens a board.
   *
   * @param url such as {@code redis://127.0.0.1:6379/jobs}
   * @return the board, connected
   * @throws JobBoardException when the URL is malformed or Redis cannot be reached (the message
   *     names host and port, never the password)
   */
  public static JobBoard open(String url) {
    return RedisJobBoard.open(RedisUrl.parse(url));
  }
}
