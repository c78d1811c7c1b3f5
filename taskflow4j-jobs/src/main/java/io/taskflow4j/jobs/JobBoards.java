package io.taskflow4j.jobs;

import io.taskflow4j.jobs.spi.JobBoardProvider;
import java.util.Locale;
import java.util.Objects;
import java.util.ServiceLoader;
import java.util.TreeSet;

/** Opens boards by URL. Stateless and thread-safe. */
public final class JobBoards {

  private JobBoards() {}

  /**
   * Opens a board: {@code memory} for a board in this process, or a URL a board module on the
   * class path serves, such as {@code postgresql://user@host:5432/db} ({@code
   * taskflow4j-jobs-postgres}) or {@code redis://host:6379/NAMESPACE} ({@code
   * taskflow4j-jobs-redis}).
   *
   * @param url where the board is
   * @return the board, connected
   * @throws JobBoardException when no module serves the URL's scheme, or the board cannot be opened
   */
  public static JobBoard open(String url) {
    Objects.requireNonNull(url, "url");
    String trimmed = url.trim();
    if (trimmed.equals("memory") || trimmed.equals("memory:")) {
      return JobBoard.inMemory();
    }
    int colon = trimmed.indexOf(':');
    String scheme = colon < 0 ? "" : trimmed.substring(0, colon).toLowerCase(Locale.ROOT);
    TreeSet<String> known = new TreeSet<>();
    known.add("memory");
    for (JobBoardProvider provider : ServiceLoader.load(JobBoardProvider.class, JobBoards.class.getClassLoader())) {
      if (provider.schemes().contains(scheme)) {
        return provider.open(trimmed);
      }
      known.addAll(provider.schemes());
    }
    throw new JobBoardException("job board URL '" + trimmed + "' has "
        + (scheme.isEmpty() ? "no scheme" : "the unknown scheme '" + scheme + "'")
        + "; the boards on the class path take: " + String.join(", ", known));
  }
}
