package io.taskflow4j.jobs.postgres;

import io.taskflow4j.jobs.JobBoard;
import io.taskflow4j.jobs.spi.JobBoardProvider;
import java.util.Set;

/**
 * Opens PostgreSQL boards for {@link io.taskflow4j.jobs.JobBoards#open(String)}: {@code
 * postgresql:}, {@code postgres:} and {@code jdbc:postgresql:} URLs. Stateless and thread-safe.
 */
public final class PostgresJobBoardProvider implements JobBoardProvider {

  /** Creates the provider; the service loader does. */
  public PostgresJobBoardProvider() {}

  @Override
  public Set<String> schemes() {
    return Set.of("postgresql", "postgres", "jdbc");
  }

  @Override
  public JobBoard open(String url) {
    return PostgresJobBoards.open(url);
  }
}
