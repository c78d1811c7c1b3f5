package io.taskflow4j.jobs.redis;

import io.taskflow4j.jobs.JobBoard;
import io.taskflow4j.jobs.spi.JobBoardProvider;
import java.util.Set;

/**
 * Opens {@code redis://} and {@code rediss://} boards for {@link io.taskflow4j.jobs.JobBoards}; see
 * {@link RedisJobBoards}. Stateless and thread-safe.
 */
public final class RedisJobBoardProvider implements JobBoardProvider {

  /** Creates the provider; ServiceLoader calls this. */
  public RedisJobBoardProvider() {}

  @Override
  public Set<String> schemes() {
    return Set.of("redis", "rediss");
  }

  @Override
  public JobBoard open(String url) {
    return RedisJobBoards.open(url);
  }
}
