package io.taskflow4j.jobs.spi;

import io.taskflow4j.jobs.JobBoard;
import java.util.Set;

/**
 * Opens boards of one kind by URL, for {@link io.taskflow4j.jobs.JobBoards#open(String)}. A module
 * with a board registers its provider in {@code META-INF/services/io.taskflow4j.jobs.spi.JobBoardProvider}.
 *
 * <p>Thread-safety: implementations are stateless and thread-safe.
 */
public interface JobBoardProvider {

  /**
   * The URL schemes this provider opens.
   *
   * @return such as {@code redis}
   */
  Set<String> schemes();

  /**
   * Opens a board.
   *
   * @param url a URL with one of {@link #schemes()}
   * @return the board, connected
   * @throws io.taskflow4j.jobs.JobBoardException when the URL is malformed or the board cannot be
   *     reached; the message names which
   */
  JobBoard open(String url);
}
