package io.taskflow4j.jobs.postgres.internal;

import io.taskflow4j.jobs.JobBoardException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.sql.SQLException;
import java.util.Optional;

/**
 * Turns driver errors into {@link JobBoardException}s that say what went wrong in words: an
 * unreachable server, a refused user, an unknown database. Messages never hold the password.
 * Stateless.
 */
final class PgErrors {

  private PgErrors() {}

  static JobBoardException translate(String action, PgUrl url, Throwable error) {
    String where = url.description();
    Optional<SQLException> sql = find(error, SQLException.class);
    String state = sql.map(SQLException::getSQLState).orElse("");
    state = state == null ? "" : state;
    String detail = clean(url, sql.<Throwable>map(e -> e).orElse(error));
    String message;
    if (find(error, UnknownHostException.class).isPresent()) {
      message = "cannot reach the job board's database server (" + where + "): unknown host";
    } else if (find(error, ConnectException.class).isPresent() || state.startsWith("08")) {
      message = "cannot reach the job board's database server (" + where + "): " + detail;
    } else if (state.equals("28P01") || state.equals("28000")) {
      message = "the database server refused the user name or password of " + where + ": " + detail;
    } else if (state.equals("3D000")) {
      message = "the database of job board " + where + " does not exist: " + detail;
    } else if (state.equals("42501")) {
      message = "no permission to " + action + " " + where + ": " + detail;
    } else {
      message = "could not " + action + " job board " + where + ": " + detail;
    }
    return new JobBoardException(message, error);
  }

  private static String clean(PgUrl url, Throwable error) {
    String text = error.getMessage() == null ? error.getClass().getSimpleName() : error.getMessage();
    if (url.password().isPresent() && !url.password().get().isEmpty()) {
      text = text.replace(url.password().get(), "***");
    }
    return PgUrl.redact(text);
  }

  private static <T extends Throwable> Optional<T> find(Throwable error, Class<T> type) {
    Throwable current = error;
    for (int depth = 0; current != null && depth < 20; depth++) {
      if (type.isInstance(current)) {
        return Optional.of(type.cast(current));
      }
      current = current.getCause();
    }
    return Optional.empty();
  }
}
